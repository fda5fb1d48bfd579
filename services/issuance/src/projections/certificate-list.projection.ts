import type { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable } from '@nestjs/common';
import { Issuance } from '@platform/contracts';
import type { EventStore, RecordedEvent } from '@platform/event-store';
import type { Actor } from '@platform/kernel';
import { type Projection, type ReadModelBackend, ReadModelHost, type ReadModelDbConfig } from '@platform/read-model';
import { type CertificateEvent, issuerIdOf } from '../certificate/certificate.events';
import { PROFILE_OF } from '../certificate/certificate-type';
import {
  type ListFilters,
  type ListingRecord,
  type ListingTables,
  countQuery,
  keyTypeOf,
  listingTables,
  listingWhere,
  pageQuery,
  toSummary,
} from '../list-certificates/certificate-list.query';
import { ISSUANCE_READ_MODEL, ISSUANCE_STORE } from '../issuance.tokens';
import { type CertificateNameRow, CertificateNameSchema, CertificateRowSchema } from './certificate-row.entity';
import { prepareNameSearch } from './certificate-name-search';
import { pendingRequestsProjection } from '../request-certificate/pending-requests.projection';
import { certificateStatusProjection } from './certificate-status.projection';
import { certificateRequestsProjection } from './certificate-requests.projection';

export const certificateListProjection: Projection = {
  // 'certificate-list' before the filters: renamed with its table, so an existing read model is replayed.
  name: 'certificate-listing',
  entities: [CertificateRowSchema, CertificateNameSchema],
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
      const certificateType = c.certificateType ?? 'ov-ssl';
      em.create(CertificateRowSchema, {
        id: c.certificateId,
        organisationId: c.organisationId,
        departmentId: c.departmentId,
        status: 'issued',
        commonName: c.commonName,
        names: c.names.join(' '),
        serialNumber: c.serialNumber,
        keyAlgorithm: c.keyAlgorithm,
        keyType: keyTypeOf(c.keyAlgorithm),
        certificateType,
        profile: PROFILE_OF[certificateType],
        issuerId: issuerIdOf(c),
        method: c.method ?? 'manual',
        notBefore: new Date(c.notBefore),
        notAfter: new Date(c.notAfter),
        requestedBy: c.requestedBy,
        issuedAt: new Date(c.issuedAt),
      });
      // The common name is among the SANs when there is one; a certificate without SANs still has its CN.
      for (const name of new Set([c.commonName, ...c.names].filter(Boolean).map((n) => n.toLowerCase())))
        em.create(CertificateNameSchema, { certificateId: c.certificateId, organisationId: c.organisationId, name } as CertificateNameRow);
    } else {
      const row = await em.findOneOrFail(CertificateRowSchema, { id: event.data.certificateId });
      row.status = 'revoked';
      row.revokedAt = new Date(event.data.revokedAt);
      row.revocationReason = event.data.reason;
    }
  },
  prepare: (em: EntityManager, backend: ReadModelBackend) => prepareNameSearch(em, backend),
};

/** Every projection of issuance, in the order its host runs them (the ops command lists and verifies these). */
export const ISSUANCE_PROJECTIONS: readonly Projection[] = [certificateListProjection, certificateStatusProjection, pendingRequestsProjection, certificateRequestsProjection];

/** The certificate listing: a rebuildable read model fed from the certificate streams. */
@Injectable()
export class CertificateListProjection extends ReadModelHost {
  private readonly backend: ReadModelBackend;
  private readonly tables: ListingTables;

  constructor(@Inject(ISSUANCE_STORE) store: EventStore, @Inject(ISSUANCE_READ_MODEL) config: ReadModelDbConfig) {
    // One host, so one connection to issuance's read model (two SQLite connections of one process
    // would wait for each other's write lock by blocking the event loop).
    super(store, config, [...ISSUANCE_PROJECTIONS]);
    this.backend = config.kind;
    this.tables = listingTables(config.kind, config.kind === 'postgres' ? config.schema : undefined);
  }

  rebuild(): Promise<void> {
    return this.runner.rebuild(certificateListProjection.name);
  }

  /**
   * Until the status read model (what CRLs read) has the event at `position`: that projection only,
   * and longer than a request would wait, since a mass revocation can take a while to apply.
   */
  waitForStatus(position: bigint, timeoutMs = 60_000): Promise<void> {
    return this.runner.waitFor(position, { timeoutMs, projections: [certificateStatusProjection.name] });
  }

  /** A fresh EntityManager on issuance's read models (for the status queries of certificate-status.projection.ts). */
  em(): EntityManager {
    return this.orm.em.fork() as unknown as EntityManager;
  }

  /**
   * One page of the listing in the caller's scope (see certificate-list.query.ts), with the total
   * counted up to LIST_COUNT_LIMIT. `now` is issuance's clock, for `expiringWithinDays`.
   */
  async list(actor: Actor, q: ListFilters, now: Date): Promise<Issuance.ListCertificatesResponse> {
    // Issuance does not wait for this read model: the listing waits, so it shows every certificate issued before it was asked for.
    await this.caughtUp();
    const where = listingWhere(actor, q, now, this.backend, this.tables);
    if (!where) return { items: [], total: 0, page: q.page };
    const connection = this.orm.em.getConnection();
    const page = pageQuery(where, q, this.tables);
    const count = countQuery(where, this.tables);
    const [rows, [{ n }]] = await Promise.all([
      connection.execute<ListingRecord[]>(page.text, page.params),
      connection.execute<{ n: number | string }[]>(count.text, count.params),
    ]);
    const total = Number(n);
    return {
      items: rows.map(toSummary),
      ...(total > Issuance.LIST_COUNT_LIMIT ? { total: Issuance.LIST_COUNT_LIMIT, totalExact: false } : { total }),
      page: q.page,
    };
  }
}
