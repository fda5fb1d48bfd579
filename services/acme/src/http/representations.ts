import type { ValidAccount } from '../new-account/new-account';
import type { OrderState } from '../order/order.decider';

export type Order = Extract<OrderState, { orderId: string }>;

/** The URLs of one ACME endpoint, from the base clients reached it at (e.g. http://127.0.0.1:8080/acme). */
export const urls = (base: string) => ({
  directory: `${base}/directory`,
  newNonce: `${base}/new-nonce`,
  newAccount: `${base}/new-account`,
  newOrder: `${base}/new-order`,
  revokeCert: `${base}/revoke-cert`,
  keyChange: `${base}/key-change`,
  renewalInfo: `${base}/renewal-info`,
  account: (id: string) => `${base}/acct/${id}`,
  orders: (id: string) => `${base}/acct/${id}/orders`,
  order: (id: string) => `${base}/order/${id}`,
  finalize: (id: string) => `${base}/order/${id}/finalize`,
  authz: (orderId: string, i: number) => `${base}/authz/${orderId}/${i}`,
  challenge: (orderId: string, i: number, type: string) => `${base}/chall/${orderId}/${i}/${type}`,
  certificate: (id: string) => `${base}/cert/${id}`,
});
export type Urls = ReturnType<typeof urls>;

export const accountJson = (u: Urls, a: ValidAccount) => ({
  status: a.status,
  contact: a.contact,
  orders: u.orders(a.accountId),
  externalAccountBinding: { keyId: a.keyId },
  createdAt: a.createdAt,
});

export const orderJson = (u: Urls, o: Order) => ({
  status: o.status,
  expires: o.expires,
  identifiers: o.identifiers.map((value) => ({ type: 'dns', value })),
  ...(o.profile ? { profile: o.profile } : {}),
  authorizations: o.authorizations.map((_, i) => u.authz(o.orderId, i)),
  finalize: u.finalize(o.orderId),
  ...(o.certificateId ? { certificate: u.certificate(o.certificateId) } : {}),
  ...(o.error ? { error: { type: 'urn:ietf:params:acme:error:rejectedIdentifier', detail: o.error.detail, code: o.error.code } } : {}),
});

export function authzJson(u: Urls, o: Order, i: number) {
  const a = o.authorizations[i];
  // A wildcard is authorized only through dns-01 (RFC 8555 §7.1.3); a valid one lists no challenge it never needed.
  const types = a.wildcard ? ['dns-01'] : ['http-01', 'dns-01'];
  return {
    status: a.status,
    expires: o.expires,
    identifier: { type: 'dns', value: a.name },
    ...(a.wildcard ? { wildcard: true } : {}),
    challenges: a.status === 'valid' && !a.validatedBy ? [] : types.map((t) => challengeJson(u, o, i, t)),
  };
}

export function challengeJson(u: Urls, o: Order, i: number, type: string) {
  const a = o.authorizations[i];
  const status = a.status === 'pending' ? 'pending' : a.validatedBy === type || a.error?.challenge === type ? a.status : 'pending';
  const error = a.error?.challenge === type ? { error: { type: 'urn:ietf:params:acme:error:incorrectResponse', detail: a.error.detail } } : {};
  return { type, url: u.challenge(o.orderId, i, type), token: a.token, status, ...error };
}

/** The download of a certificate (RFC 8555 §7.4.2): the certificate, then its issuing chain. */
export const pemChain = (certificate: { certificatePem: string; chainPem: string }) => `${certificate.certificatePem.trim()}\n${certificate.chainPem.trim()}\n`;
