import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, TestDnsServer } from '@platform/testing';
import * as acme from 'acme-client';
import { client, eventually, signIn } from './http-client';
import { makeCsr } from './openssl';

const ROOT = resolve(__dirname, '../../..');

/**
 * The single process as `npm start` runs it, at debug level with JSON logs: every line it prints is
 * one JSON object with level, time, service and msg; a request's correlation id reaches its log
 * lines; and none of the secrets the scenario used (passwords, the invitation token, access tokens,
 * the EAB HMAC key, the CSR) appears anywhere in what it printed.
 */
describe('structured logs (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'logs-e2e-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password 4f9b2c7e' };
  const raoPassword = 'rao password 8d1e6a3f';
  const secrets: Record<string, string> = { operatorPassword: operator.password, raoPassword };
  const stdout: string[] = [];
  const stderr: string[] = [];
  let child: ChildProcess;
  let dns: TestDnsServer;
  let url: string;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    const port = await freePort();
    child = spawn(process.execPath, ['-r', './tools/register.js', 'services/platform/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'debug',
        DATA_DIR: dataDir,
        PORT: String(port),
        NATS_URL: '',
        SERVICES: '',
        DNS_RESOLVER: dns.address,
        PORTAL_ADMIN_EMAIL: operator.email,
        PORTAL_ADMIN_PASSWORD: operator.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => stdout.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
    url = `http://127.0.0.1:${port}`;
    await eventually(() => signIn(url, operator.email, operator.password).catch(() => undefined), 60_000);
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const output = () => stdout.join('') + stderr.join('');

  it('drives a scenario full of secrets', async () => {
    const mrao = await signIn(url, operator.email, operator.password);
    secrets.operatorAccessToken = mrao;
    const org = await client(url, mrao).post('/api/v1/organisations', { name: 'Logging University', member: true });
    expect(org.status).toBe(201);
    const orgId: string = org.body.id;
    const email = 'rao@example.ac.uk';
    const invited = await client(url, mrao).post(`/api/v1/organisations/${orgId}/admins`, { email, name: 'Rao', role: 'RAO' }, { 'x-correlation-id': 'logs-e2e-invite' });
    expect(invited.status).toBe(201);
    const mail = await eventually(async () => (await client(url, mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(email)}`)).body[0]);
    const encodedToken = /token=([^\s]+)/.exec(mail.text)![1];
    secrets.invitationToken = decodeURIComponent(encodedToken);
    secrets.invitationTokenInLink = encodedToken;
    expect((await client(url).post('/api/v1/auth/accept-invitation', { token: secrets.invitationToken, password: raoPassword })).status).toBe(200);
    const rao = await signIn(url, email, raoPassword);
    secrets.raoAccessToken = rao;

    await client(url, mrao).post(`/api/v1/organisations/${orgId}/validation/operator-assertion`, {});
    await client(url, mrao).post(`/api/v1/organisations/${orgId}/domains/example.ac.uk/operator-assertion`, {});
    expect((await client(url, mrao).post(`/api/v1/organisations/${orgId}/subscription`, { usageClass: 'A' })).status).toBe(201);

    // A token in a query string (a mistaken client, or a link followed): the request is logged, the token not.
    expect((await client(url).get(`/api/v1/organisations?token=${encodeURIComponent(rao)}`)).status).toBe(401);

    const csr = makeCsr({ names: ['www.example.ac.uk'], key: 'p256' });
    secrets.csr = csr.split('\n').slice(1, -2).join(''); // the base64 body
    secrets.csrFirstLine = csr.split('\n')[1];
    const issued = await client(url, rao).post('/api/v1/certificates', { organisationId: orgId, csr });
    expect(issued.status).toBe(201);

    const binding = await client(url, rao).post('/api/v1/acme/bindings', { organisationId: orgId, label: 'web servers' });
    expect(binding.status).toBe(201);
    secrets.hmacKey = binding.body.hmacKey;
    const account = new acme.Client({
      directoryUrl: `${url}/acme/directory`,
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
      externalAccountBinding: { kid: binding.body.keyId, hmacKey: binding.body.hmacKey },
    });
    await expect(account.createAccount({ termsOfServiceAgreed: true })).resolves.toMatchObject({ status: 'valid' });
  }, 60_000);

  it('carries the caller\'s correlation id into the request\'s log lines, and gives a request without one a new one', async () => {
    const given = 'logs-e2e-correlation-1';
    const withId = await fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': given },
      body: JSON.stringify({ email: operator.email, password: operator.password }),
    });
    expect(withId.status).toBe(200);
    expect(withId.headers.get('x-correlation-id')).toBe(given);
    const without = await fetch(`${url}/api/v1/organisations`);
    const generated = without.headers.get('x-correlation-id');
    expect(generated).toMatch(/^[\w-]{20,}$/);

    const lines = await eventually(async () => {
      const parsed = jsonLines();
      const ofGiven = parsed.filter((l) => l.correlationId === given);
      // the HTTP answer and the identity request behind it, both logged with the caller's id
      return ofGiven.some((l) => l.context === 'Http') && ofGiven.some((l) => l.context === 'Bus') && parsed.some((l) => l.correlationId === generated)
        ? ofGiven
        : undefined;
    });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^identity\.cmd\.sign-in\.v1 ok/), expect.stringMatching(/^POST \/api\/v1\/auth\/sign-in 200/)]));
  });

  it('carries a request\'s correlation id with the events it caused, to the services that consume them', async () => {
    // The invitation: identity stores AdminInvited with the request's id, the relay publishes it with it,
    // notifications handles it (and sends the mail) with it as the current one.
    const consumed = await eventually(async () =>
      jsonLines().find((l) => l.correlationId === 'logs-e2e-invite' && /^notifications consumed identity\.evt\./.test(String(l.msg))),
    );
    expect(consumed).toMatchObject({ context: 'Bus', level: 'debug' });
  });

  it('prints nothing but JSON lines with level, time, service and msg', () => {
    const text = output();
    const lines = text.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
      expect(entry).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), service: expect.any(String), msg: expect.any(String) }));
    }
    expect(new Set(jsonLines().map((l) => l.service))).toEqual(new Set(['identity+billing+validation+issuance+notifications+gateway+acme']));
    // the request with a token in its query string was logged, redacted
    expect(jsonLines().some((l) => /^GET \/api\/v1\/organisations\?token=\[redacted\] 401/.test(String(l.msg)))).toBe(true);
  });

  it('prints none of the secrets the scenario used', () => {
    expect(Object.keys(secrets)).toEqual(
      expect.arrayContaining(['operatorPassword', 'raoPassword', 'invitationToken', 'operatorAccessToken', 'raoAccessToken', 'csr', 'hmacKey']),
    );
    const text = output();
    const leaked = Object.entries(secrets).filter(([, value]) => value.length >= 8 && text.includes(value));
    expect(leaked.map(([name]) => name)).toEqual([]);
    // The bootstrap password was given (PORTAL_ADMIN_PASSWORD): nothing prints it, not even the console banner.
    expect(text).not.toContain('Bootstrap operator (MRAO) created');
  });

  /** The complete lines so far (the last one may still be arriving). */
  function jsonLines(): Record<string, unknown>[] {
    const text = output();
    return text
      .slice(0, text.lastIndexOf('\n'))
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
});
