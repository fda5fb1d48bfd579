/**
 * Revocation status by serial number: what OCSP answers, what each CRL lists, and which public
 * keys are blocked after a keyCompromise revocation. A rebuildable read model like the listing.
 */
import { EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { RecordedEvent } from '@platform/event-store';
import type { Projection } from '@platform/read-model';
import { type CertificateEvent, issuerIdOf } from '../certificate/certificate.events';

export interface CertificateStatusRow {
  /** certificate id */
  id: string;
  /** lower-case hex without leading zeros, as in CertificateIssued */
  serialNumber: string;
  issuerId: string;
  publicKeySha256: string;
  notAfter: Date;
  revokedAt?: Date;
  reason?: string;
  /**
   * global position of the CertificateRevoked event (a bigint, as a string), so that a CRL lists
   * exactly the revocations its publication covers, whichever instance builds it; absent in rows
   * written before it existed (a rebuild fills it), which every CRL then lists
   */
  revokedPosition?: string;
}

export const CertificateStatusRowSchema = new EntitySchema<CertificateStatusRow>({
  name: 'CertificateStatusRow',
  tableName: 'certificate_status',
  properties: {
    id: { type: 'string', primary: true },
    serialNumber: { type: 'string', index: true },
    issuerId: { type: 'string', index: true },
    publicKeySha256: { type: 'string', index: true },
    notAfter: { type: 'datetime' },
    revokedAt: { type: 'datetime', nullable: true },
    reason: { type: 'string', nullable: true },
    revokedPosition: { type: 'bigint', nullable: true },
  },
});

export const certificateStatusProjection: Projection = {
  name: 'certificate-status',
  entities: [CertificateStatusRowSchema],
  handles: (type) => type === 'CertificateIssued' || type === 'CertificateRevoked',
  // Rows are made and found by primary key only: one flush per batch is enough.
  flush: 'per-batch',
  // Its readers wait for what they must see (the listing and OCSP: caughtUp; revocation: waitFor),
  // so live certificates may gather for half a second and go in together.
  liveDelayMs: 500,
  async apply(em: EntityManager, recorded: RecordedEvent) {
    const event = recorded as unknown as CertificateEvent;
    if (event.type === 'CertificateIssued') {
      const c = event.data;
      em.create(CertificateStatusRowSchema, {
        id: c.certificateId,
        serialNumber: c.serialNumber,
        issuerId: issuerIdOf(c),
        publicKeySha256: c.publicKeySha256,
        notAfter: new Date(c.notAfter),
      });
    } else {
      const row = await em.findOneOrFail(CertificateStatusRowSchema, { id: event.data.certificateId });
      row.revokedAt = new Date(event.data.revokedAt);
      row.reason = event.data.reason;
      row.revokedPosition = String(recorded.position);
    }
  },
};

export type SerialStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason: string }
  | { status: 'unknown' };

export async function statusOfSerial(em: EntityManager, issuerId: string, serialNumber: string): Promise<SerialStatus> {
  const row = await em.findOne(CertificateStatusRowSchema, { issuerId, serialNumber });
  if (!row) return { status: 'unknown' };
  if (row.revokedAt) return { status: 'revoked', revokedAt: row.revokedAt, reason: row.reason ?? 'unspecified' };
  return { status: 'good' };
}

export interface RevokedEntryRow {
  serialNumber: string;
  revokedAt: Date;
  reason?: string | null;
}

/**
 * What the CRL covering the revocations up to `coveredPosition` lists at `thisUpdate`: revoked,
 * not yet expired, revoked at or before that position. Plain rows, not entities: a CRL may list
 * 100,000 of them, and no unit of work needs to track them.
 */
export function revokedEntries(em: EntityManager, issuerId: string, thisUpdate: Date, coveredPosition: bigint): Promise<RevokedEntryRow[]> {
  return em
    .createQueryBuilder(CertificateStatusRowSchema)
    .select(['serialNumber', 'revokedAt', 'reason'])
    .where({
      issuerId,
      revokedAt: { $ne: null },
      notAfter: { $gte: thisUpdate },
      $or: [{ revokedPosition: null }, { revokedPosition: { $lte: String(coveredPosition) } }],
    })
    .orderBy({ revokedAt: 'asc', id: 'asc' })
    .execute('all', true) as Promise<RevokedEntryRow[]>;
}

export async function isKeyBlocked(em: EntityManager, publicKeySha256: string): Promise<boolean> {
  return (await em.count(CertificateStatusRowSchema, { publicKeySha256, reason: 'keyCompromise' })) > 0;
}
