import { type Actor, DomainError, type Privilege, canActOnOrganisation, hasPrivilege, isOperator, visibleDepartments } from '@platform/kernel';

const notFound = (organisationId: string) =>
  new DomainError('ORGANISATION_NOT_FOUND', 'not_found', `No organisation ${organisationId} among those you administer.`);

/** Out of scope answers "not found", so that nobody learns which organisations exist. DRAOs are out of scope here. */
export function assertInScope(actor: Actor, organisationId: string): void {
  if (!canActOnOrganisation(actor, organisationId)) throw notFound(organisationId);
}

/** In scope (RAO of the organisation, MRAO) and holding the privilege; without it, 403 with what is missing. */
export function assertPrivilege(actor: Actor, organisationId: string, privilege: Privilege): void {
  assertInScope(actor, organisationId);
  if (!hasPrivilege(actor, privilege, { organisationId }))
    throw new DomainError('PRIVILEGE_MISSING', 'forbidden', `This needs the "${privilege}" privilege for the organisation; ask an RAO to grant it.`, { privilege });
}

/**
 * Who may read the organisation's validation: its RAOs and MRAOs (everything), and its DRAOs, who see the
 * domains delegated to their departments only. Returns those departments (`undefined`: no filter).
 */
export function readableDepartments(actor: Actor, organisationId: string): string[] | undefined {
  const departments = visibleDepartments(actor, organisationId);
  if (departments !== undefined && departments.length === 0) throw notFound(organisationId);
  return departments;
}

/** Vetting is the operator's: an RAO in scope is told so (403), anyone else sees nothing (404). */
export function assertOperator(actor: Actor, organisationId: string, what: string): void {
  assertInScope(actor, organisationId);
  if (!isOperator(actor)) throw new DomainError('FORBIDDEN', 'forbidden', `Only the operator (MRAO) can ${what}.`);
}
