import type { TestDnsServer } from '@platform/testing';
import type { ChallengeHttpServer } from './acme-challenge-server';
import * as acme from 'acme-client';
import { organisationWithSubscription, type OrganisationUnderTest } from './billing.fixtures';
import { FlattenedSign, exportJWK, generateKeyPair } from 'jose';
import { acmeEdgesScenario } from './acme-edges.scenario';
import { acmeHostileInputScenario } from './acme-hostile-input.scenario';
import { acmeLifecycleScenario } from './acme-lifecycle.scenario';
import { RawAcmeClient } from './acme-raw-client';
import { client, eventually } from './http-client';
import { opensslVerify } from './openssl';

export interface AcmePlatformUnderTest {
  /** the gateway (portal API) */
  url: string;
  /** where /acme is served: the gateway in one process, the acme service's own listener when distributed */
  acmeUrl: string;
  operator: { email: string; password: string };
  dns: TestDnsServer;
  http: ChallengeHttpServer;
}

/** ACME with External Account Binding, driven by npm acme-client against the platform. */
export function acmeScenario(platform: () => AcmePlatformUnderTest): void {
  const s: { org?: OrganisationUnderTest; binding?: { keyId: string; hmacKey: string }; rootPem?: string } = {};
  const directoryUrl = () => `${platform().acmeUrl}/acme/directory`;
  const rao = () => client(platform().url, s.org!.raos[0].token);

  it('1. an RAO creates an account binding in the portal and gets a key id and an HMAC key once', async () => {
    s.org = await organisationWithSubscription(platform().url, platform().operator, { usageClass: 'A' });
    const created = await rao().post('/api/v1/acme/bindings', { organisationId: s.org.orgId, label: 'web servers' });
    expect(created).toMatchObject({ status: 201, body: { keyId: expect.any(String), hmacKey: expect.stringMatching(/^[\w-]{43}$/), directoryPath: '/acme/directory' } });
    s.binding = created.body;
    // Out of scope answers 404, as everywhere in the portal.
    const other = await organisationWithSubscription(platform().url, platform().operator, { usageClass: 'A', validate: false });
    const foreign = await client(platform().url, other.raos[0].token).post('/api/v1/acme/bindings', { organisationId: s.org.orgId });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'ORGANISATION_NOT_FOUND' } });
    expect((await client(platform().url).post('/api/v1/acme/bindings', { organisationId: s.org.orgId })).status).toBe(401);
    s.rootPem = (await client(platform().url).get('/api/v1/ca/root.pem')).body;
  });

  it('2. the directory asks for EAB; newAccount without it is refused with externalAccountRequired', async () => {
    const directory = await client(platform().acmeUrl).get('/acme/directory');
    expect(directory.body).toMatchObject({ newAccount: expect.stringContaining('/acme/new-account'), meta: { externalAccountRequired: true } });
    const anonymous = new acme.Client({ directoryUrl: directoryUrl(), accountKey: await acme.crypto.createPrivateEcdsaKey() });
    await expect(anonymous.createAccount({ termsOfServiceAgreed: true })).rejects.toThrow(/External Account Binding/);
  });

  it('3. an RSA account registers with EAB; the binding then refuses a second account and says what to do', async () => {
    const accountKey = await acme.crypto.createPrivateRsaKey();
    const first = new acme.Client({ directoryUrl: directoryUrl(), accountKey, externalAccountBinding: { kid: s.binding!.keyId, hmacKey: s.binding!.hmacKey } });
    const account = await first.createAccount({ termsOfServiceAgreed: true, contact: ['mailto:web@example.ac.uk'] });
    expect(account).toMatchObject({ status: 'valid', contact: ['mailto:web@example.ac.uk'] });
    // The same key again is the same account, not a second use.
    const again = new acme.Client({ directoryUrl: directoryUrl(), accountKey, externalAccountBinding: { kid: s.binding!.keyId, hmacKey: s.binding!.hmacKey } });
    await again.createAccount({ termsOfServiceAgreed: true });
    expect(again.getAccountUrl()).toBe(first.getAccountUrl());

    const second = new acme.Client({
      directoryUrl: directoryUrl(),
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
      externalAccountBinding: { kid: s.binding!.keyId, hmacKey: s.binding!.hmacKey },
    });
    await expect(second.createAccount({ termsOfServiceAgreed: true })).rejects.toThrow(/already used on .* create a new binding in the portal/s);
    const wrongMac = new acme.Client({
      directoryUrl: directoryUrl(),
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
      externalAccountBinding: { kid: s.binding!.keyId, hmacKey: Buffer.alloc(32, 1).toString('base64url') },
    });
    await expect(wrongMac.createAccount({ termsOfServiceAgreed: true })).rejects.toThrow(/MAC does not verify/);
  });

  it('4. RSA and ECDSA certificate keys, one name and several, under a pre-validated domain: issued, listed with the account, verified by openssl', async () => {
    const binding = (await rao().post('/api/v1/acme/bindings', { organisationId: s.org!.orgId })).body;
    const acmeClient = new acme.Client({
      directoryUrl: directoryUrl(),
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
      externalAccountBinding: { kid: binding.keyId, hmacKey: binding.hmacKey },
    });
    const cases = [
      { key: await acme.crypto.createPrivateRsaKey(), names: ['www.example.ac.uk'] },
      { key: await acme.crypto.createPrivateEcdsaKey(), names: ['a.example.ac.uk', 'b.example.ac.uk', 'example.ac.uk'] },
    ];
    for (const { key, names } of cases) {
      const [, csr] = await acme.crypto.createCsr({ commonName: names[0], altNames: names }, key);
      const pem = await acmeClient.auto({
        csr,
        termsOfServiceAgreed: true,
        skipChallengeVerification: true,
        challengeCreateFn: async () => {
          throw new Error('no challenge expected: the domain is validated in the portal');
        },
        challengeRemoveFn: async () => undefined,
      });
      const [leaf, ...chain] = acme.crypto.splitPemChain(pem);
      expect(acme.crypto.readCertificateInfo(leaf).domains.altNames.sort()).toEqual([...names].sort());
      expect(opensslVerify(leaf, chain.join('\n'), s.rootPem!)).toMatchObject({ ok: true });
    }
    const listed = await rao().get('/api/v1/certificates');
    const accountId = acmeClient.getAccountUrl().split('/').pop();
    expect(listed.body.items.filter((c: { requestedBy: string }) => c.requestedBy === `acme-account:${accountId}`)).toHaveLength(2);
  });

  it('5. a name outside the organisation\'s domains is refused at newOrder with rejectedIdentifier', async () => {
    const binding = (await rao().post('/api/v1/acme/bindings', { organisationId: s.org!.orgId })).body;
    const acmeClient = new acme.Client({
      directoryUrl: directoryUrl(),
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
      externalAccountBinding: { kid: binding.keyId, hmacKey: binding.hmacKey },
    });
    await acmeClient.createAccount({ termsOfServiceAgreed: true });
    const refused = acmeClient.createOrder({ identifiers: [{ type: 'dns', value: 'www.elsewhere.ac.uk' }] });
    await expect(refused).rejects.toThrow(/www\.elsewhere\.ac\.uk/);
  });

  const newAccount = async (accountKey?: Buffer) => {
    const binding = (await rao().post('/api/v1/acme/bindings', { organisationId: s.org!.orgId })).body;
    const c = new acme.Client({
      directoryUrl: directoryUrl(),
      accountKey: accountKey ?? (await acme.crypto.createPrivateEcdsaKey()),
      externalAccountBinding: { kid: binding.keyId, hmacKey: binding.hmacKey },
    });
    await c.createAccount({ termsOfServiceAgreed: true });
    return c;
  };
  /** Puts each challenge's answer in place the way a real client would: a file on the loopback HTTP server, a TXT on the loopback DNS server. */
  const answer = (used: string[]) => async (authz: acme.Authorization, challenge: acme.Authorization['challenges'][number], keyAuthorization: string) => {
    used.push(`${challenge.type}:${authz.wildcard ? '*.' : ''}${authz.identifier.value}`);
    if (challenge.type === 'http-01') platform().http.files.set(`/.well-known/acme-challenge/${challenge.token}`, keyAuthorization);
    else platform().dns.add({ name: `_acme-challenge.${authz.identifier.value}`, type: 'TXT', data: keyAuthorization });
  };

  it('6. a name under a domain added but not validated: http-01 answered on a real HTTP server validates it, then it issues', async () => {
    expect((await rao().post(`/api/v1/organisations/${s.org!.orgId}/domains`, { domain: 'pending.ac.uk' })).status).toBe(201);
    platform().dns.add({ name: 'www.pending.ac.uk', type: 'A', data: '127.0.0.1' });
    const acmeClient = await newAccount(await acme.crypto.createPrivateRsaKey());
    const used: string[] = [];
    const [, csr] = await acme.crypto.createCsr({ commonName: 'www.pending.ac.uk', altNames: ['www.pending.ac.uk'] }, await acme.crypto.createPrivateRsaKey());
    const pem = await acmeClient.auto({ csr, skipChallengeVerification: true, challengePriority: ['http-01'], challengeCreateFn: answer(used), challengeRemoveFn: async () => undefined });
    expect(used).toEqual(['http-01:www.pending.ac.uk']);
    expect(acme.crypto.readCertificateInfo(pem).domains.altNames).toEqual(['www.pending.ac.uk']);
    // Validation recorded it like any DCV, under its own method: the portal shows the name validated by ACME http-01, for itself only (BR 3.2.2.4.19).
    const view = await rao().get(`/api/v1/organisations/${s.org!.orgId}/validation`);
    expect(view.body.domains).toEqual(
      expect.arrayContaining([expect.objectContaining({ domain: 'www.pending.ac.uk', status: 'validated', method: 'acme-http-01', coversSubdomains: false })]),
    );
  });

  it('7. a wildcard with its base name through dns-01 on the loopback DNS server; a wrong answer leaves the authorization invalid', async () => {
    const acmeClient = await newAccount();
    const used: string[] = [];
    const names = ['*.dns.pending.ac.uk', 'dns.pending.ac.uk'];
    const [, csr] = await acme.crypto.createCsr({ commonName: names[1], altNames: names }, await acme.crypto.createPrivateEcdsaKey('P-384'));
    const pem = await acmeClient.auto({ csr, skipChallengeVerification: true, challengePriority: ['dns-01'], challengeCreateFn: answer(used), challengeRemoveFn: async () => undefined });
    expect(used.sort()).toEqual(['dns-01:*.dns.pending.ac.uk', 'dns-01:dns.pending.ac.uk']);
    expect(acme.crypto.readCertificateInfo(pem).domains.altNames.sort()).toEqual([...names].sort());

    const order = await acmeClient.createOrder({ identifiers: [{ type: 'dns', value: 'nothing.pending.ac.uk' }] });
    const [authz] = await acmeClient.getAuthorizations(order);
    const http = authz.challenges.find((c) => c.type === 'http-01')!;
    expect(authz.challenges.map((c) => c.type).sort()).toEqual(['dns-01', 'http-01']);
    await acmeClient.completeChallenge(http);
    const failed = await acmeClient.getAuthorizations(order);
    expect(failed[0]).toMatchObject({ status: 'invalid' });
    expect(failed[0].challenges.find((c) => c.type === 'http-01')).toMatchObject({ status: 'invalid', error: { detail: expect.stringContaining('nothing.pending.ac.uk') } });
  });

  it('8. an organisation whose subscription is suspended gets userActionRequired at newOrder, saying to provide the PO', async () => {
    // A term that started 400 days ago ended unrenewed more than a month ago: billing's scheduler suspends it.
    const startsOn = new Date(Date.now() - 400 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const lapsed = await organisationWithSubscription(platform().url, platform().operator, { usageClass: 'A', startsOn });
    const api = client(platform().url, lapsed.raos[0].token);
    await eventually(async () => ((await api.get(`/api/v1/organisations/${lapsed.orgId}/subscription`)).body.status === 'suspended' ? true : undefined));
    const binding = (await api.post('/api/v1/acme/bindings', { organisationId: lapsed.orgId })).body;
    const raw = await RawAcmeClient.create(platform().acmeUrl, 'ES384');
    expect((await raw.register(binding, 'HS512')).status).toBe(201);
    const refused = await raw.post(`${raw.base}/new-order`, { identifiers: [{ type: 'dns', value: 'www.example.ac.uk' }] });
    expect(refused).toMatchObject({
      status: 403,
      body: { type: 'urn:ietf:params:acme:error:userActionRequired', code: 'SUBSCRIPTION_SUSPENDED', detail: expect.stringContaining('PO') },
    });
  });

  it('9. protocol errors are ACME problems, each with a fresh Replay-Nonce: wrong media type, replayed or forged nonce, wrong url', async () => {
    const base = platform().acmeUrl;
    const json = await fetch(`${base}/acme/new-order`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect(json.headers.get('content-type')).toContain('application/problem+json');
    expect(json.headers.get('replay-nonce')).toMatch(/^[\w-]{20,}$/);
    expect(await json.json()).toMatchObject({ type: 'urn:ietf:params:acme:error:malformed' });

    const key = await generateKeyPair('ES256');
    const jwk = await exportJWK(key.publicKey);
    const signed = async (nonce: string, url: string) =>
      new FlattenedSign(new TextEncoder().encode(JSON.stringify({ onlyReturnExisting: true })))
        .setProtectedHeader({ alg: 'ES256', jwk, nonce, url })
        .sign(key.privateKey);
    const post = (body: unknown) =>
      fetch(`${base}/acme/new-account`, { method: 'POST', headers: { 'content-type': 'application/jose+json' }, body: JSON.stringify(body) });
    const nonce = (await fetch(`${base}/acme/new-nonce`, { method: 'HEAD' })).headers.get('replay-nonce')!;
    const first = await post(await signed(nonce, `${base}/acme/new-account`));
    expect(await first.json()).toMatchObject({ type: 'urn:ietf:params:acme:error:accountDoesNotExist' });
    const replayed = await post(await signed(nonce, `${base}/acme/new-account`));
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toMatchObject({ type: 'urn:ietf:params:acme:error:badNonce', detail: expect.stringContaining('used already') });
    expect(replayed.headers.get('replay-nonce')).not.toBe(nonce);
    const forged = await post(await signed('A'.repeat(40), `${base}/acme/new-account`));
    expect(await forged.json()).toMatchObject({ type: 'urn:ietf:params:acme:error:badNonce' });
    const fresh = replayed.headers.get('replay-nonce')!;
    const elsewhere = await post(await signed(fresh, `${base}/acme/new-order`));
    expect(await elsewhere.json()).toMatchObject({ type: 'urn:ietf:params:acme:error:unauthorized', detail: expect.stringContaining('"url"') });
  });

  acmeLifecycleScenario(platform, { org: () => s.org!, rao, newAccount, directoryUrl });
  acmeHostileInputScenario(platform, { org: () => s.org!, rao });
  acmeEdgesScenario(platform, { org: () => s.org!, rao, newAccount, directoryUrl });
}
