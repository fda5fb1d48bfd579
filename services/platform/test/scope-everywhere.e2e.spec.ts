import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@platform/kernel';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { client, signIn } from './http-client';
import { makeCsr } from './openssl';
import { ADMIN_PASSWORD, type ScopeWorld, addSignedInAdmin, buildScopeWorld } from './scope.fixtures';

/**
 * Issue 4, scope in the other services: certificates carry their department and DRAOs see and act
 * on their departments' only; validation and billing answer DRAOs as documented in their access
 * files; and a suspended admin's access token stops working within seconds, not 15 minutes.
 */
describe('scope everywhere (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-scope-'));
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let w: ScopeWorld;
  const api = (token?: string) => client(platform.url!, token);

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startPlatform(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password, DNS_RESOLVER: dns.address },
      { clock },
    );
    w = await buildScopeWorld(platform.url!, operator);
  });

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a DRAO\'s certificate carries its department; listings and reads follow the departments', async () => {
    const certificate = await api(w.tokens.draoA1).get(`/api/v1/certificates/${w.certA1}`);
    expect(certificate.body).toMatchObject({ organisationId: w.orgA, departmentId: w.a1 });
    const ids = async (token: string, query = '') => (await api(token).get(`/api/v1/certificates${query}`)).body.items.map((c: { id: string }) => c.id);
    expect(await ids(w.tokens.draoA1)).toEqual([w.certA1]);
    expect(await ids(w.tokens.draoA2)).toEqual([]);
    expect(await ids(w.tokens.raoA)).toEqual([w.certA1]);
    expect((await ids(w.tokens.mrao)).sort()).toEqual([w.certA1, w.certB1].sort());
    expect(await ids(w.tokens.raoA, `?departmentId=${w.a2}`)).toEqual([]);
    expect((await api(w.tokens.draoA2).get(`/api/v1/certificates/${w.certA1}`)).status).toBe(404);
    expect((await api(w.tokens.draoA2).get(`/api/v1/certificates/${w.certA1}/download`)).status).toBe(404);
    expect((await api(w.tokens.draoA2).post(`/api/v1/certificates/${w.certA1}/revoke`, { reason: 'superseded' })).status).toBe(404);
    // In scope but without revoke-ssl: told so, not hidden.
    const limited = await addSignedInAdmin(platform.url!, w.tokens.mrao, w.tokens.raoA, 'requester@a.example', [
      { role: 'DRAO', organisationId: w.orgA, departmentId: w.a1, privileges: ['request-ssl'] },
    ]);
    expect(await api(limited.token).post(`/api/v1/certificates/${w.certA1}/revoke`, { reason: 'superseded' })).toMatchObject({
      status: 403,
      body: { code: 'PRIVILEGE_MISSING', privilege: 'revoke-ssl' },
    });
  });

  it('a DRAO requests only names delegated to its department; with several departments it names one', async () => {
    const csrFor = (name: string) => makeCsr({ names: [name], key: 'p256' });
    const outside = await api(w.tokens.draoA2).post('/api/v1/certificates', { organisationId: w.orgA, csr: csrFor(`x.${w.domainA1}`) });
    expect(outside).toMatchObject({ status: 422, body: { code: 'DOMAIN_NOT_DELEGATED' } });
    const otherDepartment = await api(w.tokens.draoA2).post('/api/v1/certificates', { organisationId: w.orgA, departmentId: w.a1, csr: csrFor(`x.${w.domainA1}`) });
    expect(otherDepartment).toMatchObject({ status: 404, body: { code: 'DEPARTMENT_NOT_FOUND' } });
    const two = await addSignedInAdmin(platform.url!, w.tokens.mrao, w.tokens.raoA, 'two@a.example', [
      { role: 'DRAO', organisationId: w.orgA, departmentId: w.a1 },
      { role: 'DRAO', organisationId: w.orgA, departmentId: w.a2 },
    ]);
    expect(await api(two.token).post('/api/v1/certificates', { organisationId: w.orgA, csr: csrFor(`y.${w.domainA1}`) })).toMatchObject({
      status: 400,
      body: { code: 'DEPARTMENT_REQUIRED' },
    });
    const named = await api(two.token).post('/api/v1/certificates', { organisationId: w.orgA, departmentId: w.a1, csr: csrFor(`y.${w.domainA1}`) });
    expect(named).toMatchObject({ status: 201, body: { departmentId: w.a1 } });
    expect((await api(w.tokens.draoB1).post('/api/v1/certificates', { organisationId: w.orgA, csr: csrFor(`z.${w.domainA1}`) })).status).toBe(404);
  });

  it('validation: a DRAO reads the domains delegated to its department only, and proves none', async () => {
    const domains = async (token: string) => (await api(token).get(`/api/v1/organisations/${w.orgA}/validation`)).body.domains;
    expect(await domains(w.tokens.draoA1)).toEqual([expect.objectContaining({ domain: w.domainA1, departmentIds: [w.a1] })]);
    expect(await domains(w.tokens.draoA2)).toEqual([]);
    expect((await api(w.tokens.draoB1).get(`/api/v1/organisations/${w.orgA}/validation`)).status).toBe(404);
    expect((await api(w.tokens.draoA1).post(`/api/v1/organisations/${w.orgA}/domains`, { domain: 'new.univ-a.ac.uk' })).status).toBe(404);
    const noDomains = await addSignedInAdmin(platform.url!, w.tokens.mrao, w.tokens.mrao, 'rao.ssl@a.example', [
      { role: 'RAO', organisationId: w.orgA, privileges: ['request-ssl'] },
    ]);
    expect(await api(noDomains.token).post(`/api/v1/organisations/${w.orgA}/domains`, { domain: 'new.univ-a.ac.uk' })).toMatchObject({
      status: 403,
      body: { code: 'PRIVILEGE_MISSING' },
    });
  });

  it('billing: DRAOs see the subscription state with view-reports only, and never invoices or money', async () => {
    expect((await api(w.tokens.draoA2).get(`/api/v1/organisations/${w.orgA}/subscription`)).body).toMatchObject({ usageClass: 'A' });
    const noReports = await addSignedInAdmin(platform.url!, w.tokens.mrao, w.tokens.raoA, 'noreports@a.example', [
      { role: 'DRAO', organisationId: w.orgA, departmentId: w.a2, privileges: ['request-ssl'] },
    ]);
    // It knows the organisation (its grant names it): told which privilege is missing, not "no subscription".
    expect(await api(noReports.token).get(`/api/v1/organisations/${w.orgA}/subscription`)).toMatchObject({
      status: 403,
      body: { code: 'PRIVILEGE_MISSING', privilege: 'view-reports', detail: expect.stringContaining('view-reports') },
    });
    expect((await api(w.tokens.draoA1).get(`/api/v1/organisations/${w.orgA}/subscription/usage`)).status).toBe(404);
    expect((await api(w.tokens.draoA1).post(`/api/v1/organisations/${w.orgA}/subscription/upgrade`, { usageClass: 'B' })).status).toBe(404);
    // An upgrade raises an invoice: the RAO sees it, the DRAO of the same organisation does not.
    expect((await api(w.tokens.raoA).post(`/api/v1/organisations/${w.orgA}/subscription/upgrade`, { usageClass: 'B' })).status).toBe(201);
    expect((await api(w.tokens.raoA).get('/api/v1/invoices')).body.total).toBeGreaterThan(0);
    expect((await api(w.tokens.draoA1).get(`/api/v1/invoices?organisationId=${w.orgA}`)).body).toEqual({ items: [], total: 0 });
    expect((await api(w.tokens.draoA1).get('/api/v1/invoices')).body).toEqual({ items: [], total: 0 });
  });

  it('a suspended admin\'s access token stops working within the cache window; changed grants end old tokens', async () => {
    const victim = await addSignedInAdmin(platform.url!, w.tokens.mrao, w.tokens.raoA, 'victim@a.example', [{ role: 'DRAO', organisationId: w.orgA, departmentId: w.a1 }]);
    expect((await api(victim.token).get('/api/v1/auth/me')).status).toBe(200);
    clock.advance(1); // tokens issued at or after the instant that ended them count
    expect((await api(w.tokens.raoA).post(`/api/v1/admins/${victim.adminId}/suspend`, {})).status).toBe(200);
    clock.advance(6_000); // past the gateway's 5 s cache, far inside the token's 15 minutes
    expect(await api(victim.token).get('/api/v1/auth/me')).toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });
    // Reactivation lets it sign in again, but does not revive the token issued before the suspension.
    await api(w.tokens.raoA).post(`/api/v1/admins/${victim.adminId}/reactivate`, {});
    clock.advance(6_000);
    expect((await api(victim.token).get('/api/v1/auth/me')).status).toBe(401);
    const fresh = await signIn(platform.url!, 'victim@a.example', ADMIN_PASSWORD);
    expect((await api(fresh).get(`/api/v1/certificates/${w.certA1}`)).status).toBe(200);
    // New grants (now in A2): the token carrying A1 stops counting, so it cannot read A1's certificate.
    clock.advance(1);
    const grants = [{ role: 'DRAO', organisationId: w.orgA, departmentId: w.a2 }];
    expect((await api(w.tokens.raoA).raw('PUT', `/api/v1/admins/${victim.adminId}/grants`, { grants })).status).toBe(200);
    clock.advance(6_000);
    expect((await api(fresh).get(`/api/v1/certificates/${w.certA1}`)).body.code).toBe('TOKEN_REVOKED');
    const after = await signIn(platform.url!, 'victim@a.example', ADMIN_PASSWORD);
    expect((await api(after).get(`/api/v1/certificates/${w.certA1}`)).status).toBe(404);
    await api(w.tokens.raoA).raw('DELETE', `/api/v1/admins/${victim.adminId}`);
    clock.advance(6_000);
    expect((await api(after).get('/api/v1/auth/me')).body.code).toBe('TOKEN_REVOKED');
  });
});
