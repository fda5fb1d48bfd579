import type { EntityManager } from '@mikro-orm/knex';
import type { RecordedEvent } from '@platform/event-store';
import type { Projection } from '@platform/read-model';
import { nextNoticeAt } from '../certificate-notices/certificate-notices.decider';
import type { CertificateNoticeEvent } from '../certificate-notices/certificate-notices.events';
import { CertificateExpiryRowSchema } from './certificate-expiry-row.entity';

/** Watched certificates by the due time of their next expiry notice; the notices themselves are decided on the stream. */
export const certificateExpiryProjection: Projection = {
  name: 'certificate-expiry',
  entities: [CertificateExpiryRowSchema],
  handles: (type) => type === 'CertificateWatched' || type === 'CertificateUnwatched' || type === 'ExpiryNoticeRecorded',
  async apply(em: EntityManager, recorded: RecordedEvent) {
    const event = recorded as unknown as CertificateNoticeEvent;
    switch (event.type) {
      case 'CertificateWatched': {
        const { certificateId, organisationId, notAfter } = event.data;
        em.create(CertificateExpiryRowSchema, { certificateId, organisationId, notAfter: new Date(notAfter), nextNoticeAt: nextNoticeAt(event.data) ?? null });
        return;
      }
      case 'CertificateUnwatched': {
        const row = await em.findOne(CertificateExpiryRowSchema, { certificateId: event.data.certificateId });
        if (row) row.nextNoticeAt = null;
        return;
      }
      case 'ExpiryNoticeRecorded': {
        const row = await em.findOne(CertificateExpiryRowSchema, { certificateId: event.data.certificateId });
        if (!row) return;
        // The thresholds left fall after the one just told, so after the issuance too: issuedAt no longer matters.
        row.nextNoticeAt = nextNoticeAt({ issuedAt: new Date(0).toISOString(), notAfter: event.data.notAfter }, event.data.daysBefore) ?? null;
        return;
      }
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};
