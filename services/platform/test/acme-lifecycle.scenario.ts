import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as acme from 'acme-client';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import type { AcmePlatformUnderTest } from './acme.scenario';
import { RawAcmeClient } from './acme-raw-client';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';

export interface AcmeScenarioContext {
  org(): OrganisationUnderTest;
  rao(): ReturnType<typeof client>;
  newAccount(accountKey?: Buffer): Promise<acme.Client>;
  directoryUrl(): string;
}

/** The account's and certificate's life after issuance: revocation, ARI, key change, limits, finalize races. */
export function acmeLifecycleScenario(platform: () => AcmePlatformUnderTest, ctx: AcmeScenarioContext): void {
  const { org, rao, newAccount, directoryUrl } = ctx;
  const noChallenge = async () => {
    throw new Error('no challenge expected: the domain is validated in the portal');
  };
  const issue = async (acmeClient: acme.Client, key: Buffer | string, name: string) => {
    const [, csr] = await acme.crypto.createCsr({ commonName: name, altNames: [name] }, key);
    return acmeClient.auto({ csr, skipChallengeVerification: true, challengeCreateFn: noChallenge, challengeRemoveFn: async () => undefined });
  };
  const der = (pem: string) => Buffer.from(acme.crypto.splitPemChain(pem)[0].replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const serialOf = (pem: string) => new X509Certificate(acme.crypto.splitPemChain(pem)[0]).serialNumber;
  const status = async (pem: string) => {
    const list = await rao().get('/api/v1/certificates?pageSize=500');
    return list.body.items.find((c: { serialNumber: string }) => c.serialNumber.toUpperCase().replace(/:/g, '') === serialOf(pem))?.status;
  };

  it('10. revokeCert by the ordering account and by the certificate key; another key is refused; the portal shows them revoked', async () => {
    const acmeClient = await newAccount();
    const first = await issue(acmeClient, await acme.crypto.createPrivateEcdsaKey(), 'revoke1.example.ac.uk');
    await acmeClient.revokeCertificate(first, { reason: 4 });
    expect(await status(first)).toBe('revoked');
    await expect(acmeClient.revokeCertificate(first)).rejects.toThrow(/revoked already/);

    const certKey = await generateKeyPair('ES256', { extractable: true });
    const second = await issue(acmeClient, await exportPKCS8(certKey.privateKey), 'revoke2.example.ac.uk');
    const raw = await RawAcmeClient.create(platform().acmeUrl);
    const payload = { certificate: der(second).toString('base64url'), reason: 1 };
    const stranger = await raw.post(`${raw.base}/revoke-cert`, payload, { jwk: true });
    expect(stranger).toMatchObject({ status: 403, body: { type: 'urn:ietf:params:acme:error:unauthorized' } });
    const byKey = await raw.post(`${raw.base}/revoke-cert`, payload, { signWith: { privateKey: certKey.privateKey, jwk: await exportJWK(certKey.publicKey), alg: 'ES256' } });
    expect(byKey.status).toBe(200);
    expect(await status(second)).toBe('revoked');
  });

  it('11. ARI renewalInfo: a window inside the lifetime, and one already open for a revoked certificate', async () => {
    const acmeClient = await newAccount();
    const pem = await issue(acmeClient, await acme.crypto.createPrivateEcdsaKey(), 'ari.example.ac.uk');
    const certificate = new X509Certificate(acme.crypto.splitPemChain(pem)[0]);
    const akiText = execFileSync('openssl', ['x509', '-noout', '-ext', 'authorityKeyIdentifier'], { input: certificate.toString() }).toString();
    const aki = /([0-9A-F]{2}(?::[0-9A-F]{2})+)/i.exec(akiText)![1];
    const hex = (h: string) => Buffer.from(h.replace(/:/g, ''), 'hex').toString('base64url');
    const serialDer = certificate.serialNumber.length % 2 ? `0${certificate.serialNumber}` : certificate.serialNumber;
    const id = `${hex(aki)}.${hex(/^[89A-F]/i.test(serialDer) ? `00${serialDer}` : serialDer)}`;
    const info = await client(platform().acmeUrl).get(`/acme/renewal-info/${id}`);
    expect(info.status).toBe(200);
    const { start, end } = info.body.suggestedWindow;
    expect(Date.parse(start)).toBeGreaterThan(Date.parse(certificate.validFrom));
    expect(Date.parse(end)).toBeLessThan(Date.parse(certificate.validTo));
    await acmeClient.revokeCertificate(pem);
    const revoked = await client(platform().acmeUrl).get(`/acme/renewal-info/${id}`);
    expect(Date.parse(revoked.body.suggestedWindow.end)).toBeLessThan(Date.now());
  });

  it('12. key change, contact update, orders list, then deactivation, which is final', async () => {
    const oldKey = await acme.crypto.createPrivateRsaKey();
    const acmeClient = await newAccount(oldKey);
    await acmeClient.updateAccountKey(await acme.crypto.createPrivateEcdsaKey());
    await issue(acmeClient, await acme.crypto.createPrivateEcdsaKey(), 'rolled.example.ac.uk');
    const withOldKey = new acme.Client({ directoryUrl: directoryUrl(), accountKey: oldKey });
    await expect(withOldKey.createAccount({ onlyReturnExisting: true })).rejects.toThrow(/No account/);
    expect(await acmeClient.updateAccount({ contact: ['mailto:new@example.ac.uk'] })).toMatchObject({ contact: ['mailto:new@example.ac.uk'] });

    const raw = await RawAcmeClient.create(platform().acmeUrl, 'RS256');
    await raw.register((await rao().post('/api/v1/acme/bindings', { organisationId: org().orgId })).body);
    const placed = [];
    for (const value of ['o1.example.ac.uk', 'o2.example.ac.uk']) placed.push((await raw.post(`${raw.base}/new-order`, { identifiers: [{ type: 'dns', value }] })).headers.get('location'));
    const orders = await raw.post(`${raw.kid}/orders`, undefined);
    expect(orders.body.orders).toEqual(placed);

    expect(await acmeClient.updateAccount({ status: 'deactivated' })).toMatchObject({ status: 'deactivated' });
    await expect(acmeClient.createOrder({ identifiers: [{ type: 'dns', value: 'www.example.ac.uk' }] })).rejects.toThrow(/deactivated/);
  });

  it('13. too many new orders from one account: rateLimited with Retry-After', async () => {
    const raw = await RawAcmeClient.create(platform().acmeUrl);
    await raw.register((await rao().post('/api/v1/acme/bindings', { organisationId: org().orgId })).body);
    let reply;
    for (let i = 0; i < 40; i++) {
      reply = await raw.post(`${raw.base}/new-order`, { identifiers: [{ type: 'dns', value: 'busy.example.ac.uk' }] });
      if (reply.status !== 201) break;
    }
    expect(reply).toMatchObject({ status: 429, body: { type: 'urn:ietf:params:acme:error:rateLimited', detail: expect.stringContaining('new orders for this account') } });
    expect(Number(reply!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('14. an organisation not yet validated gets unauthorized, a CAA record naming another CA gets caa: both at newOrder, saying what to do', async () => {
    const unvetted = await organisationWithSubscription(platform().url, platform().operator, { usageClass: 'A', validate: false });
    const binding = (await client(platform().url, unvetted.raos[0].token).post('/api/v1/acme/bindings', { organisationId: unvetted.orgId })).body;
    const raw = await RawAcmeClient.create(platform().acmeUrl);
    expect((await raw.register(binding)).status).toBe(201);
    const refused = await raw.post(`${raw.base}/new-order`, { identifiers: [{ type: 'dns', value: 'www.example.ac.uk' }] });
    expect(refused).toMatchObject({ status: 403, body: { type: 'urn:ietf:params:acme:error:unauthorized', code: 'ORG_NOT_VALIDATED' } });

    platform().dns.add({ name: 'caa.example.ac.uk', type: 'CAA', data: { tag: 'issue', value: 'other-ca.example' } });
    const validated = await RawAcmeClient.create(platform().acmeUrl);
    await validated.register((await rao().post('/api/v1/acme/bindings', { organisationId: org().orgId })).body);
    const caa = await validated.post(`${validated.base}/new-order`, { identifiers: [{ type: 'dns', value: 'caa.example.ac.uk' }] });
    expect(caa).toMatchObject({
      status: 403,
      body: { type: 'urn:ietf:params:acme:error:caa', code: 'CAA_FORBIDS_ISSUANCE', subproblems: [{ identifier: { type: 'dns', value: 'caa.example.ac.uk' } }] },
    });
  });

  it('15. finalize sent three times at once issues one certificate; a finalize that finds it processing gets Retry-After', async () => {
    const raw = await RawAcmeClient.create(platform().acmeUrl);
    await raw.register((await rao().post('/api/v1/acme/bindings', { organisationId: org().orgId })).body);
    const order = await raw.post(`${raw.base}/new-order`, { identifiers: [{ type: 'dns', value: 'once.example.ac.uk' }] });
    expect(order.body.status).toBe('ready');
    const pem = makeCsr({ commonName: 'once.example.ac.uk', names: ['once.example.ac.uk'], key: 'p256' });
    const csr = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64url');
    const replies = await Promise.all([1, 2, 3].map(() => raw.post(order.body.finalize, { csr })));
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      if (reply.body.status === 'processing') expect(reply.headers.get('retry-after')).toBe('1');
      else expect(reply.body.status).toBe('valid');
    }
    const done = await eventually(async () => {
      const now = await raw.post(order.headers.get('location')!, undefined);
      return now.body.status === 'valid' ? now.body : undefined;
    });
    const accountId = raw.kid!.split('/').pop();
    const listed = await rao().get('/api/v1/certificates?pageSize=500');
    expect(listed.body.items.filter((c: { requestedBy: string }) => c.requestedBy === `acme-account:${accountId}`)).toHaveLength(1);
    expect(done.certificate).toContain('/acme/cert/');
  });
}
