import type { EntityManager } from '@mikro-orm/knex';
import type { Issuance } from '@platform/contracts';
import type { RecordedEvent } from '@platform/event-store';
import type { Projection } from '@platform/read-model';
import { CERTIFICATE_STREAM_PREFIX, type CertificateRequestData, type CertificateStreamEvent } from '../certificate/certificate.events';
import { type CertificateRequestRow, CertificateRequestRowSchema } from './certificate-request-row.entity';

const TYPES = new Set<string>([
  'CertificateRequestSubmitted',
  'CertificateRequested',
  'CertificateRequestDeclined',
  'CertificateRequestRefused',
  'CertificateRequestFailed',
  'CertificateIssued',
]);

const spaced = (names: readonly string[]) => (names.length ? ` ${names.map((n) => n.toLowerCase()).join(' ')} ` : '');
const unspaced = (names: string) => names.trim().split(' ').filter(Boolean);

type Fresh = Omit<CertificateRequestRow, 'id'>;

/** What a recorded request says, before anything became of it. */
const asked = (r: CertificateRequestData): Fresh => ({
  organisationId: r.organisationId,
  departmentId: r.departmentId,
  status: 'requested',
  awaitingApproval: false,
  certificateType: r.certificateType,
  method: r.method ?? 'manual',
  names: spaced(r.names ?? []),
  requestedBy: r.requestedBy,
  requestedByEmail: r.requestedByEmail,
  requestedAt: new Date(r.requestedAt),
});

/** Every field, so that a request made again with its request id (after a refusal or failure) starts a clean row. */
const EMPTY: Partial<Fresh> = {
  departmentId: undefined,
  requestedByEmail: undefined,
  approvedBy: undefined,
  approvedAt: undefined,
  autoApproved: undefined,
  declinedBy: undefined,
  declinedAt: undefined,
  code: undefined,
  reason: undefined,
  endedAt: undefined,
};

/**
 * The request listing: one row per certificate stream, from the request's first event (held,
 * recorded, or refused outright) to its end (issued, declined, refused, failed). A request made
 * again with the same request id (after a refusal, or a failure that held no unit) takes over the
 * row: the listing shows each request's latest attempt; the stream keeps them all.
 */
export const certificateRequestsProjection: Projection = {
  name: 'certificate-requests',
  entities: [CertificateRequestRowSchema],
  handles: (type) => TYPES.has(type),
  // Lookups by primary key, creates and changes of managed rows only.
  flush: 'per-batch',
  // Its readers wait for it (caughtUp), so live requests may gather for half a second.
  liveDelayMs: 500,
  async apply(em: EntityManager, recorded: RecordedEvent) {
    const event = recorded as unknown as CertificateStreamEvent;
    const id = recorded.streamId.slice(CERTIFICATE_STREAM_PREFIX.length);
    const row = await em.findOne(CertificateRequestRowSchema, { id });
    const upsert = (fresh: Fresh) => {
      if (row) em.assign(row, { ...EMPTY, ...fresh });
      else em.create(CertificateRequestRowSchema, { id, ...fresh });
    };
    switch (event.type) {
      case 'CertificateRequestSubmitted':
        return upsert({ ...asked(event.data), awaitingApproval: true });
      case 'CertificateRequested': {
        const { approval } = event.data;
        return upsert({
          ...asked(event.data),
          status: approval ? 'approved' : 'requested',
          ...(approval ? { approvedBy: approval.by, approvedAt: new Date(approval.at), autoApproved: approval.automatic || undefined } : {}),
        });
      }
      case 'CertificateRequestDeclined':
        if (!row) return;
        em.assign(row, { status: 'declined', awaitingApproval: false, declinedBy: event.data.declinedBy, declinedAt: new Date(event.data.declinedAt), reason: event.data.reason, endedAt: new Date(event.data.declinedAt) });
        return;
      case 'CertificateRequestRefused': {
        const r = event.data;
        const ended = { status: 'refused', awaitingApproval: false, code: r.code, reason: r.message, endedAt: new Date(r.refusedAt) };
        // The end of the row's request (held, or recorded and refused its unit), or a new attempt refused outright.
        if (row && (row.status === 'requested' || row.status === 'approved')) return void em.assign(row, ended);
        return upsert({
          organisationId: r.organisationId,
          departmentId: r.departmentId,
          certificateType: r.certificateType,
          method: r.method,
          names: spaced(r.names),
          requestedBy: r.requestedBy,
          requestedByEmail: r.requestedByEmail,
          requestedAt: new Date(r.requestedAt),
          ...ended,
        });
      }
      case 'CertificateRequestFailed':
        if (!row) return;
        em.assign(row, { status: 'failed', awaitingApproval: false, code: event.data.code, reason: event.data.message, endedAt: new Date(event.data.failedAt) });
        return;
      case 'CertificateIssued': {
        const c = event.data;
        const issued = { status: 'issued', awaitingApproval: false, names: spaced(c.names), endedAt: new Date(c.issuedAt) };
        if (row) return void em.assign(row, issued);
        // A certificate recorded without a request (or before requests were recorded).
        em.create(CertificateRequestRowSchema, {
          id,
          organisationId: c.organisationId,
          departmentId: c.departmentId,
          certificateType: c.certificateType ?? 'ov-ssl',
          method: c.method ?? 'manual',
          requestedBy: c.requestedBy,
          requestedAt: new Date(c.issuedAt),
          ...issued,
        });
        return;
      }
      default:
        return;
    }
  },
};

export const toCertificateRequestSummary = (r: CertificateRequestRow): Issuance.CertificateRequestView => ({
  id: r.id,
  organisationId: r.organisationId,
  ...(r.departmentId ? { departmentId: r.departmentId } : {}),
  status: r.status as Issuance.CertificateRequestStatus,
  awaitingApproval: r.awaitingApproval,
  certificateType: r.certificateType as Issuance.CertificateRequestView['certificateType'],
  method: r.method as Issuance.CertificateRequestView['method'],
  names: unspaced(r.names),
  requestedBy: r.requestedBy,
  ...(r.requestedByEmail ? { requestedByEmail: r.requestedByEmail } : {}),
  requestedAt: r.requestedAt.toISOString(),
  ...(r.approvedBy ? { approvedBy: r.approvedBy } : {}),
  ...(r.approvedAt ? { approvedAt: r.approvedAt.toISOString() } : {}),
  ...(r.autoApproved ? { autoApproved: true } : {}),
  ...(r.declinedBy ? { declinedBy: r.declinedBy } : {}),
  ...(r.declinedAt ? { declinedAt: r.declinedAt.toISOString() } : {}),
  ...(r.code ? { code: r.code } : {}),
  ...(r.reason ? { reason: r.reason } : {}),
  ...(r.endedAt ? { endedAt: r.endedAt.toISOString() } : {}),
  ...(r.status === 'issued' ? { certificateId: r.id } : {}),
});
