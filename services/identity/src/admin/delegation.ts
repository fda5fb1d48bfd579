import { type Actor, type Grant, type Scope, canSee, grantCovers, grantPrivileges } from '@platform/kernel';

/**
 * Who may give, see and manage which grants. Pure rules, shared by every identity use case:
 * nobody grants more role, scope or privilege than one grant of their own holds, and managing
 * an admin needs the "manage admins" privilege over every grant that admin holds.
 */

const scopeOf = (grant: Grant): Scope | undefined =>
  grant.organisationId ? { organisationId: grant.organisationId, departmentId: grant.departmentId } : undefined;

/** The reason the actor may not give `wanted`, or undefined when it may. */
export function grantRefusal(actor: Actor, wanted: Grant): string | undefined {
  const scope = scopeOf(wanted);
  const reaching = actor.grants.filter((g) => (scope ? grantCovers(g, scope) : g.role === 'MRAO'));
  if (reaching.length === 0)
    return wanted.role === 'MRAO' ? 'only an operator (MRAO) grants MRAO' : `no grant of yours reaches this ${wanted.role} scope`;
  const managing = reaching.filter((g) => grantPrivileges(g).includes('manage-admins'));
  if (managing.length === 0) return 'your grant for this scope lacks the "manage-admins" privilege';
  const wantedPrivileges = grantPrivileges(wanted);
  const enough = managing.some((g) => wantedPrivileges.every((p) => grantPrivileges(g).includes(p)));
  if (!enough) {
    const held = new Set(managing.flatMap((g) => grantPrivileges(g)));
    return `you do not hold ${wantedPrivileges.filter((p) => !held.has(p)).join(', ') || 'these privileges together'} in this scope`;
  }
  return undefined;
}

/** Every grant the actor may not give, with why. */
export const grantRefusals = (actor: Actor, wanted: Grant[]): { grant: Grant; reason: string }[] =>
  wanted.flatMap((grant) => {
    const reason = grantRefusal(actor, grant);
    return reason ? [{ grant, reason }] : [];
  });

/** An admin is visible when one of its grants lies inside the actor's scope. */
export function canSeeAdmin(actor: Actor, target: { grants: Grant[] }): boolean {
  return visibleGrants(actor, target.grants).length > 0;
}

/** The grants of an admin that the actor may see: another organisation's grants are not its business. */
export const visibleGrants = (actor: Actor, grants: Grant[]): Grant[] =>
  grants.filter((g) => {
    const scope = scopeOf(g);
    return scope ? canSee(actor, scope) : actor.grants.some((a) => a.role === 'MRAO');
  });

/** Managing (suspend, delete, change grants, IdP invitation) needs the power to give every grant it holds. */
export const canManageAdmin = (actor: Actor, target: { grants: Grant[] }): boolean =>
  grantRefusals(actor, target.grants).length === 0;

/** The admin belongs to the organisation (any grant there). */
export const inOrganisation = (target: { grants: Grant[] }, organisationId: string): boolean =>
  target.grants.some((g) => g.organisationId === organisationId);
