import type { AcmeHttp } from './acme.http';
import { AcmeProblem } from './acme-problem';
import type { AcmeRoute } from './acme.router';
import { authzJson, challengeJson, orderJson } from './representations';

/** Orders, authorizations, challenges and finalize (RFC 8555 §7.4, §7.5). */
export const orderRoutes = (acme: AcmeHttp): AcmeRoute[] => [
  {
    method: 'post',
    path: '/new-order',
    handle: async (call) => {
      const { account, payload } = await acme.verify(call, 'kid');
      acme.ordersPerAccount.take(account!.accountId);
      const order = await acme.newOrder.execute(account!, payload, call.correlationId);
      if (order.status === 'none') throw new Error('unreachable: order not created');
      return { status: 201, location: call.urls.order(order.orderId), body: orderJson(call.urls, order) };
    },
  },
  {
    method: 'post',
    path: '/order/:id',
    handle: async (call) => {
      const { account } = await acme.verify(call, 'kid');
      const found = await acme.order(String(call.req.params.id), account!.accountId);
      // A client polling an order whose finalize died takes the issuance over (see resumeIfStale).
      const order = found.status === 'processing' ? await acme.finalizeOrder.resumeIfStale(account!, found, call.correlationId) : found;
      if (order.status === 'none') throw new Error('unreachable');
      return { body: orderJson(call.urls, order), retryAfter: order.status === 'processing' ? 1 : undefined };
    },
  },
  {
    method: 'post',
    path: '/order/:id/finalize',
    handle: async (call) => {
      const { account, payload } = await acme.verify(call, 'kid');
      const order = await acme.order(String(call.req.params.id), account!.accountId);
      const done = await acme.finalizeOrder.execute(account!, order, payload, call.correlationId);
      if (done.status === 'none') throw new Error('unreachable');
      return { location: call.urls.order(done.orderId), body: orderJson(call.urls, done), retryAfter: done.status === 'processing' ? 1 : undefined };
    },
  },
  {
    method: 'post',
    path: '/authz/:orderId/:index',
    handle: async (call) => {
      const { account } = await acme.verify(call, 'kid');
      const order = await acme.order(String(call.req.params.orderId), account!.accountId);
      const index = Number(call.req.params.index);
      if (!order.authorizations[index]) throw new AcmeProblem('malformed', 'No such authorization.', 404);
      return { body: authzJson(call.urls, order, index) };
    },
  },
  {
    method: 'post',
    path: '/chall/:orderId/:index/:type',
    handle: async (call) => {
      const { account, payload } = await acme.verify(call, 'kid');
      const order = await acme.order(String(call.req.params.orderId), account!.accountId);
      const index = Number(call.req.params.index);
      const type = String(call.req.params.type);
      if (!order.authorizations[index] || !['http-01', 'dns-01'].includes(type)) throw new AcmeProblem('malformed', 'No such challenge.', 404);
      // An empty object says "the answer is in place"; an empty payload is POST-as-GET.
      const now = payload === undefined ? order : await acme.respondToChallenge.execute(account!, order, index, type as 'http-01' | 'dns-01', call.correlationId);
      return { body: challengeJson(call.urls, now, index, type), links: [`<${call.urls.authz(order.orderId, index)}>;rel="up"`] };
    },
  },
];
