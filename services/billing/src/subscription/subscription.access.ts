import { type Actor, DomainError, type Privilege, canActOnOrganisation, hasPrivilege, isOperator } from '@platform/kernel';
import { subscriptionNotFound } from './subscription.view';

/**
 * Who reaches billing. The subscription is the organisation's: MRAOs and the organisation's RAOs.
 * DRAOs work inside a department and do not see billing at all (404, as if absent), with one exception:
 * a DRAO holding "view-reports" in a department of the organisation may read the subscription's state
 * (allowance, tally, status), because it says whether certificates can be requested. Money (invoices,
 * usage lines, history, upgrades, renewals, purchase orders) stays with RAOs and MRAOs.
 */
export function assertSubscriptionAccess(actor: Actor, organisationId: string, privilege?: Privilege): void {
  if (!canActOnOrganisation(actor, organisationId)) throw subscriptionNotFound();
  if (privilege && !hasPrivilege(actor, privilege, { organisationId }))
    throw privilegeMissing(privilege);
}

/** The read exception above: RAO/MRAO, or a DRAO of the organisation with "view-reports". */
export const canReadSubscriptionState = (actor: Actor, organisationId: string): boolean =>
  canActOnOrganisation(actor, organisationId) ||
  actor.grants.some((g) => g.role === 'DRAO' && g.organisationId === organisationId && hasPrivilege({ ...actor, grants: [g] }, 'view-reports', { organisationId, departmentId: g.departmentId }));

/**
 * The state read itself: out of scope answers like absent (existence does not leak), but a DRAO of the
 * organisation already knows it exists, so without "view-reports" it is told which privilege is missing.
 */
export function assertCanReadSubscriptionState(actor: Actor, organisationId: string): void {
  if (canReadSubscriptionState(actor, organisationId)) return;
  if (actor.grants.some((g) => g.role === 'DRAO' && g.organisationId === organisationId)) throw privilegeMissing('view-reports');
  throw subscriptionNotFound();
}

const privilegeMissing = (privilege: Privilege) =>
  new DomainError('PRIVILEGE_MISSING', 'forbidden', `This needs the "${privilege}" privilege for the organisation; ask an RAO who holds it.`, { privilege });

/** Organisations whose invoices the actor may list; `undefined`: all (operator). DRAO grants give none. */
export const invoiceOrganisations = (actor: Actor): string[] | undefined =>
  isOperator(actor) ? undefined : actor.grants.filter((g) => g.role === 'RAO' && g.organisationId).map((g) => g.organisationId as string);
