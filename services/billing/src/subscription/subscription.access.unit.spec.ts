import type { Actor, Grant } from '@platform/kernel';
import { assertCanReadSubscriptionState, assertSubscriptionAccess, canReadSubscriptionState, invoiceOrganisations } from './subscription.access';

const actor = (...grants: Grant[]): Actor => ({ adminId: 'a', email: 'a@x', grants });
const codeOf = (f: () => void) => {
  try {
    f();
    return 'allowed';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('billing access', () => {
  const drao = (privileges?: Grant['privileges']) => actor({ role: 'DRAO', organisationId: 'o', departmentId: 'd', privileges });

  it('DRAOs do not reach billing (404); an RAO without the privilege is told so (403)', () => {
    expect(codeOf(() => assertSubscriptionAccess(drao(), 'o'))).toBe('SUBSCRIPTION_NOT_FOUND');
    expect(codeOf(() => assertSubscriptionAccess(actor({ role: 'RAO', organisationId: 'o', privileges: ['request-ssl'] }), 'o', 'manage-subscription'))).toBe('PRIVILEGE_MISSING');
    expect(codeOf(() => assertSubscriptionAccess(actor({ role: 'RAO', organisationId: 'o' }), 'o', 'manage-subscription'))).toBe('allowed');
    expect(codeOf(() => assertSubscriptionAccess(actor({ role: 'RAO', organisationId: 'p' }), 'o'))).toBe('SUBSCRIPTION_NOT_FOUND');
  });

  it('a DRAO with view-reports reads the subscription state; without it, nothing', () => {
    expect(canReadSubscriptionState(drao(['view-reports']), 'o')).toBe(true);
    expect(canReadSubscriptionState(drao(['request-ssl']), 'o')).toBe(false);
    expect(canReadSubscriptionState(drao(['view-reports']), 'p')).toBe(false);
  });

  it('a DRAO of the organisation without view-reports is told the privilege (403); others find nothing (404)', () => {
    expect(codeOf(() => assertCanReadSubscriptionState(drao(['request-ssl']), 'o'))).toBe('PRIVILEGE_MISSING');
    expect(codeOf(() => assertCanReadSubscriptionState(drao(['view-reports']), 'o'))).toBe('allowed');
    expect(codeOf(() => assertCanReadSubscriptionState(drao(['request-ssl']), 'p'))).toBe('SUBSCRIPTION_NOT_FOUND');
    expect(codeOf(() => assertCanReadSubscriptionState(actor({ role: 'RAO', organisationId: 'p' }), 'o'))).toBe('SUBSCRIPTION_NOT_FOUND');
  });

  it('invoices: RAO organisations only, never through a DRAO grant', () => {
    expect(invoiceOrganisations(actor({ role: 'RAO', organisationId: 'o' }, { role: 'DRAO', organisationId: 'p', departmentId: 'd' }))).toEqual(['o']);
    expect(invoiceOrganisations(actor({ role: 'MRAO' }))).toBeUndefined();
  });
});
