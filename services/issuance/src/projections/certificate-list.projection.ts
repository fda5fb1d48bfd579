import type { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable } from '@nestjs/common';
import type { CertificateSummary, Issuance } from '@platform/contracts';
import type { EventStore, RecordedEvent } from '@platform/event-store';
import type { Actor } from '@platform/kernel';
import { visibleDepartments, visibleOrganisations } from '@platform/kernel';
import { type Projection, ReadModelHost, type ReadModelDbConfig } from '@platform/read-model';
import type { CertificateEvent } from '../certificate/certificate.events';
import { ISSUANCE_READ_MODEL, ISSUANCE_STORE } from '../issuance.tokens';
import { type CertificateRow, CertificateRowSchema } from './certificate-row.entity';
import { pendingRequestsProjection } from '../request-certificate/pending-requests.projection';
import { certificateStatusProjection } from './certificate-status.projection';
import { certificateRequestsProjection } from './certificate-requests.projection';

export const certificateListProjection: Projection = {
  name: 'certificate-list',
  entities: [CertificateRowSchema],
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
      em.create(CertificateRowSchema, {
        id: c.certificateId,
        organisationId: c.organisationId,
        departmentId: c.departmentId,
        status: 'issued',
        commonName: c.commonName,
        names: c.names.join(' '),
        serialNumber: c.serialNumber,
        keyAlgorithm: c.keyAlgorithm,
        notBefore: new Date(c.notBefore),
        notAfter: new Date(c.notAfter),
        requestedBy: c.requestedBy,
        issuedAt: new Date(c.issuedAt),
      });
    } else {
      const row = await em.findOneOrFail(CertificateRowSchema, { id: event.data.certificateId });
      row.status = 'revoked';
      row.revokedAt = new Date(event.data.revokedAt);
      row.revocationReason = event.data.reason;
    }
  },
};

const toSummary = (r: CertificateRow): CertificateSummary => ({
  id: r.id,
  organisationId: r.organisationId,
  ...(r.departmentId ? { departmentId: r.departmentId } : {}),
  status: r.status,
  commonName: r.commonName,
  names: r.names.split(' '),
  serialNumber: r.serialNumber,
  keyAlgorithm: r.keyAlgorithm,
  notBefore: r.notBefore.toISOString(),
  notAfter: r.notAfter.toISOString(),
  requestedBy: r.requestedBy,
  issuedAt: r.issuedAt.toISOString(),
  ...(r.revokedAt ? { revokedAt: r.revokedAt.toISOString() } : {}),
  ...(r.revocationReason ? { revocationReason: r.revocationReason as CertificateSummary['revocationReason'] } : {}),
});

/** The certificate listing: a rebuildable read model fed from the certificate streams. */
@Injectable()
export class CertificateListProjection extends ReadModelHost {
  constructor(@Inject(ISSUANCE_STORE) store: EventStore, @Inject(ISSUANCE_READ_MODEL) config: ReadModelDbConfig) {
    // One host, so one connection to issuance's read model (two SQLite connections of one process
    // would wait for each other's write lock by blocking the event loop).
    super(store, config, [certificateListProjection, certificateStatusProjection, pendingRequestsProjection, certificateRequestsProjection]);
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

  async list(actor: Actor, q: Omit<Issuance.ListCertificatesRequest, 'actor'>) {
    // Issuance does not wait for this read model: the listing waits, so it shows every certificate issued before it was asked for.
    await this.caughtUp();
    const visible = visibleOrganisations(actor);
    const where: Record<string, unknown> = {};
    if (q.organisationId) {
      if (visible && !visible.includes(q.organisationId)) return { items: [], total: 0, page: q.page };
      where.organisationId = q.organisationId;
    } else if (visible) where.organisationId = { $in: visible };
    if (q.status) where.status = q.status;
    if (q.departmentId) where.departmentId = q.departmentId;
    // A DRAO sees its departments' certificates, not the organisation-wide ones: per organisation,
    // either the whole of it (RAO) or its departments (DRAO).
    const scoped = visible?.map((organisationId) => {
      const departments = visibleDepartments(actor, organisationId);
      return departments === undefined ? { organisationId } : { organisationId, departmentId: { $in: departments } };
    });
    if (scoped) where.$or = scoped.filter((s) => !q.organisationId || s.organisationId === q.organisationId);
    if (scoped && (where.$or as unknown[]).length === 0) return { items: [], total: 0, page: q.page };
    const [rows, total] = await this.orm.em.fork().findAndCount(CertificateRowSchema, where, {
      orderBy: { issuedAt: 'desc', id: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: rows.map(toSummary), total, page: q.page };
  }
}
