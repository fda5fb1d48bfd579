import { EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { RecordedEvent } from '@platform/event-store';
import type { Projection } from '@platform/read-model';
import type { CertificateStreamEvent } from '../certificate/certificate.events';

/** A request that is not finished: running (until its lease ends), or failed with its unit still held. */
export interface PendingRequestRow {
  id: string;
  organisationId: string;
  /** when the resumer may act: the end of the owner's lease, or at once for a unit to give back */
  dueAt: Date;
}

export const PendingRequestRowSchema = new EntitySchema<PendingRequestRow>({
  name: 'PendingRequestRow',
  tableName: 'certificate_pending_requests',
  properties: {
    id: { type: 'string', primary: true },
    organisationId: { type: 'string' },
    dueAt: { type: 'datetime', index: true },
  },
});

const TYPES = new Set<string>([
  'CertificateRequested',
  'CertificateRequestResumed',
  'CertificateRequestFailed',
  'CertificateRequestUnitReturned',
  'CertificateRequestRefused',
  'CertificateIssued',
]);

/** Unfinished requests: what the resumer looks at. Most rows are made and removed in one batch and never written. */
export const pendingRequestsProjection: Projection = {
  name: 'certificate-pending-requests',
  entities: [PendingRequestRowSchema],
  handles: (type) => TYPES.has(type),
  flush: 'per-batch',
  // A request is recorded and finished within a second or so: gathered for a second, most pairs cancel
  // in the batch and are never written. Only the resumer reads it, and it waits for it (caughtUp).
  liveDelayMs: 1_000,
  async apply(em: EntityManager, recorded: RecordedEvent) {
    const event = recorded as unknown as CertificateStreamEvent;
    const id = recorded.streamId.slice('certificate-'.length);
    const remove = () => em.remove(em.getReference(PendingRequestRowSchema, id as never));
    switch (event.type) {
      case 'CertificateRequested':
        em.create(PendingRequestRowSchema, { id, organisationId: event.data.organisationId, dueAt: new Date(event.data.lease.until) });
        return;
      case 'CertificateRequestResumed': {
        const row = await em.findOne(PendingRequestRowSchema, { id });
        if (row) row.dueAt = new Date(event.data.lease.until);
        return;
      }
      case 'CertificateRequestFailed': {
        if (!event.data.unitHeld) return void remove();
        const row = await em.findOne(PendingRequestRowSchema, { id });
        if (row) row.dueAt = new Date(event.data.failedAt);
        return;
      }
      case 'CertificateRequestUnitReturned':
      case 'CertificateIssued':
        remove();
        return;
      case 'CertificateRequestRefused': {
        // Billing refused the unit of a recorded request; a refusal before anything was recorded has no row.
        const row = await em.findOne(PendingRequestRowSchema, { id });
        if (row) em.remove(row);
        return;
      }
      default:
        return;
    }
  },
};
