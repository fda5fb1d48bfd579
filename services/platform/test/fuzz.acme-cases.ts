import fc from 'fast-check';
import { generateKeyPair, exportJWK } from 'jose';
import { RawAcmeClient } from './acme-raw-client';
import type { Reply } from './http-client';
import type { Sent } from './fuzz.scenario';

const b64u = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/**
 * Hostile ACME requests: broken JWS framing and protected headers (no key needed), then payloads
 * that are signed by a registered account but malformed. Every one must be refused with an ACME
 * problem document; none may create anything.
 */
export async function acmeCases(acme: RawAcmeClient, acmeUrl: string, seed: number): Promise<Sent[]> {
  const base = `${acmeUrl}/acme`;
  const post = async (url: string, body: string, contentType = 'application/jose+json'): Promise<Reply> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, contentType: type, body: type.includes('json') && text ? JSON.parse(text) : text };
  };
  // New-account payloads are signed by a key with no account (the registered key would get its account back).
  const fresh = await RawAcmeClient.create(acmeUrl);
  const signed = (url: string, payload: unknown, jwk = false) => async () => {
    const r = await (jwk ? fresh : acme).post(url, payload, { jwk });
    return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: r.body };
  };
  const endpoints = [`${base}/new-account`, `${base}/new-order`, `${base}/revoke-cert`, `${base}/key-change`, `${acme.kid}`, `${base}/order/zz/finalize`];
  const headerOf = async (header: string) => ({ protected: header, payload: b64u('{}'), signature: b64u('x') });
  const nonce = () => acme.nonce();
  const protectedHeaders = async (url: string) => [
    b64u('null'),
    b64u('[]'),
    b64u('"text"'),
    b64u('{}'),
    b64u('\u0000'),
    '!!!not-base64url!!!',
    b64u(JSON.stringify({ alg: 'ES256', kid: 123, nonce: await nonce(), url })),
    b64u(JSON.stringify({ alg: 'ES256', kid: ['a'], nonce: await nonce(), url })),
    b64u(JSON.stringify({ alg: 'none', kid: acme.kid, nonce: await nonce(), url })),
    b64u(JSON.stringify({ alg: 'ES256', jwk: 'not-a-key', nonce: await nonce(), url })),
    b64u(JSON.stringify({ alg: 'ES256', kid: acme.kid, nonce: 123, url })),
    b64u(JSON.stringify({ alg: 'ES256', kid: acme.kid, nonce: await nonce(), url: 5 })),
    b64u(JSON.stringify({ alg: 'ES256', kid: `${acme.kid}\u0000`, nonce: await nonce(), url })),
  ];
  const cases: Sent[] = [];
  for (const url of endpoints) {
    const at = url.replace(base, '');
    for (const body of ['{', '[]', 'null', '{}', '"x"', JSON.stringify({ protected: 1, payload: 2, signature: 3 }), 'x'.repeat(300 * 1024)])
      cases.push({ label: `ACME ${at}: body ${body.slice(0, 30)}`, acme: true, send: () => post(url, body) });
    cases.push({ label: `ACME ${at}: application/json`, acme: true, send: () => post(url, '{}', 'application/json') });
    cases.push({
      label: `ACME ${at}: hostile protected headers`,
      acme: true,
      // One case per header would need a nonce each up front; they are sent in turn and the first misfit reported.
      send: async () => {
        for (const header of await protectedHeaders(url)) {
          const reply = await post(url, JSON.stringify(await headerOf(header)));
          if (reply.status < 400 || reply.status >= 500 || !String(reply.body?.type ?? '').startsWith('urn:ietf:params:acme:error:'))
            return { ...reply, body: { ...(typeof reply.body === 'object' ? reply.body : { text: reply.body }), header: Buffer.from(header, 'base64url').toString() } };
        }
        return { status: 400, contentType: 'application/problem+json', body: { type: 'urn:ietf:params:acme:error:malformed' } };
      },
    });
  }

  const evil = fc.sample(fc.constantFrom('\u0000', '\ud800', '\udfff'), { numRuns: 3, seed });
  const identifiers = (value: unknown) => ({ identifiers: [{ type: 'dns', value }] });
  const payloads: [string, string, unknown, boolean?][] = [
    ['new-order', `${base}/new-order`, {}],
    ['new-order', `${base}/new-order`, { identifiers: 'www.example.ac.uk' }],
    ['new-order', `${base}/new-order`, { identifiers: [] }],
    ['new-order', `${base}/new-order`, identifiers(123)],
    ['new-order', `${base}/new-order`, { identifiers: [{ type: 'ip', value: '127.0.0.1' }] }],
    ['new-order', `${base}/new-order`, { identifiers: Array.from({ length: 101 }, (_, i) => ({ type: 'dns', value: `n${i}.example.ac.uk` })) }],
    ['new-order', `${base}/new-order`, { ...identifiers('www.example.ac.uk'), notAfter: 5 }],
    // Profiles: unknown, not a string, inherited names, one the account's binding does not allow, names no type serves.
    ...['shortlived', '', 'toString', '__proto__', 7, null, ['ov'], { ov: true }, 'ev'].map((profile): [string, string, unknown] => [
      'new-order',
      `${base}/new-order`,
      { ...identifiers('www.example.ac.uk'), profile },
    ]),
    ['new-order', `${base}/new-order`, { identifiers: ['*.example.ac.uk', 'www.example.ac.uk'].map((value) => ({ type: 'dns', value })) }],
    ['new-order', `${base}/new-order`, { identifiers: ['*.example.ac.uk', '*.a.example.ac.uk'].map((value) => ({ type: 'dns', value })) }],
    ...evil.map((c): [string, string, unknown] => ['new-order', `${base}/new-order`, identifiers(`www${c}.example.ac.uk`)]),
    ['account', `${acme.kid}`, { contact: [123] }],
    ['account', `${acme.kid}`, { contact: ['mailto:a\u0000b@example.ac.uk'] }],
    ['account', `${acme.kid}`, { status: 'bogus' }],
    ['revoke-cert', `${base}/revoke-cert`, { certificate: 'not-base64url!' }],
    ['revoke-cert', `${base}/revoke-cert`, { certificate: 123 }],
    ['revoke-cert', `${base}/revoke-cert`, { certificate: b64u('not DER'), reason: 'x' }],
    ['key-change', `${base}/key-change`, {}],
    ['key-change', `${base}/key-change`, 'text'],
    ['finalize', `${base}/order/${'0'.repeat(8)}/finalize`, { csr: 'x' }],
    ['new-account', `${base}/new-account`, { contact: 5 }, true],
    ['new-account', `${base}/new-account`, { onlyReturnExisting: 'yes' }, true],
    ['new-account', `${base}/new-account`, { termsOfServiceAgreed: true, externalAccountBinding: 'x' }, true],
  ];
  for (const [what, url, payload, jwk] of payloads)
    cases.push({ label: `ACME ${what}: payload ${JSON.stringify(payload).slice(0, 60)}`, acme: true, send: signed(url, payload, jwk) });

  // A kid request must be signed by the account's key: here a jwk of a key the server has never seen.
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const stranger = { privateKey, jwk: await exportJWK(publicKey), alg: 'ES256' };
  cases.push({
    label: 'ACME new-order signed with an unregistered jwk',
    acme: true,
    send: async () => {
      const r = await acme.post(`${base}/new-order`, identifiers('www.example.ac.uk'), { signWith: stranger });
      return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: r.body };
    },
  });
  return cases;
}
