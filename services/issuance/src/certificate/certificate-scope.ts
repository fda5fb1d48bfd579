import type { CertificateType } from '@platform/contracts';
import { type Actor, DomainError, type Privilege, type Scope, canSee, hasPrivilege, visibleDepartments } from '@platform/kernel';

/**
 * Where a certificate belongs (organisation, and department when requested by or for one) and who may
 * do what with it. Pure: the request, revocation and download paths all ask here, so scope is decided
 * the same way everywhere. Out of scope is "not found" (existence must not leak); inside scope without
 * the privilege is "forbidden".
 */
const orgNotFound = () => new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.');

export const requestPrivilege = (type: CertificateType): Privilege => (type.startsWith('smime-') ? 'request-smime' : 'request-ssl');
export const revokePrivilege = (type: CertificateType): Privilege => (type.startsWith('smime-') ? 'revoke-smime' : 'revoke-ssl');

/** The scope a new certificate request is for: the named department, a DRAO's only department, or the organisation. */
export function resolveRequestScope(actor: Actor, organisationId: string, departmentId: string | undefined, type: CertificateType): Scope {
  const departments = visibleDepartments(actor, organisationId);
  if (departments !== undefined && departments.length === 0) throw orgNotFound();
  let scope: Scope;
  if (departmentId !== undefined) {
    if (departments !== undefined && !departments.includes(departmentId))
      throw new DomainError('DEPARTMENT_NOT_FOUND', 'not_found', 'No such department in your scope.', { departmentId });
    scope = { organisationId, departmentId };
  } else if (departments === undefined) scope = { organisationId };
  else if (departments.length === 1) scope = { organisationId, departmentId: departments[0] };
  else
    throw new DomainError('DEPARTMENT_REQUIRED', 'invalid', 'You administer several departments: name the one the certificate is for in "departmentId".', {
      departmentIds: departments,
    });
  requirePrivilege(actor, requestPrivilege(type), scope);
  return scope;
}

export function requirePrivilege(actor: Actor, privilege: Privilege, scope: Scope): void {
  if (!hasPrivilege(actor, privilege, scope))
    throw new DomainError('PRIVILEGE_MISSING', 'forbidden', `This needs the "${privilege}" privilege in the certificate's scope; ask an administrator of the organisation to grant it.`, {
      privilege,
    });
}

/** Certificates of a department are visible to its DRAOs, the organisation's RAOs and MRAOs; org-wide ones not to DRAOs. */
export const canSeeCertificate = (actor: Actor, c: { organisationId: string; departmentId?: string }): boolean =>
  canSee(actor, { organisationId: c.organisationId, ...(c.departmentId ? { departmentId: c.departmentId } : {}) });
