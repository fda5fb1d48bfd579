import { Injectable } from '@nestjs/common';
import type { Issuance } from '@platform/contracts';
import { type Actor, DomainError, visibleDepartments, visibleOrganisations } from '@platform/kernel';
import { CertificateListProjection } from '../projections/certificate-list.projection';
import { CertificateRequestRowSchema } from '../projections/certificate-request-row.entity';
import { certificateRequestsProjection, toCertificateRequestSummary } from '../projections/certificate-requests.projection';

/** Names as rows hold them: a filter outside these characters could only match nothing (or act as a LIKE pattern). */
const NAME = /^[a-z0-9.*@+-]{1,253}$/;

/** The request listing's reader (its rows live in issuance's read model, CertificateListProjection's host). */
@Injectable()
export class CertificateRequestsReadModel {
  constructor(private readonly readModel: CertificateListProjection) {}

  async list(actor: Actor, q: Omit<Issuance.ListCertificateRequestsRequest, 'actor'>): Promise<Issuance.ListCertificateRequestsResponse> {
    const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    const where: Record<string, unknown> = {};
    if (q.status) where.status = q.status;
    if (q.requestedBy) where.requestedBy = q.requestedBy;
    if (q.departmentId) where.departmentId = q.departmentId;
    if (q.name !== undefined) {
      const name = q.name.toLowerCase();
      if (!NAME.test(name)) throw invalidParameter('name', 'a DNS name or part of one: letters, digits, ".", "-", "*"');
      where.names = { $like: q.nameMatch === 'exact' ? `% ${name} %` : `%${name}%` };
    }
    const range: Record<string, Date> = {};
    if (q.requestedFrom !== undefined) range.$gte = instant('requestedFrom', q.requestedFrom);
    if (q.requestedTo !== undefined) range.$lt = instant('requestedTo', q.requestedTo);
    if (Object.keys(range).length) where.requestedAt = range;
    // Scope: MRAO all; per organisation the whole of it (RAO) or its departments (DRAO).
    const visible = visibleOrganisations(actor);
    if (q.organisationId) {
      if (visible && !visible.includes(q.organisationId)) return empty;
      where.organisationId = q.organisationId;
    }
    if (visible) {
      const scoped = visible
        .filter((organisationId) => !q.organisationId || organisationId === q.organisationId)
        .map((organisationId) => {
          const departments = visibleDepartments(actor, organisationId);
          return departments === undefined ? { organisationId } : { organisationId, departmentId: { $in: departments } };
        });
      if (scoped.length === 0) return empty;
      where.$or = scoped;
    }
    // Issuance does not wait for this read model: the listing waits, so it shows every request made before it was asked for.
    await this.readModel.caughtUp({ projections: [certificateRequestsProjection.name] });
    const [rows, total] = await this.readModel.em().findAndCount(CertificateRequestRowSchema, where, {
      orderBy: { requestedAt: 'desc', id: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: rows.map(toCertificateRequestSummary), total, page: q.page, pageSize: q.pageSize };
  }
}

function instant(parameter: string, value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalidParameter(parameter, 'an instant in ISO 8601 (e.g. 2026-12-07T09:00:00Z)');
  return at;
}

const invalidParameter = (parameter: string, wanted: string) =>
  new DomainError('VALIDATION_FAILED', 'invalid', `The query is not valid: ${parameter}: must be ${wanted}.`, { parameter, errors: [{ path: parameter, message: `must be ${wanted}` }] });
