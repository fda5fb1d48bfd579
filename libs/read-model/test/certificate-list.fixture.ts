/**
 * A small sample read model for the tests: a certificate list and a per-organisation tally, each
 * fed by its own projection. The projections count their applications and can be told to fail on
 * one event, after having written to the database, to prove the rollback.
 */
import { EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { EventStore, NewEvent, RecordedEvent } from '@platform/event-store';
import type { Projection } from '../src';

export interface CertificateListItem {
  id: string;
  organisationId: string;
  status: string;
  /** subject names, comma separated */
  names: string;
  issuedAt: Date;
  revokedAt: Date | null;
  /** how many events touched the row: a double application shows here */
  eventCount: number;
}

export const CertificateListItemSchema = new EntitySchema<CertificateListItem>({
  name: 'CertificateListItem',
  tableName: 'certificate_list',
  properties: {
    id: { type: 'string', primary: true },
    organisationId: { type: 'string', index: true },
    status: { type: 'string' },
    names: { type: 'text' },
    issuedAt: { type: 'Date' },
    revokedAt: { type: 'Date', nullable: true },
    eventCount: { type: 'integer' },
  },
});

export interface OrganisationTally {
  organisationId: string;
  issued: number;
}

export const OrganisationTallySchema = new EntitySchema<OrganisationTally>({
  name: 'OrganisationTally',
  tableName: 'organisation_tally',
  properties: {
    organisationId: { type: 'string', primary: true },
    issued: { type: 'integer' },
  },
});

interface CertificateIssued {
  certificateId: string;
  organisationId: string;
  names: string[];
  issuedAt: string;
}
interface CertificateRevoked {
  certificateId: string;
  revokedAt: string;
}

/** Counts applications (including ones later rolled back) and fails on demand. */
abstract class InstrumentedProjection implements Projection {
  abstract readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract readonly entities: EntitySchema<any, any>[];
  abstract handles(type: string): boolean;
  protected abstract write(em: EntityManager, event: RecordedEvent): Promise<void>;

  applications = 0;
  /** the event id to fail on, after its rows were written and flushed */
  failOn: string | undefined;
  /** what it throws there (default: an Error naming the event) */
  failWith: ((eventId: string) => Error) | undefined;

  async apply(em: EntityManager, event: RecordedEvent): Promise<void> {
    this.applications++;
    await this.write(em, event);
    await em.flush();
    if (event.id === this.failOn) throw this.failWith?.(event.id) ?? new Error(`injected fault on ${event.id}`);
  }
}

export class CertificateListProjection extends InstrumentedProjection {
  readonly name = 'certificate-list';
  readonly entities = [CertificateListItemSchema];

  handles(type: string): boolean {
    return type === 'CertificateIssued' || type === 'CertificateRevoked';
  }

  protected async write(em: EntityManager, event: RecordedEvent): Promise<void> {
    if (event.type === 'CertificateIssued') {
      const data = event.data as CertificateIssued;
      em.create(CertificateListItemSchema, {
        id: data.certificateId,
        organisationId: data.organisationId,
        status: 'issued',
        names: data.names.join(','),
        issuedAt: new Date(data.issuedAt),
        revokedAt: null,
        eventCount: 1,
      });
    } else {
      const data = event.data as CertificateRevoked;
      const row = await em.findOneOrFail(CertificateListItemSchema, { id: data.certificateId });
      row.status = 'revoked';
      row.revokedAt = new Date(data.revokedAt);
      row.eventCount++;
    }
  }
}

export class OrganisationTallyProjection extends InstrumentedProjection {
  readonly name = 'organisation-tally';
  readonly entities = [OrganisationTallySchema];

  handles(type: string): boolean {
    return type === 'CertificateIssued';
  }

  protected async write(em: EntityManager, event: RecordedEvent): Promise<void> {
    const { organisationId } = event.data as CertificateIssued;
    const row = await em.findOne(OrganisationTallySchema, { organisationId });
    if (row) row.issued++;
    else em.create(OrganisationTallySchema, { organisationId, issued: 1 });
  }
}

/**
 * The certificate list again, flushed once per batch: a revocation removes the row (so a row made
 * and removed in one batch is never written), and `duplicateOf` makes an issuance reuse another
 * certificate's id, which only the flush at the end of the batch finds out (a primary key clash).
 */
export class BatchedCertificateListProjection implements Projection {
  readonly name = 'certificate-list-batched';
  readonly entities = [CertificateListItemSchema];
  readonly flush = 'per-batch' as const;
  /** certificate id → the id its row is (wrongly) written under */
  duplicateOf = new Map<string, string>();
  inserts = 0;

  handles(type: string): boolean {
    return type === 'CertificateIssued' || type === 'CertificateRevoked';
  }

  async apply(em: EntityManager, event: RecordedEvent): Promise<void> {
    if (event.type === 'CertificateIssued') {
      const data = event.data as CertificateIssued;
      const id = this.duplicateOf.get(data.certificateId) ?? data.certificateId;
      em.create(CertificateListItemSchema, { id, organisationId: data.organisationId, status: 'issued', names: data.names.join(','), issuedAt: new Date(data.issuedAt), revokedAt: null, eventCount: 1 });
    } else {
      em.remove(em.getReference(CertificateListItemSchema, (event.data as CertificateRevoked).certificateId as never));
    }
  }
}

export const readModelEntities = [CertificateListItemSchema, OrganisationTallySchema];

// --- event builders -------------------------------------------------------------------------

const metadata = (occurredAt: string) => ({ correlationId: 'test', occurredAt });

export function issued(certificateId: string, organisationId: string, names: string[], day = 1): NewEvent {
  const issuedAt = new Date(Date.UTC(2026, 0, day, 12)).toISOString();
  return {
    type: 'CertificateIssued',
    data: { certificateId, organisationId, names, issuedAt } satisfies CertificateIssued,
    metadata: metadata(issuedAt),
  };
}

export function revoked(certificateId: string, day = 2): NewEvent {
  const revokedAt = new Date(Date.UTC(2026, 0, day, 12)).toISOString();
  return { type: 'CertificateRevoked', data: { certificateId, revokedAt } satisfies CertificateRevoked, metadata: metadata(revokedAt) };
}

/** An event neither projection handles. */
export function unrelated(day = 3): NewEvent {
  return { type: 'SubscriptionRenewed', data: {}, metadata: metadata(new Date(Date.UTC(2026, 0, day)).toISOString()) };
}

/** Appends each event to its certificate's stream; returns the recorded events in log order. */
export async function appendAll(store: EventStore, events: NewEvent[]): Promise<RecordedEvent[]> {
  for (const event of events) {
    const data = event.data as { certificateId?: string };
    await store.appendToStream(`certificate-${data.certificateId ?? 'none'}`, [event], 'any');
  }
  return store.readAll({ maxCount: 10_000 });
}
