import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type TestSmtpServer, freePort, startSmtpServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { TestBrowser } from './browser';
import { client, eventually, signIn } from './http-client';

/**
 * IdP invitation and sign-in against a real OpenID Provider (npm oidc-provider, in a worker thread
 * of this process): authorization code + PKCE through openid-client in the gateway. Every link is
 * taken from mail delivered to a real SMTP server (npm smtp-server).
 */
describe('OpenID Connect: IdP invitation, binding and sign-in (real oidc-provider)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-oidc-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const password = 'correct horse battery staple';
  let platform: PlatformHandle;
  let provider: Worker;
  let issuer: string;
  const s: Record<string, string> = {};
  const api = (token?: string) => client(platform.url!, token);
  let smtp: TestSmtpServer;

  /** The newest link in mail to `email` whose subject matches, as delivered over SMTP. */
  const mailLink = (email: string, subject: RegExp) =>
    eventually(async () => {
      const mail = smtp.received.filter((m) => m.to.includes(email) && subject.test(/^Subject: (.*)$/m.exec(m.text)?.[1] ?? '')).at(-1);
      return mail && /(http\S+token=\S+)/.exec(mail.text)![1];
    });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    provider = new Worker(join(__dirname, 'oidc-provider.worker.mjs'), {
      workerData: {
        providerPath: pathToFileURL(require.resolve('oidc-provider')).href,
        clientId: 'cert-platform',
        clientSecret: 'a client secret for tests only',
        redirectUri: `${base}/api/v1/auth/oidc/callback`,
      },
    });
    issuer = await new Promise<string>((resolve, reject) => {
      provider.on('message', (m: { issuer?: string }) => m.issuer && resolve(m.issuer));
      provider.once('error', reject);
    });
    platform = await startPlatform({
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: base,
      LOG_LEVEL: 'error',
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'cert-platform',
      OIDC_CLIENT_SECRET: 'a client secret for tests only',
      SMTP_URL: smtp.url,
    });
    s.mrao = await signIn(platform.url!, operator.email, operator.password);
    s.org = (await api(s.mrao).post('/api/v1/organisations', { name: 'IdP University', member: true })).body.id;
    for (const who of ['alice', 'bob']) {
      const added = await api(s.mrao).post('/api/v1/admins', { email: `${who}@idp.ac.uk`, name: who, grants: [{ role: 'RAO', organisationId: s.org }] });
      s[who] = added.body.adminId;
      const link = await mailLink(`${who}@idp.ac.uk`, /administrator account/);
      const token = decodeURIComponent(link.split('token=')[1]);
      expect((await api().post('/api/v1/auth/accept-invitation', { token, password })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await platform?.close();
    provider?.postMessage('close');
    await provider?.terminate();
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('another admin sends the IdP invitation; nobody sends one to themself', async () => {
    const alice = await signIn(platform.url!, 'alice@idp.ac.uk', password);
    expect((await api(alice).post(`/api/v1/admins/${s.alice}/idp-invitation`, {})).body.code).toBe('SELF_MANAGEMENT');
    const sent = await api(s.mrao).post(`/api/v1/admins/${s.alice}/idp-invitation`, {});
    expect(sent).toMatchObject({ status: 201, body: { adminId: s.alice, invitationExpiresAt: expect.any(String) } });
    s.aliceLink = await mailLink('alice@idp.ac.uk', /organisation account/);
    expect(s.aliceLink).toContain('/api/v1/auth/oidc/bind?token=');
  });

  it('following the link and signing in at the provider binds issuer + subject; then only the IdP signs the account in', async () => {
    const bound = await new TestBrowser('alice-at-idp').open(s.aliceLink);
    expect(bound).toMatchObject({ status: 200, body: { adminId: s.alice, email: 'alice@idp.ac.uk', bound: true } });
    const view = await api(s.mrao).get(`/api/v1/admins/${s.alice}`);
    expect(view.body).toMatchObject({ type: 'idp', idpIssuer: issuer, status: 'active' });
    expect((await api().post('/api/v1/auth/sign-in', { email: 'alice@idp.ac.uk', password })).body.code).toBe('INVALID_CREDENTIALS');

    const signedIn = await new TestBrowser('alice-at-idp').open(`${platform.url}/api/v1/auth/oidc/sign-in`);
    expect(signedIn).toMatchObject({ status: 200, body: { tokenType: 'Bearer', refreshToken: expect.any(String) } });
    const me = await api(signedIn.body.accessToken).get('/api/v1/auth/me');
    expect(me.body).toMatchObject({ adminId: s.alice, grants: [{ role: 'RAO', organisationId: s.org }] });
    const history = await api(s.mrao).get(`/api/v1/admins/${s.alice}/events`);
    expect(history.body.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['IdpInvited', 'IdpBound', 'SignedIn']));
    expect(JSON.stringify(history.body)).not.toContain('alice-at-idp');
  });

  it('a second binding attempt and a mismatched identity are refused clearly', async () => {
    const again = await new TestBrowser('alice-at-idp').open(s.aliceLink);
    expect(again).toMatchObject({ status: 409, body: { code: 'IDP_ALREADY_BOUND' } });
    expect((await api(s.mrao).post(`/api/v1/admins/${s.alice}/idp-invitation`, {})).body.code).toBe('IDP_ALREADY_BOUND');

    await api(s.mrao).post(`/api/v1/admins/${s.bob}/idp-invitation`, {});
    const bobLink = await mailLink('bob@idp.ac.uk', /organisation account/);
    // Bob signs in at the provider as Alice: that identity belongs to another account.
    const mismatch = await new TestBrowser('alice-at-idp').open(bobLink);
    expect(mismatch).toMatchObject({ status: 409, body: { code: 'IDP_IDENTITY_IN_USE', detail: expect.stringContaining('another administrator') } });
    // The refused attempt stored nothing: Bob's link still works with his own identity.
    expect((await new TestBrowser('bob-at-idp').open(bobLink)).body).toMatchObject({ adminId: s.bob, bound: true });
  });

  it('refuses an unbound identity, a callback without its flow cookie, and a forged link', async () => {
    const stranger = await new TestBrowser('stranger').open(`${platform.url}/api/v1/auth/oidc/sign-in`);
    expect(stranger).toMatchObject({ status: 401, body: { code: 'IDP_NOT_BOUND' } });
    const noFlow = await api().get('/api/v1/auth/oidc/callback?code=x&state=y');
    expect(noFlow).toMatchObject({ status: 400, body: { code: 'IDP_FLOW_INVALID' } });
    const forged = await api().get(`/api/v1/auth/oidc/bind?token=${s.alice}.x.y`);
    expect(forged).toMatchObject({ status: 422, body: { code: 'INVITATION_INVALID' } });
  });

  // Issue 18 (7): a repeated token reached the bus contract check as an array: 500.
  it('a repeated, bracketed or missing token, or another parameter, is a 400 problem naming the parameter', async () => {
    // Each from its own loopback address: the bind link is rate-limited per client address.
    const get = (path: string, localAddress: string) =>
      new Promise<{ status: number; contentType: string; body: { code: string; detail: string } }>((resolve, reject) => {
        const url = new URL(path, platform.url!);
        request({ host: url.hostname, port: url.port, path: url.pathname + url.search, localAddress }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode!, contentType: response.headers['content-type'] ?? '', body: JSON.parse(text) }));
        })
          .on('error', reject)
          .end();
      });
    const queries = ['token=a&token=b', 'token[]=a', 'token[x]=a', '', 'token=a&other=1'];
    for (const [i, query] of queries.entries()) {
      const refused = await get(`/api/v1/auth/oidc/bind?${query}`, `127.0.0.${20 + i}`);
      expect(refused).toMatchObject({ status: 400, contentType: expect.stringContaining('application/problem+json') });
      expect(refused.body.detail).toContain(query.includes('other') ? 'other' : 'token');
    }
  });
});
