import { ACME_PROFILES } from '../new-order/new-order';
import type { AcmeHttp } from './acme.http';
import { AcmeProblem, malformed } from './acme-problem';
import type { AcmeRoute } from './acme.router';
import { accountJson } from './representations';

/** Directory, nonces and accounts (RFC 8555 §7.1.1, §7.2, §7.3). */
export const accountRoutes = (acme: AcmeHttp): AcmeRoute[] => [
  {
    method: 'get',
    path: '/directory',
    handle: async ({ urls: u }) => ({
      body: {
        newNonce: u.newNonce,
        newAccount: u.newAccount,
        newOrder: u.newOrder,
        revokeCert: u.revokeCert,
        keyChange: u.keyChange,
        renewalInfo: u.renewalInfo,
        meta: { externalAccountRequired: true, website: 'https://certificate-service.invalid/acme', profiles: ACME_PROFILES },
      },
    }),
  },
  { method: 'get', path: '/new-nonce', handle: async () => ({ status: 204 }) },
  {
    method: 'post',
    path: '/new-account',
    handle: async (call) => {
      const { jwk, payload } = await acme.verify(call, 'jwk');
      if (!payload || typeof payload !== 'object') throw malformed('newAccount needs a JSON object payload.');
      const { account, created } = await acme.accounts.register({ jwk, payload: payload as Record<string, unknown>, newAccountUrl: call.urls.newAccount });
      return { status: created ? 201 : 200, location: call.urls.account(account.accountId), body: accountJson(call.urls, account) };
    },
  },
  {
    method: 'post',
    path: '/acct/:id',
    handle: async (call) => {
      const { account, payload } = await acme.verify(call, 'kid');
      if (account!.accountId !== call.req.params.id) throw new AcmeProblem('unauthorized', 'An account can only be read or changed with its own key.', 403);
      const updated = await acme.updateAccount.execute(account!, payload);
      return { location: call.urls.account(updated.accountId), body: accountJson(call.urls, updated) };
    },
  },
  {
    method: 'post',
    path: '/acct/:id/orders',
    handle: async (call) => {
      const { account } = await acme.verify(call, 'kid');
      if (account!.accountId !== call.req.params.id) throw new AcmeProblem('unauthorized', 'An account lists only its own orders.', 403);
      return { body: { orders: (await acme.orderIds(account!.accountId)).map((id) => call.urls.order(id)) } };
    },
  },
  {
    method: 'post',
    path: '/key-change',
    handle: async (call) => {
      const { account, payload } = await acme.verify(call, 'kid');
      await acme.changeKey.execute(account!, call.urls.account(account!.accountId), call.url, payload, call.urls.account);
      const updated = await acme.accounts.signer(account!.accountId);
      return { location: call.urls.account(updated.accountId), body: accountJson(call.urls, updated) };
    },
  },
];
