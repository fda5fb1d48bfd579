import type { Actor } from '@platform/kernel';
import type { AccountData } from './account.decider';

/**
 * How an ACME account acts towards other services: as a requester in its binding's scope, named
 * `acme-account:<id>` so that the portal listing shows which account requested a certificate.
 * A department binding acts as a DRAO of that department, so issuance and validation apply the same
 * delegation rules as for a DRAO's manual request (`view-reports` lets it read the subscription's state).
 */
export const accountActor = (account: Pick<AccountData, 'accountId' | 'organisationId' | 'departmentId' | 'contact'>): Actor => ({
  adminId: `acme-account:${account.accountId}`,
  email: account.contact.find((c) => c.startsWith('mailto:'))?.slice('mailto:'.length) ?? '',
  grants: [
    account.departmentId
      ? { role: 'DRAO', organisationId: account.organisationId, departmentId: account.departmentId, privileges: ['request-ssl', 'revoke-ssl', 'view-reports'] }
      : { role: 'RAO', organisationId: account.organisationId, privileges: ['request-ssl', 'revoke-ssl'] },
  ],
});
