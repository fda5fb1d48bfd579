import type { Actor, Grant } from '@platform/kernel';
import { canSeeCertificate, resolveRequestScope } from './certificate-scope';

const actor = (...grants: Grant[]): Actor => ({ adminId: 'a', email: 'a@x', grants });
const org = 'org-a';
const drao = (departmentId: string, privileges?: Grant['privileges']): Grant => ({ role: 'DRAO', organisationId: org, departmentId, privileges });
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'none';
};

describe('certificate scope', () => {
  it('a DRAO of one department requests for it by default; of several it must name one', () => {
    expect(resolveRequestScope(actor(drao('d1')), org, undefined, 'ov-ssl')).toEqual({ organisationId: org, departmentId: 'd1' });
    expect(code(() => resolveRequestScope(actor(drao('d1'), drao('d2')), org, undefined, 'ov-ssl'))).toBe('DEPARTMENT_REQUIRED');
    expect(resolveRequestScope(actor(drao('d1'), drao('d2')), org, 'd2', 'ov-ssl')).toEqual({ organisationId: org, departmentId: 'd2' });
  });

  it('out of scope is not found; in scope without the privilege is forbidden', () => {
    expect(code(() => resolveRequestScope(actor(drao('d1')), 'org-b', undefined, 'ov-ssl'))).toBe('ORGANISATION_NOT_FOUND');
    expect(code(() => resolveRequestScope(actor(drao('d1')), org, 'd2', 'ov-ssl'))).toBe('DEPARTMENT_NOT_FOUND');
    expect(code(() => resolveRequestScope(actor(drao('d1', ['revoke-ssl'])), org, undefined, 'ov-ssl'))).toBe('PRIVILEGE_MISSING');
    expect(code(() => resolveRequestScope(actor(drao('d1', ['request-ssl'])), org, undefined, 'smime-mailbox'))).toBe('PRIVILEGE_MISSING');
  });

  it('an RAO requests for the organisation or any of its departments; an MRAO anywhere', () => {
    const rao = actor({ role: 'RAO', organisationId: org });
    expect(resolveRequestScope(rao, org, undefined, 'ov-ssl')).toEqual({ organisationId: org });
    expect(resolveRequestScope(rao, org, 'd9', 'ov-ssl')).toEqual({ organisationId: org, departmentId: 'd9' });
    expect(code(() => resolveRequestScope(rao, 'org-b', undefined, 'ov-ssl'))).toBe('ORGANISATION_NOT_FOUND');
    expect(resolveRequestScope(actor({ role: 'MRAO' }), 'org-b', undefined, 'ov-ssl')).toEqual({ organisationId: 'org-b' });
  });

  it('a DRAO sees its department\'s certificates only, not org-wide ones', () => {
    const d = actor(drao('d1'));
    expect(canSeeCertificate(d, { organisationId: org, departmentId: 'd1' })).toBe(true);
    expect(canSeeCertificate(d, { organisationId: org, departmentId: 'd2' })).toBe(false);
    expect(canSeeCertificate(d, { organisationId: org })).toBe(false);
    expect(canSeeCertificate(actor({ role: 'RAO', organisationId: org }), { organisationId: org, departmentId: 'd2' })).toBe(true);
  });
});
