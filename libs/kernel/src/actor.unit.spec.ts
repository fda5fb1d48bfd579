import {
  type Actor,
  PRIVILEGES,
  canActOnDepartment,
  canActOnOrganisation,
  canSee,
  grantCovers,
  hasPrivilege,
  visibleDepartments,
  visibleOrganisations,
} from './actor';

const actor = (...grants: Actor['grants']): Actor => ({ adminId: 'a', email: 'a@x', grants });
const mrao = actor({ role: 'MRAO' });
const rao = actor({ role: 'RAO', organisationId: 'o1', privileges: ['manage-domains'] });
const drao = actor(
  { role: 'DRAO', organisationId: 'o1', departmentId: 'd1', privileges: ['request-ssl'] },
  { role: 'DRAO', organisationId: 'o1', departmentId: 'd2' },
);

describe('actor scope: MRAO everything, RAO its organisation, DRAO its departments', () => {
  it('organisation-wide acts stay MRAO and RAO only (the existing rule other services use)', () => {
    expect(canActOnOrganisation(mrao, 'o9')).toBe(true);
    expect(canActOnOrganisation(rao, 'o1')).toBe(true);
    expect(canActOnOrganisation(drao, 'o1')).toBe(false);
    expect(visibleOrganisations(drao)).toEqual(['o1']);
  });

  it('department acts: the DRAO in its departments only, RAO and MRAO in all', () => {
    expect(canActOnDepartment(drao, 'o1', 'd1')).toBe(true);
    expect(canActOnDepartment(drao, 'o1', 'd3')).toBe(false);
    expect(canActOnDepartment(drao, 'o2', 'd1')).toBe(false);
    expect(canActOnDepartment(rao, 'o1', 'd3')).toBe(true);
    expect(canActOnDepartment(rao, 'o2', 'd3')).toBe(false);
    expect(canActOnDepartment(mrao, 'o2', 'd3')).toBe(true);
  });

  it('visible departments: undefined (all) for RAO and MRAO, the list for a DRAO, none elsewhere', () => {
    expect(visibleDepartments(mrao, 'o1')).toBeUndefined();
    expect(visibleDepartments(rao, 'o1')).toBeUndefined();
    expect(visibleDepartments(drao, 'o1')).toEqual(['d1', 'd2']);
    expect(visibleDepartments(rao, 'o2')).toEqual([]);
  });

  it('privileges are per grant; a grant without a list holds them all', () => {
    expect(hasPrivilege(drao, 'request-ssl', { organisationId: 'o1', departmentId: 'd1' })).toBe(true);
    expect(hasPrivilege(drao, 'revoke-ssl', { organisationId: 'o1', departmentId: 'd1' })).toBe(false);
    expect(hasPrivilege(drao, 'revoke-ssl', { organisationId: 'o1', departmentId: 'd2' })).toBe(true);
    expect(hasPrivilege(rao, 'manage-domains', { organisationId: 'o1' })).toBe(true);
    expect(hasPrivilege(rao, 'manage-admins', { organisationId: 'o1' })).toBe(false);
    expect(PRIVILEGES.every((p) => hasPrivilege(mrao, p, { organisationId: 'o5' }))).toBe(true);
  });

  it('an organisation-wide resource is not visible to a DRAO', () => {
    expect(canSee(drao, { organisationId: 'o1' })).toBe(false);
    expect(grantCovers({ role: 'DRAO', organisationId: 'o1', departmentId: 'd1' }, { organisationId: 'o1', departmentId: 'd1' })).toBe(true);
  });
});
