import type { Actor, Grant } from '@platform/kernel';
import { canManageAdmin, canSeeAdmin, grantRefusal, visibleGrants } from './delegation';

const actor = (...grants: Grant[]): Actor => ({ adminId: 'a', email: 'a@x', grants });
const mrao = actor({ role: 'MRAO' });
const rao = actor({ role: 'RAO', organisationId: 'o1' });
const draoWithManage = actor({ role: 'DRAO', organisationId: 'o1', departmentId: 'd1', privileges: ['manage-admins', 'request-ssl'] });
const draoWithout = actor({ role: 'DRAO', organisationId: 'o1', departmentId: 'd1', privileges: ['request-ssl'] });

describe('delegation: nobody grants more than they hold', () => {
  it('MRAO grants anything; only MRAO grants MRAO', () => {
    expect(grantRefusal(mrao, { role: 'MRAO' })).toBeUndefined();
    expect(grantRefusal(mrao, { role: 'DRAO', organisationId: 'o9', departmentId: 'd9' })).toBeUndefined();
    expect(grantRefusal(rao, { role: 'MRAO' })).toMatch(/only an operator/);
  });

  it('an RAO grants RAO and DRAO in its organisation only', () => {
    expect(grantRefusal(rao, { role: 'RAO', organisationId: 'o1' })).toBeUndefined();
    expect(grantRefusal(rao, { role: 'DRAO', organisationId: 'o1', departmentId: 'd2' })).toBeUndefined();
    expect(grantRefusal(rao, { role: 'RAO', organisationId: 'o2' })).toMatch(/no grant of yours/);
    expect(grantRefusal(rao, { role: 'DRAO', organisationId: 'o2', departmentId: 'd1' })).toMatch(/no grant of yours/);
  });

  it('a DRAO grants DRAO in its own department, only with manage-admins, never an RAO', () => {
    const inDept = { role: 'DRAO' as const, organisationId: 'o1', departmentId: 'd1', privileges: ['request-ssl' as const] };
    expect(grantRefusal(draoWithManage, inDept)).toBeUndefined();
    expect(grantRefusal(draoWithManage, { ...inDept, departmentId: 'd2' })).toMatch(/no grant of yours/);
    expect(grantRefusal(draoWithManage, { role: 'RAO', organisationId: 'o1' })).toMatch(/no grant of yours/);
    expect(grantRefusal(draoWithout, inDept)).toMatch(/manage-admins/);
  });

  it('privileges are a subset of the granting grant; absent privileges mean all of them', () => {
    const dept = { role: 'DRAO' as const, organisationId: 'o1', departmentId: 'd1' };
    expect(grantRefusal(draoWithManage, { ...dept, privileges: ['manage-admins', 'revoke-ssl'] })).toMatch(/revoke-ssl/);
    expect(grantRefusal(draoWithManage, dept)).toMatch(/you do not hold/);
  });

  it('sees admins with a grant in scope; manages only those it could have created', () => {
    const draoD1 = { grants: [{ role: 'DRAO' as const, organisationId: 'o1', departmentId: 'd1', privileges: ['request-ssl' as const] }] };
    const draoD2 = { grants: [{ role: 'DRAO' as const, organisationId: 'o1', departmentId: 'd2' }] };
    const raoO1 = { grants: [{ role: 'RAO' as const, organisationId: 'o1' }] };
    expect(canSeeAdmin(draoWithManage, draoD1)).toBe(true);
    expect(canSeeAdmin(draoWithManage, draoD2)).toBe(false);
    expect(canSeeAdmin(draoWithManage, raoO1)).toBe(false);
    expect(canSeeAdmin(rao, draoD2)).toBe(true);
    expect(canSeeAdmin(rao, { grants: [{ role: 'MRAO' }] })).toBe(false);
    expect(canManageAdmin(draoWithManage, draoD1)).toBe(true);
    expect(canManageAdmin(draoWithout, draoD1)).toBe(false);
    expect(canManageAdmin(rao, { grants: [...raoO1.grants, { role: 'RAO', organisationId: 'o2' }] })).toBe(false);
  });
});

describe('visible grants', () => {
  it('shows an admin\'s grants in the actor\'s scope only', () => {
    const both = [
      { role: 'DRAO' as const, organisationId: 'o1', departmentId: 'd1' },
      { role: 'RAO' as const, organisationId: 'o2' },
    ];
    expect(visibleGrants(draoWithManage, both)).toEqual([both[0]]);
    expect(visibleGrants(mrao, both)).toEqual(both);
    expect(visibleGrants(rao, [{ role: 'MRAO' }])).toEqual([]);
  });
});
