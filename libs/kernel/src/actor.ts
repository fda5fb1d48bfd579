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
