import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as acme from 'acme-client';
import type { AcmePlatformUnderTest } from './acme.scenario';
import type { AcmeScenarioContext } from './acme-lifecycle.scenario';
import { RawAcmeClient } from './acme-raw-client';
import { organisationWithSubscription } from './billing.fixtures';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';

/** The finalize payload for a PEM CSR: base64url DER. */
const csrPayload = (pem: string) => ({ csr: Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64url') });

/** Issue 12: what real clients found: bindings managed in the portal, profiles and EV, name sets no type serves, Must-Staple, REST on ACME certificates. */
export function acmeEdgesScenario(platform: () => AcmePlatformUnderTest, ctx: AcmeScenarioContext): void {
  const { org, rao } = ctx;
  const binding = async (body: Record<string, unknown> = {}) => {
    const created = await rao().post('/api/v1/acme/bindings', { organisationId: org().orgId, ...body });
    if (created.status !== 201) throw new Error(`binding: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body as { keyId: string; hmacKey: string; family: string };
  };
  const rawAccount = async (body: Record<string, unknown> = {}) => {
    const made = await binding(body);
    const raw = await RawAcmeClient.create(platform().acmeUrl);
    expect((await raw.register(made)).status).toBe(201);
    return { raw, binding: made, accountId: raw.kid!.split('/').pop()! };
  };
  const order = (raw: RawAcmeClient, names: string[], extra: Record<string, unknown> = {}) =>
    raw.post(`${raw.base}/new-order`, { identifiers: names.map((value) => ({ type: 'dns', value })), ...extra });

  it('20. bindings are listed with label, creator, account and last use; a disabled binding\'s account is refused and told why', async () => {
    const { raw, binding: made, accountId } = await rawAccount({ label: 'lego on web1' });
    expect((await order(raw, ['list.example.ac.uk'])).status).toBe(201);
    const listed = await rao().get(`/api/v1/acme/bindings?organisationId=${org().orgId}`);
    expect(listed.status).toBe(200);
    const row = listed.body.find((b: { keyId: string }) => b.keyId === made.keyId);
    expect(row).toMatchObject({ label: 'lego on web1', family: 'ov', status: 'used', accountId, createdBy: expect.not.stringMatching(/^system:/) });
    expect(Date.parse(row.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(row.registeredAt));
    expect(JSON.stringify(listed.body)).not.toContain(made.hmacKey);

    // Another organisation's RAO neither lists nor disables it.
    const other = await organisationWithSubscription(platform().url, platform().operator, { usageClass: 'A', validate: false });
    const stranger = client(platform().url, other.raos[0].token);
    expect((await stranger.get(`/api/v1/acme/bindings?organisationId=${org().orgId}`)).status).toBe(404);
    expect((await stranger.post(`/api/v1/acme/bindings/${made.keyId}/disable`, {})).status).toBe(404);

    const disabled = await rao().post(`/api/v1/acme/bindings/${made.keyId}/disable`, {});
    expect(disabled).toMatchObject({ status: 201, body: { status: 'disabled', accountId, disabledAt: expect.any(String) } });
    const refused = await order(raw, ['list.example.ac.uk']);
    expect(refused).toMatchObject({
      status: 401,
      body: { type: 'urn:ietf:params:acme:error:unauthorized', code: 'ACME_ACCOUNT_DEACTIVATED', detail: expect.stringContaining('disabled its External Account Binding') },
    });
    // The key cannot come back through newAccount, nor the binding register another key.
    expect((await raw.register(made)).body).toMatchObject({ type: 'urn:ietf:params:acme:error:unauthorized', detail: expect.stringContaining('disabled') });
    const another = await RawAcmeClient.create(platform().acmeUrl);
    expect((await another.register(made)).body).toMatchObject({ type: 'urn:ietf:params:acme:error:unauthorized', code: 'ACME_BINDING_DISABLED' });
    expect((await rao().get(`/api/v1/acme/bindings?organisationId=${org().orgId}`)).body.find((b: { keyId: string }) => b.keyId === made.keyId)).toMatchObject({
      status: 'disabled',
    });
  });

  it('21. a wildcard with another name (lego: *.a with www.a) is refused at newOrder with rejectedIdentifier and advice; nothing is ordered', async () => {
    const { raw } = await rawAccount();
    const list = async () => (await raw.post(`${raw.kid}/orders`, undefined)).body.orders;
    const before = await list();
    const refused = await order(raw, ['*.example.ac.uk', 'www.example.ac.uk']);
    expect(refused).toMatchObject({
      status: 400,
      body: {
        type: 'urn:ietf:params:acme:error:rejectedIdentifier',
        code: 'CERTIFICATE_TYPE_NONE_FITS',
        detail: expect.stringContaining('covered by *.example.ac.uk already'),
        subproblems: [expect.objectContaining({ identifier: { type: 'dns', value: 'www.example.ac.uk' } })],
      },
    });
    expect((await order(raw, ['*.example.ac.uk', '*.other.example.ac.uk'])).body).toMatchObject({ code: 'CERTIFICATE_TYPE_NONE_FITS' });
    expect(await list()).toEqual(before);
    // The wildcard with its base name is one certificate, as before.
    expect((await order(raw, ['*.example.ac.uk', 'example.ac.uk'])).status).toBe(201);
  });

  it('22. EV through ACME: the directory offers ov and ev; an OV binding may not order ev; an EV binding (once EV is vetted) gets EV subject fields', async () => {
    const directory = await client(platform().acmeUrl).get('/acme/directory');
    expect(Object.keys(directory.body.meta.profiles).sort()).toEqual(['ev', 'ov']);
    const { raw: ovAccount } = await rawAccount();
    expect(await order(ovAccount, ['ev.example.ac.uk'], { profile: 'ev' })).toMatchObject({
      status: 403,
      body: { type: 'urn:ietf:params:acme:error:unauthorized', code: 'ACME_PROFILE_NOT_ALLOWED' },
    });
    expect((await order(ovAccount, ['ev.example.ac.uk'], { profile: 'shortlived' })).body).toMatchObject({ type: 'urn:ietf:params:acme:error:invalidProfile' });

    expect((await rao().post('/api/v1/acme/bindings', { organisationId: org().orgId, family: 'ev' })).body).toMatchObject({ code: 'EV_ANCHOR_MISSING' });
    // EV vetting builds on vetted organisation details (not the bare operator assertion the fixture made).
    const operator = client(platform().url, org().mrao);
    const details = { legalName: 'University of Example', locality: 'Exampleton', country: 'GB', registrationNumber: 'RC000777' };
    expect((await operator.post(`/api/v1/organisations/${org().orgId}/validation/details`, details)).status).toBe(201);
    expect((await operator.post(`/api/v1/organisations/${org().orgId}/validation/review`, { decision: 'approve' })).status).toBe(200);
    const anchor = { jurisdictionCountry: 'GB', businessCategory: 'Government Entity', registrationNumber: 'RC000777' };
    expect((await operator.post(`/api/v1/organisations/${org().orgId}/validation/ev`, anchor)).status).toBe(201);
    const evBinding = await binding({ family: 'ev', label: 'EV web' });
    expect(evBinding.family).toBe('ev');

    const acmeClient = new acme.Client({
      directoryUrl: ctx.directoryUrl(),
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
      externalAccountBinding: { kid: evBinding.keyId, hmacKey: evBinding.hmacKey },
    });
    await acmeClient.createAccount({ termsOfServiceAgreed: true });
    const names = ['ev.example.ac.uk', 'www.ev.example.ac.uk'];
    // acme-client passes fields it does not know through to newOrder.
    const request = { identifiers: names.map((value) => ({ type: 'dns', value })), profile: 'ev' };
    const placed = await acmeClient.createOrder(request);
    expect(placed).toMatchObject({ status: 'ready', profile: 'ev' });
    const [, csr] = await acme.crypto.createCsr({ commonName: names[0], altNames: names }, await acme.crypto.createPrivateEcdsaKey());
    const finalized = await acmeClient.finalizeOrder(placed, csr);
    const pem = await acmeClient.getCertificate(await acmeClient.waitForValidStatus(finalized));
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: acme.crypto.splitPemChain(pem)[0] }).toString();
    expect(text).toContain('Policy: 2.23.140.1.1');
    expect(text).toMatch(/jurisdictionC(ountryName)? ?= ?GB/);
    expect(text).toMatch(/serialNumber ?= ?RC000777/);

    // Without a profile the EV binding's account gets EV; it may still order OV, e.g. a wildcard.
    const raw = await RawAcmeClient.create(platform().acmeUrl);
    expect((await raw.register(await binding({ family: 'ev' }))).status).toBe(201);
    expect((await order(raw, ['ev2.example.ac.uk'])).body).toMatchObject({ status: 'ready', profile: 'ev' });
    expect((await order(raw, ['*.example.ac.uk'])).body).toMatchObject({ code: 'CERTIFICATE_TYPE_NONE_FITS', detail: expect.stringContaining('"profile": "ov"') });
    expect((await order(raw, ['*.example.ac.uk'], { profile: 'ov' })).body).toMatchObject({ status: 'ready', profile: 'ov' });
  });

  it('23. a CSR asking for OCSP Must-Staple is refused at finalize with badCSR saying why; the order stays ready', async () => {
    const { raw } = await rawAccount();
    const placed = await order(raw, ['staple.example.ac.uk']);
    const finalize = placed.body.finalize as string;
    const stapled = makeCsr({ names: ['staple.example.ac.uk'], key: 'p256', extensions: ['tlsfeature=status_request'] });
    const refused = await raw.post(finalize, csrPayload(stapled));
    expect(refused).toMatchObject({
      status: 400,
      body: { type: 'urn:ietf:params:acme:error:badCSR', code: 'CSR_MUST_STAPLE_UNSUPPORTED', detail: expect.stringContaining('Must-Staple') },
    });
    expect((await raw.post(placed.headers.get('location')!, undefined)).body).toMatchObject({ status: 'ready' });
    // The portal's own request says the same, as a 422.
    const manual = await rao().post('/api/v1/certificates', { organisationId: org().orgId, csr: stapled });
    expect(manual).toMatchObject({ status: 422, body: { code: 'CSR_MUST_STAPLE_UNSUPPORTED' } });
    const plain = await raw.post(finalize, csrPayload(makeCsr({ names: ['staple.example.ac.uk'], key: 'p256' })));
    expect(plain.status).toBe(200);
  });

  it('24. an admin gets, downloads and revokes an ACME certificate through REST; it and its usage row name the account', async () => {
    const { raw, accountId } = await rawAccount();
    const placed = await order(raw, ['rest.example.ac.uk']);
    const done = await raw.post(placed.body.finalize, csrPayload(makeCsr({ names: ['rest.example.ac.uk'], key: 'p256' })));
    expect(done.body).toMatchObject({ status: 'valid', certificate: expect.any(String) });
    const certificateId = String(done.body.certificate).split('/').pop()!;
    // Request ids make version 8 UUIDs: the gateway takes every id the platform issues.
    expect(certificateId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const got = await rao().get(`/api/v1/certificates/${certificateId}`);
    expect(got).toMatchObject({ status: 200, body: { id: certificateId, requestedBy: `acme-account:${accountId}`, names: ['rest.example.ac.uk'] } });
    const download = await rao().get(`/api/v1/certificates/${certificateId}/download?format=pem`);
    expect(download.status).toBe(200);
    expect(new X509Certificate(String(download.body)).subjectAltName).toBe('DNS:rest.example.ac.uk');
    const usage = await rao().get(`/api/v1/organisations/${org().orgId}/subscription/usage`);
    const entries = usage.body.terms.flatMap((t: { entries: { certificateId?: string }[] }) => t.entries);
    expect(entries.find((e: { certificateId?: string; kind: string }) => e.certificateId === certificateId && e.kind === 'issued')).toMatchObject({
      actor: `acme-account:${accountId}`,
    });
    const revoked = await rao().post(`/api/v1/certificates/${certificateId}/revoke`, { reason: 'superseded' });
    expect(revoked).toMatchObject({ status: 201, body: { status: 'revoked' } });
    // Revoked within 14 days: the unit comes back, and the refund row names the admin who revoked.
    const history = await rao().get(`/api/v1/certificates/${certificateId}/events`);
    const revoker = history.body.find((e: { type: string }) => e.type === 'CertificateRevoked').actor;
    expect(revoker).not.toMatch(/^system:/);
    const refund = await eventually(async () => {
      const terms = (await rao().get(`/api/v1/organisations/${org().orgId}/subscription/usage`)).body.terms;
      return terms.flatMap((t: { entries: { certificateId?: string; kind: string }[] }) => t.entries).find((e: { certificateId?: string; kind: string }) => e.certificateId === certificateId && e.kind === 'refunded');
    });
    expect(refund).toMatchObject({ actor: revoker });
  });
}
