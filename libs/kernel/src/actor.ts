// The privilege list is defined once, in the contracts that carry grants between services.
import { PrivilegeSchema } from '@platform/contracts';

/**
 * Who is acting. The gateway authenticates and passes this along with every
 * command and query; services check scope against the grants.
 */
export type Role = 'MRAO' | 'RAO' | 'DRAO';

export interface Grant {
  role: Role;
  /** absent for MRAO (global) */
  organisationId?: string;
  /** DRAO only */
  departmentId?: string;
  /** absent: every privilege (see `grantPrivileges`) */
  privileges?: Privilege[];
}

export interface Actor {
  adminId: string;
  email: string;
  grants: Grant[];
}

export const isOperator = (actor: Actor): boolean => actor.grants.some((g) => g.role === 'MRAO');

/** True when the actor may act on the whole organisation (MRAO, or RAO of that org). */
export const canActOnOrganisation = (actor: Actor, organisationId: string): boolean =>
  isOperator(actor) || actor.grants.some((g) => g.role === 'RAO' && g.organisationId === organisationId);

/** Organisations the actor can see; `undefined` means all (operator). */
export const visibleOrganisations = (actor: Actor): string[] | undefined =>
  isOperator(actor)
    ? undefined
    : [...new Set(actor.grants.map((g) => g.organisationId).filter((o): o is string => !!o))];

/**
 * What a grant allows inside its scope. A grant without `privileges` (the bootstrap operator, and
 * grants made before privileges existed) holds every privilege of its role.
 */
export const PRIVILEGES = PrivilegeSchema.options;
export type Privilege = (typeof PRIVILEGES)[number];

export interface Scope {
  organisationId: string;
  /** absent: the organisation as a whole */
  departmentId?: string;
}

export const grantPrivileges = (grant: Grant): readonly Privilege[] => grant.privileges ?? PRIVILEGES;

/** True when the grant reaches the scope: MRAO everything, RAO its organisation, DRAO its department only. */
export const grantCovers = (grant: Grant, scope: Scope): boolean => {
  if (grant.role === 'MRAO') return true;
  if (grant.organisationId !== scope.organisationId) return false;
  return grant.role === 'RAO' || (scope.departmentId !== undefined && grant.departmentId === scope.departmentId);
};

/** True when the actor may act inside the department (MRAO, RAO of the org, or DRAO of that department). */
export const canActOnDepartment = (actor: Actor, organisationId: string, departmentId: string): boolean =>
  actor.grants.some((g) => grantCovers(g, { organisationId, departmentId }));

/** True when some grant reaching the scope carries the privilege. */
export const hasPrivilege = (actor: Actor, privilege: Privilege, scope: Scope): boolean =>
  actor.grants.some((g) => grantCovers(g, scope) && grantPrivileges(g).includes(privilege));

/**
 * Departments of the organisation the actor is confined to: `undefined` when it sees the whole
 * organisation (MRAO, RAO), `[]` when it sees nothing there. Lets services filter by department.
 */
export const visibleDepartments = (actor: Actor, organisationId: string): string[] | undefined =>
  actor.grants.some((g) => g.role === 'MRAO' || (g.role === 'RAO' && g.organisationId === organisationId))
    ? undefined
    : [
        ...new Set(
          actor.grants
            .filter((g) => g.role === 'DRAO' && g.organisationId === organisationId && g.departmentId)
            .map((g) => g.departmentId as string),
        ),
      ];

/** True when the resource's scope is visible to the actor (a resource without a department is org-wide). */
export const canSee = (actor: Actor, scope: Scope): boolean => actor.grants.some((g) => grantCovers(g, scope));
