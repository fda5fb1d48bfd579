import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@platform/kernel';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { client } from './http-client';
import { makeCsr } from './openssl';
import { type ScopeWorld, addSignedInAdmin, buildScopeWorld } from './scope.fixtures';

/**
 * Issue 12, what a new user hit, in one process without an identity provider: POSTs whose body is
 * optional with no body and with an empty one, a DRAO told which privilege it lacks, an IdP
 * invitation refused while no IdP is configured, and a subdomain under a domain validated by DNS.
 */
describe('new-user edges (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-edges-'));
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let w: ScopeWorld;
  const api = (token?: string) => client(platform.url!, token);
  /** A POST exactly as curl -X POST sends it: no body, no Content-Type, Content-Length 0. */
  const bare = (token: string, path: string, headers: Record<string, string> = {}) => api(token).raw('POST', path, undefined, headers);
  const certificate = async (token: string, organisationId: string, name: string) => {
    const reply = await api(token).post('/api/v1/certificates', { organisationId, csr: makeCsr({ names: [name], key: 'p256' }) });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startPlatform(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password, DNS_RESOLVER: dns.address },
      { clock },
    );
    w = await buildScopeWorld(platform.url!, operator);
  });
  // A new rate-limit window for every test; access tokens (15 min) outlive the whole file.
  beforeEach(() => clock.advance(61_000));

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('revoke takes no body, an empty body or an empty object; a body that is there must be JSON of the right shape', async () => {
    const revoke = (id: string) => `/api/v1/certificates/${id}/revoke`;
    const ids = await Promise.all([1, 2, 3].map((n) => certificate(w.tokens.raoA, w.orgA, `r${n}.${w.domainA1}`)));
    expect(await bare(w.tokens.raoA, revoke(ids[0]))).toMatchObject({ status: 201, body: { status: 'revoked', revocationReason: 'unspecified' } });
    expect(await bare(w.tokens.raoA, revoke(ids[1]), { 'content-type': 'application/json' })).toMatchObject({ status: 201, body: { status: 'revoked' } });
    expect(await api(w.tokens.raoA).post(revoke(ids[2]), {})).toMatchObject({ status: 201, body: { status: 'revoked' } });

    const fresh = await certificate(w.tokens.raoA, w.orgA, `r4.${w.domainA1}`);
    expect(await api(w.tokens.raoA).raw('POST', revoke(fresh), 'reason=keyCompromise', { 'content-type': 'text/plain' })).toMatchObject({
      status: 415,
      body: { code: 'UNSUPPORTED_MEDIA_TYPE' },
    });
    expect(await api(w.tokens.raoA).raw('POST', revoke(fresh), '{"reason":', { 'content-type': 'application/json' })).toMatchObject({
      status: 400,
      body: { code: 'MALFORMED_JSON' },
    });
    expect(await api(w.tokens.raoA).post(revoke(fresh), { reason: 'because' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await api(w.tokens.raoA).post(revoke(fresh), { reason: 'keyCompromise', extra: 1 })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await api(w.tokens.raoA).get(`/api/v1/certificates/${fresh}`)).body.status).toBe('issued');
    expect(await bare(w.tokens.raoA, revoke(fresh), { 'content-type': 'application/json' })).toMatchObject({ status: 201 });
  });

  it('operator assertions take no body or an empty one; a body that has fields is refused', async () => {
    const organisationId = (await api(w.tokens.mrao).post('/api/v1/organisations', { name: 'Edge College', member: false })).body.id;
    const assertion = `/api/v1/organisations/${organisationId}/validation/operator-assertion`;
    expect(await bare(w.tokens.mrao, assertion)).toMatchObject({ status: 201 });
    expect(await api(w.tokens.mrao).post(assertion, {})).toMatchObject({ status: 201 });
    expect(await api(w.tokens.mrao).post(assertion, { method: 'vetted' })).toMatchObject({ status: 400, body: { code: 'UNEXPECTED_BODY' } });
    await api(w.tokens.mrao).post(`/api/v1/organisations/${organisationId}/domains`, { domain: 'edge.ac.uk' });
    expect(await bare(w.tokens.mrao, `/api/v1/organisations/${organisationId}/domains/edge.ac.uk/operator-assertion`)).toMatchObject({ status: 201 });
    expect((await api(w.tokens.mrao).get(`/api/v1/organisations/${organisationId}/validation`)).body).toMatchObject({
      status: 'validated',
      domains: [{ domain: 'edge.ac.uk', status: 'validated' }],
    });
  });

  it('an IdP invitation, with no body or an empty one, is refused while no identity provider is configured', async () => {
    const path = `/api/v1/admins/${w.adminIds.draoA1}/idp-invitation`;
    const refused = await bare(w.tokens.raoA, path);
    expect(refused).toMatchObject({ status: 409, contentType: expect.stringContaining('application/problem+json'), body: { code: 'IDP_NOT_CONFIGURED' } });
    expect(refused.body.detail).toContain('OIDC_ISSUER');
    expect(await api(w.tokens.raoA).post(path, {})).toMatchObject({ status: 409, body: { code: 'IDP_NOT_CONFIGURED' } });
    // Out of scope stays out of scope, IdP or not; and no invitation was recorded (so none is mailed).
    expect(await bare(w.tokens.raoB, path)).toMatchObject({ status: 404 });
    const history = (await api(w.tokens.raoA).get(`/api/v1/admins/${w.adminIds.draoA1}/events`)).body as { type: string }[];
    expect(history.length).toBeGreaterThan(0);
    expect(history.filter((e) => e.type === 'IdpInvited')).toEqual([]);
  });

  it('a DRAO without view-reports asking for the subscription is told the privilege it lacks (403), not "no subscription"', async () => {
    const noReports = await addSignedInAdmin(platform.url!, w.tokens.mrao, w.tokens.raoA, 'edge.noreports@a.example', [
      { role: 'DRAO', organisationId: w.orgA, departmentId: w.a2, privileges: ['request-ssl'] },
    ]);
    const refused = await api(noReports.token).get(`/api/v1/organisations/${w.orgA}/subscription`);
    expect(refused).toMatchObject({ status: 403, body: { code: 'PRIVILEGE_MISSING', privilege: 'view-reports' } });
    expect(refused.body.detail).toContain('view-reports');
    expect(await api(w.tokens.draoA2).get(`/api/v1/organisations/${w.orgA}/subscription`)).toMatchObject({ status: 200, body: { usageClass: 'A' } });
    // Another organisation's subscription stays unknown to it.
    expect(await api(noReports.token).get(`/api/v1/organisations/${w.orgB}/subscription`)).toMatchObject({ status: 404, body: { code: 'SUBSCRIPTION_NOT_FOUND' } });
  });

  it('a subdomain added under a domain validated by DNS shows as covered, is delegated, and its department gets certificates under it', async () => {
    const parent = 'dns-parent.univ-a.ac.uk';
    const sub = `physics.${parent}`;
    const domains = (path = '') => `/api/v1/organisations/${w.orgA}/domains${path}`;
    const added = await api(w.tokens.raoA).post(domains(), { domain: parent });
    dns.add({ name: `_pki-validation.${parent}`, type: 'TXT', data: added.body.challenge.token });
    expect(await api(w.tokens.raoA).post(domains(`/${parent}/check`), { method: 'dns-txt' })).toMatchObject({ status: 200, body: { status: 'validated', coversSubdomains: true } });

    const subdomain = await api(w.tokens.raoA).post(domains(), { domain: sub });
    expect(subdomain).toMatchObject({ status: 201, body: { domain: sub, status: 'validated', coveredBy: parent, coversSubdomains: true } });
    const listed = (await api(w.tokens.raoA).get(`/api/v1/organisations/${w.orgA}/validation`)).body.domains;
    expect(listed.find((d: { domain: string }) => d.domain === sub)).toMatchObject({ status: 'validated', coveredBy: parent });

    expect(await api(w.tokens.raoA).post(domains(`/${sub}/delegations`), { departmentIds: [w.a2] })).toMatchObject({
      status: 201,
      body: { domain: sub, departmentIds: [w.a2], status: 'validated' },
    });
    // A2's DRAO sees the subdomain delegated to it, requests under it, and not under the parent.
    expect((await api(w.tokens.draoA2).get(`/api/v1/organisations/${w.orgA}/validation`)).body.domains).toEqual([expect.objectContaining({ domain: sub, coveredBy: parent })]);
    await certificate(w.tokens.draoA2, w.orgA, `www.${sub}`);
    const outside = await api(w.tokens.draoA2).post('/api/v1/certificates', { organisationId: w.orgA, csr: makeCsr({ names: [`www.${parent}`], key: 'p256' }) });
    expect(outside).toMatchObject({ status: 422 });
    expect(JSON.stringify(outside.body)).toContain('DOMAIN_NOT_DELEGATED');
  });

  it('a subdomain under a domain with no validation as an ADN stays pending and cannot be delegated', async () => {
    const parent = 'http-parent.univ-a.ac.uk';
    const domains = (path = '') => `/api/v1/organisations/${w.orgA}/domains${path}`;
    await api(w.tokens.raoA).post(domains(), { domain: parent });
    // A parent validated by an HTTP file covers only itself: that rule is a unit test (domains.unit.spec.ts).
    const subdomain = await api(w.tokens.raoA).post(domains(), { domain: `www.${parent}` });
    expect(subdomain).toMatchObject({ status: 201, body: { status: 'pending' } });
    expect(subdomain.body.coveredBy).toBeUndefined();
    expect(await api(w.tokens.raoA).post(domains(`/www.${parent}/delegations`), { departmentIds: [w.a2] })).toMatchObject({
      status: 409,
      body: { code: 'DOMAIN_NOT_VALIDATED' },
    });
  });
});
