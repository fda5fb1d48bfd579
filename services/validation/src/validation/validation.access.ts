import { type Actor, DomainError, canActOnOrganisation, isOperator } from '@platform/kernel';

/** Out of scope answers "not found", so that nobody learns which organisations exist. */
export function assertInScope(actor: Actor, organisationId: string): void {
  if (!canActOnOrganisation(actor, organisationId))
    throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', `No organisation ${organisationId} among those you administer.`);
}

/** Vetting is the operator's: an RAO in scope is told so (403), anyone else sees nothing (404). */
export function assertOperator(actor: Actor, organisationId: string, what: string): void {
  assertInScope(actor, organisationId);
  if (!isOperator(actor)) throw new DomainError('FORBIDDEN', 'forbidden', `Only the operator (MRAO) can ${what}.`);
}
