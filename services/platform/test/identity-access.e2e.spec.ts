import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@platform/kernel';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { client, eventually, signIn } from './http-client';

/**
 * Issue 4 through the REST API: departments, admins with grants and privileges (MRAO, RAO, DRAO, API),
 * delegation limits, scope (404 outside it), lifecycle events, sessions, lockout and rate limits.
 * The clock is manual so lockouts and rate-limit windows pass without waiting.
 */
describe('identity and access (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-identity-'));
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const password = 'correct horse battery staple';
  let platform: PlatformHandle;
  const s: Record<string, string> = {};
  const api = (token?: string) => client(platform.url!, token);

  /** Follows the e-mailed invitation link of `email` and sets the password. */
  async function acceptInvitation(email: string): Promise<void> {
    const mail = await eventually(async () => (await api(s.mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(email)}`)).body[0]);
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]);
    const accepted = await api().post('/api/v1/auth/accept-invitation', { token, password });
    expect(accepted.status).toBe(200);
  }

  async function addAdmin(token: string, email: string, grants: unknown[], type?: string) {
    return api(token).post('/api/v1/admins', { email, name: email.split('@')[0], grants, ...(type ? { type } : {}) });
  }

  beforeAll(async () => {
    platform = await startPlatform(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password },
      { clock },
    );
  });
  // A new rate-limit window for every test; access tokens (15 min) outlive the whole file.
  beforeEach(() => clock.advance(61_000));

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the MRAO creates organisations and an RAO; the RAO creates departments; a DRAO sees only its own', async () => {
    s.mrao = await signIn(platform.url!, operator.email, operator.password);
    s.orgA = (await api(s.mrao).post('/api/v1/organisations', { name: 'University A', member: true })).body.id;
    s.orgB = (await api(s.mrao).post('/api/v1/organisations', { name: 'University B', member: false })).body.id;
    const rao = await addAdmin(s.mrao, 'rao@a.ac.uk', [{ role: 'RAO', organisationId: s.orgA }]);
    expect(rao).toMatchObject({ status: 201, body: { adminId: expect.any(String), invitationExpiresAt: '2026-12-03T09:01:01.000Z' } });
    s.raoId = rao.body.adminId;
    await acceptInvitation('rao@a.ac.uk');
    s.rao = await signIn(platform.url!, 'rao@a.ac.uk', password);

    const physics = await api(s.rao).post(`/api/v1/organisations/${s.orgA}/departments`, { name: 'Physics' });
    expect(physics).toMatchObject({ status: 201, body: { name: 'Physics', organisationId: s.orgA } });
    s.physics = physics.body.id;
    s.chemistry = (await api(s.rao).post(`/api/v1/organisations/${s.orgA}/departments`, { name: 'Chemistry' })).body.id;
    const duplicate = await api(s.rao).post(`/api/v1/organisations/${s.orgA}/departments`, { name: 'physics' });
    expect(duplicate).toMatchObject({ status: 409, body: { code: 'DEPARTMENT_EXISTS' } });
    expect((await api(s.rao).post(`/api/v1/organisations/${s.orgB}/departments`, { name: 'X' })).body.code).toBe('ORGANISATION_NOT_FOUND');

    const drao = await addAdmin(s.rao, 'drao.p@a.ac.uk', [
      { role: 'DRAO', organisationId: s.orgA, departmentId: s.physics, privileges: ['manage-admins', 'request-ssl'] },
    ]);
    expect(drao.status).toBe(201);
    s.draoP = drao.body.adminId;
    s.draoC = (await addAdmin(s.rao, 'drao.c@a.ac.uk', [{ role: 'DRAO', organisationId: s.orgA, departmentId: s.chemistry, privileges: ['request-ssl'] }])).body.adminId;
    await acceptInvitation('drao.p@a.ac.uk');
    await acceptInvitation('drao.c@a.ac.uk');
    s.dp = await signIn(platform.url!, 'drao.p@a.ac.uk', password);
    s.dc = await signIn(platform.url!, 'drao.c@a.ac.uk', password);

    const seen = await api(s.dp).get(`/api/v1/organisations/${s.orgA}/departments`);
    expect(seen.body.map((d: { name: string }) => d.name)).toEqual(['Physics']);
    expect((await api(s.rao).get(`/api/v1/organisations/${s.orgA}/departments`)).body).toHaveLength(2);
    expect((await api(s.dp).get(`/api/v1/organisations/${s.orgB}/departments`)).status).toBe(404);
    const me = await api(s.dp).get('/api/v1/auth/me');
    expect(me.body.grants).toEqual([{ role: 'DRAO', organisationId: s.orgA, departmentId: s.physics, privileges: ['manage-admins', 'request-ssl'] }]);
  });

  it('nobody grants more role, scope or privilege than they hold', async () => {
    const inPhysics = (privileges: string[]) => [{ role: 'DRAO', organisationId: s.orgA, departmentId: s.physics, privileges }];
    const ok = await addAdmin(s.dp, 'drao.p2@a.ac.uk', inPhysics(['request-ssl']));
    expect(ok.status).toBe(201);
    s.draoP2 = ok.body.adminId;
    const more = await addAdmin(s.dp, 'x1@a.ac.uk', inPhysics(['revoke-ssl']));
    expect(more).toMatchObject({ status: 403, body: { code: 'GRANT_EXCEEDS_YOURS', detail: expect.stringContaining('revoke-ssl') } });
    const otherDept = await addAdmin(s.dp, 'x2@a.ac.uk', [{ role: 'DRAO', organisationId: s.orgA, departmentId: s.chemistry, privileges: ['request-ssl'] }]);
    expect(otherDept).toMatchObject({ status: 404, body: { code: 'ORGANISATION_NOT_FOUND' } });
    const raoGrant = await addAdmin(s.dp, 'x3@a.ac.uk', [{ role: 'RAO', organisationId: s.orgA }]);
    expect(raoGrant.status).toBe(404);
    const withoutPrivilege = await addAdmin(s.dc, 'x4@a.ac.uk', [{ role: 'DRAO', organisationId: s.orgA, departmentId: s.chemistry, privileges: ['request-ssl'] }]);
    expect(withoutPrivilege).toMatchObject({ status: 403, body: { code: 'GRANT_EXCEEDS_YOURS', detail: expect.stringContaining('manage-admins') } });
    expect((await addAdmin(s.rao, 'x5@a.ac.uk', [{ role: 'MRAO' }])).body.code).toBe('GRANT_EXCEEDS_YOURS');
    expect((await addAdmin(s.rao, 'x6@a.ac.uk', [{ role: 'RAO', organisationId: s.orgB }])).status).toBe(404);
    const badShape = await addAdmin(s.rao, 'x7@a.ac.uk', [{ role: 'DRAO', organisationId: s.orgA }]);
    expect(badShape).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('reads are scoped: a DRAO sees its department\'s admins only; out of scope answers 404', async () => {
    const emails = (r: { body: { email: string }[] }) => r.body.map((a) => a.email);
    expect(emails(await api(s.dp).get('/api/v1/admins'))).toEqual(['drao.p@a.ac.uk', 'drao.p2@a.ac.uk']);
    expect(emails(await api(s.rao).get(`/api/v1/admins?organisationId=${s.orgA}`))).toEqual([
      'drao.c@a.ac.uk',
      'drao.p@a.ac.uk',
      'drao.p2@a.ac.uk',
      'rao@a.ac.uk',
    ]);
    expect((await api(s.dp).get(`/api/v1/admins/${s.draoC}`)).body.code).toBe('ADMIN_NOT_FOUND');
    expect((await api(s.dp).get(`/api/v1/admins?organisationId=${s.orgB}`)).body.code).toBe('ORGANISATION_NOT_FOUND');
    expect((await api(s.dp).get(`/api/v1/organisations/${s.orgA}`)).body).toMatchObject({ name: 'University A' });
    expect((await api(s.dp).get(`/api/v1/organisations/${s.orgB}`)).status).toBe(404);
    expect((await api(s.dp).get(`/api/v1/admins/${s.raoId}`)).status).toBe(404);
    expect((await api(s.dp).get(`/api/v1/admins/${s.draoC}/events`)).status).toBe(404);
    expect((await api(s.dp).post(`/api/v1/admins/${s.draoC}/suspend`, {})).status).toBe(404);
    expect((await api(s.rao).get(`/api/v1/admins/${s.draoP}`)).body).toMatchObject({ email: 'drao.p@a.ac.uk', status: 'active', type: 'standard' });
    expect((await api(s.mrao).get('/api/v1/admins')).body.length).toBeGreaterThanOrEqual(5);
  });

  it('suspend, reactivate, change grants and delete are events that admins in scope read (who, what, when)', async () => {
    const suspended = await api(s.rao).post(`/api/v1/admins/${s.draoP2}/suspend`, {});
    expect(suspended).toMatchObject({ status: 200, body: { status: 'suspended' } });
    expect((await api(s.dp).post(`/api/v1/admins/${s.draoP}/suspend`, {})).body.code).toBe('SELF_MANAGEMENT');
    expect((await api(s.dp).post(`/api/v1/admins/${s.draoP2}/reactivate`, {})).body.status).toBe('invited'); // it never set a password
    const grants = [{ role: 'DRAO', organisationId: s.orgA, departmentId: s.chemistry, privileges: ['request-ssl'] }];
    const changed = await api(s.rao).raw('PUT', `/api/v1/admins/${s.draoP2}/grants`, JSON.stringify({ grants }), { 'content-type': 'application/json' });
    expect(changed).toMatchObject({ status: 200, body: { grants } });
    // Now in Chemistry: out of the Physics DRAO's sight.
    expect((await api(s.dp).get(`/api/v1/admins/${s.draoP2}`)).status).toBe(404);
    const history = await api(s.rao).get(`/api/v1/admins/${s.draoP2}/events`);
    expect(history.body.map((e: { type: string }) => e.type)).toEqual(['AdminCreated', 'AdminInvited', 'AdminSuspended', 'AdminReactivated', 'GrantsChanged']);
    expect(history.body[2]).toMatchObject({ actor: s.raoId, occurredAt: expect.stringMatching(/^2026-11-26T/), data: { by: s.raoId } });
    expect(history.body[3]).toMatchObject({ actor: s.draoP });
    // The MRAO adds an RAO grant in organisation B: the RAO of A sees the account, not that grant.
    const wider = [...grants, { role: 'RAO', organisationId: s.orgB }];
    await api(s.mrao).raw('PUT', `/api/v1/admins/${s.draoP2}/grants`, JSON.stringify({ grants: wider }), { 'content-type': 'application/json' });
    expect((await api(s.rao).get(`/api/v1/admins/${s.draoP2}`)).body.grants).toEqual(grants);
    const seenByRao = (await api(s.rao).get(`/api/v1/admins/${s.draoP2}/events`)).body.at(-1);
    expect(seenByRao).toMatchObject({ type: 'GrantsChanged', data: { grants, previous: grants } });
    expect((await api(s.mrao).get(`/api/v1/admins/${s.draoP2}`)).body.grants).toEqual(wider);
    // Now it holds more than the RAO of A can give: the RAO can no longer manage it.
    expect((await api(s.rao).post(`/api/v1/admins/${s.draoP2}/suspend`, {})).body.code).toBe('ADMIN_OUTRANKS_YOU');
    await api(s.mrao).raw('PUT', `/api/v1/admins/${s.draoP2}/grants`, JSON.stringify({ grants }), { 'content-type': 'application/json' });
    expect(JSON.stringify((await api(s.rao).get(`/api/v1/admins/${s.draoP}/events`)).body)).not.toContain('argon2');

    const deleted = await api(s.rao).raw('DELETE', `/api/v1/admins/${s.draoC}`);
    expect(deleted).toMatchObject({ status: 200, body: { status: 'deleted' } });
    expect((await api(s.rao).get(`/api/v1/admins/${s.draoC}`)).status).toBe(404);
    expect((await api().post('/api/v1/auth/sign-in', { email: 'drao.c@a.ac.uk', password })).body.code).toBe('INVALID_CREDENTIALS');
  });

  it('an invitation is re-sent with a new link; the old link stops working', async () => {
    const tokens = async () =>
      ((await api(s.mrao).get('/api/v1/notifications/outbox?to=drao.p2%40a.ac.uk')).body as { text: string }[]).map((m) =>
        decodeURIComponent(/token=([^\s]+)/.exec(m.text)![1]),
      );
    const [old] = await tokens();
    const resent = await api(s.rao).post(`/api/v1/admins/${s.draoP2}/invitation`, {});
    expect(resent).toMatchObject({ status: 201, body: { invitationExpiresAt: expect.any(String) } });
    const fresh = (await eventually(async () => ((await tokens()).length === 2 ? tokens() : undefined))).find((t) => t !== old)!;
    expect((await api().post('/api/v1/auth/accept-invitation', { token: old, password })).body.code).toBe('INVITATION_INVALID');
    expect((await api().post('/api/v1/auth/accept-invitation', { token: fresh, password })).status).toBe(200);
    expect((await api(s.rao).post(`/api/v1/admins/${s.draoP2}/invitation`, {})).body.code).toBe('ADMIN_NOT_INVITED');
  });

  it('sessions: the refresh token rotates, a reused one ends the session, sign-out ends it, a suspension stops refresh', async () => {
    const first = await api().post('/api/v1/auth/sign-in', { email: 'drao.p@a.ac.uk', password });
    expect(first.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.any(String) });
    const second = await api().post('/api/v1/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    const reused = await api().post('/api/v1/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(reused).toMatchObject({ status: 401, body: { code: 'REFRESH_TOKEN_REUSED' } });
    expect((await api().post('/api/v1/auth/refresh', { refreshToken: second.body.refreshToken })).body.code).toBe('SESSION_ENDED');

    const other = await api().post('/api/v1/auth/sign-in', { email: 'drao.p@a.ac.uk', password });
    expect((await api().post('/api/v1/auth/sign-out', { refreshToken: other.body.refreshToken })).status).toBe(200);
    expect((await api().post('/api/v1/auth/refresh', { refreshToken: other.body.refreshToken })).body.code).toBe('SESSION_ENDED');

    const third = await api().post('/api/v1/auth/sign-in', { email: 'drao.p@a.ac.uk', password });
    await api(s.rao).post(`/api/v1/admins/${s.draoP}/suspend`, {});
    expect((await api().post('/api/v1/auth/refresh', { refreshToken: third.body.refreshToken })).body.code).toBe('SESSION_ENDED');
    expect((await api().post('/api/v1/auth/sign-in', { email: 'drao.p@a.ac.uk', password })).body.code).toBe('ADMIN_SUSPENDED');
    await api(s.rao).post(`/api/v1/admins/${s.draoP}/reactivate`, {});
    expect((await api().post('/api/v1/auth/refresh', { refreshToken: 'a.b.c' })).body.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('API admins get a credential once, trade it for an access token, and cannot sign in with a password', async () => {
    const created = await addAdmin(s.rao, 'robot@a.ac.uk', [{ role: 'RAO', organisationId: s.orgA, privileges: ['request-ssl'] }], 'api');
    expect(created).toMatchObject({ status: 201, body: { apiCredential: expect.stringContaining(created.body.adminId) } });
    const token = await api().post('/api/v1/auth/api-token', { credential: created.body.apiCredential });
    expect(token).toMatchObject({ status: 200, body: { tokenType: 'Bearer' } });
    expect(token.body.refreshToken).toBeUndefined();
    expect((await api(token.body.accessToken).get('/api/v1/auth/me')).body).toMatchObject({ email: 'robot@a.ac.uk' });
    const [id, secret] = created.body.apiCredential.split('.');
    expect((await api().post('/api/v1/auth/api-token', { credential: `${id}.x${secret}` })).body.code).toBe('INVALID_CREDENTIALS');
    expect((await api().post('/api/v1/auth/sign-in', { email: 'robot@a.ac.uk', password: secret })).body.code).toBe('INVALID_CREDENTIALS');
    expect((await api(s.rao).get(`/api/v1/admins/${created.body.adminId}`)).body).toMatchObject({ type: 'api', status: 'active' });
  });

  it('an admin changes its own password by proving the current one; the policy applies', async () => {
    const change = (currentPassword: string, newPassword: string) => api(s.rao).post('/api/v1/auth/password', { currentPassword, newPassword });
    expect((await change('wrong password!', 'another long password')).body.code).toBe('CURRENT_PASSWORD_WRONG');
    expect((await change(password, 'short')).body).toMatchObject({ code: 'PASSWORD_POLICY', detail: expect.stringContaining('12 characters') });
    const before = await api().post('/api/v1/auth/sign-in', { email: 'rao@a.ac.uk', password });
    clock.advance(1000);
    expect((await change(password, 'another long password')).status).toBe(200);
    // Sessions begun before the change refresh no more.
    expect((await api().post('/api/v1/auth/refresh', { refreshToken: before.body.refreshToken })).body.code).toBe('SESSION_ENDED');
    expect((await api().post('/api/v1/auth/sign-in', { email: 'rao@a.ac.uk', password })).status).toBe(401);
    const after = await api().post('/api/v1/auth/sign-in', { email: 'rao@a.ac.uk', password: 'another long password' });
    expect((await api().post('/api/v1/auth/refresh', { refreshToken: after.body.refreshToken })).status).toBe(200);
    s.rao = after.body.accessToken;
  });

  it('repeated failures lock the account with backoff; answers and timing do not tell accounts apart', async () => {
    const attempt = (email: string, pw: string) => api().post('/api/v1/auth/sign-in', { email, password: pw });
    for (let i = 0; i < 5; i++) expect((await attempt('drao.p@a.ac.uk', 'wrong password!')).status).toBe(401);
    const locked = await attempt('drao.p@a.ac.uk', password);
    const unknown = await attempt('nobody@a.ac.uk', password);
    expect(locked).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    expect(unknown.body).toEqual({ ...locked.body });
    clock.advance(61_000);
    expect((await attempt('drao.p@a.ac.uk', password)).status).toBe(200);

    // An unknown address costs a password hash too: without it the answer would come ~50x faster.
    const time = async (email: string) => {
      const started = performance.now();
      await attempt(email, 'wrong password!');
      return performance.now() - started;
    };
    const known = [await time('rao@a.ac.uk'), await time('rao@a.ac.uk')];
    const absent = [await time('absent@a.ac.uk'), await time('absent@a.ac.uk')];
    expect(Math.min(...absent)).toBeGreaterThan(Math.min(...known) / 3);
  });

  it('answers with security headers', async () => {
    const reply = await fetch(`${platform.url}/api/v1/auth/me`);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('x-frame-options')).toBe('DENY');
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('x-powered-by')).toBeNull();
  });

  it('rate-limits sign-in per client with problem+json 429 and Retry-After', async () => {
    const replies = [];
    for (let i = 0; i < 21; i++) replies.push(await api().post('/api/v1/auth/sign-in', { email: 'nobody@a.ac.uk', password: 'x' }));
    expect(replies.slice(0, 20).every((r) => r.status === 401)).toBe(true);
    expect(replies[20]).toMatchObject({ status: 429, contentType: expect.stringContaining('application/problem+json'), body: { code: 'RATE_LIMITED' } });
    const raw = await fetch(`${platform.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"a","password":"b"}' });
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(61_000);
    expect((await api().post('/api/v1/auth/sign-in', { email: 'nobody@a.ac.uk', password: 'x' })).status).toBe(401);
  });
});
