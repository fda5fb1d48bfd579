import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type ChallengeHttpServer, startChallengeHttpServer } from './acme-challenge-server';
import { organisationWithSubscription } from './billing.fixtures';
import { client } from './http-client';

const run = promisify(execFile);

/**
 * Debian's certbot, unmodified, against the single process: issue with EAB (a pre-validated name,
 * and one proven by http-01 through certbot's webroot served on loopback), renew, revoke.
 * certbot takes a plain-HTTP --server on loopback, so no TLS is needed here.
 */
describe('ACME with certbot, single process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-certbot-'));
  const certbotDir = mkdtempSync(join(tmpdir(), 'certbot-'));
  const webroot = join(certbotDir, 'webroot');
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let http: ChallengeHttpServer & { close(): Promise<void> };
  let binding: { keyId: string; hmacKey: string };
  let rao: ReturnType<typeof client>;

  const certbot = (...args: string[]) =>
    run(
      'certbot',
      [
        ...args,
        '--non-interactive',
        '--config-dir', join(certbotDir, 'config'),
        '--work-dir', join(certbotDir, 'work'),
        '--logs-dir', join(certbotDir, 'logs'),
      ],
      { timeout: 120_000 },
    ).catch((error: Error & { stderr?: string; stdout?: string }) => {
      throw new Error(`certbot ${args[0]} failed: ${error.message}\n${error.stdout}\n${error.stderr}`);
    });
  const live = (name: string) => readFileSync(join(certbotDir, 'config', 'live', name, 'cert.pem'), 'utf8');

  beforeAll(async () => {
    mkdirSync(join(webroot, '.well-known', 'acme-challenge'), { recursive: true });
    dns = await TestDnsServer.start();
    http = await startChallengeHttpServer(webroot);
    platform = await startPlatform({
      DNS_RESOLVER: dns.address,
      DATA_DIR: dataDir,
      DCV_HTTP_PORT: String(http.port),
      DCV_HTTP_ALLOW_PRIVATE: 'true',
      PORT: '0',
      LOG_LEVEL: 'warn',
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
    });
    const org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A' });
    rao = client(platform.url!, org.raos[0].token);
    binding = (await rao.post('/api/v1/acme/bindings', { organisationId: org.orgId, label: 'certbot' })).body;
    expect((await rao.post(`/api/v1/organisations/${org.orgId}/domains`, { domain: 'webroot.ac.uk' })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    await http?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(certbotDir, { recursive: true, force: true });
  });

  it('issues for a pre-validated name with --eab-kid and --eab-hmac-key, renews, then revokes', async () => {
    const server = `${platform.url}/acme/directory`;
    await certbot('certonly', '--server', server, '--eab-kid', binding.keyId, '--eab-hmac-key', binding.hmacKey,
      '--agree-tos', '--email', 'web@example.ac.uk', '--no-eff-email', '--key-type', 'ecdsa',
      '--manual', '--manual-auth-hook', '/bin/false', '-d', 'certbot.example.ac.uk');
    const first = new X509Certificate(live('certbot.example.ac.uk'));
    expect(first.subjectAltName).toBe('DNS:certbot.example.ac.uk');

    // certbot sleeps up to 8 minutes before renewing when it runs without a terminal, as from cron.
    await certbot('renew', '--force-renewal', '--no-random-sleep-on-renew');
    const renewed = new X509Certificate(live('certbot.example.ac.uk'));
    expect(renewed.serialNumber).not.toBe(first.serialNumber);

    await certbot('revoke', '--cert-name', 'certbot.example.ac.uk', '--reason', 'superseded', '--no-delete-after-revoke');
    const list = await rao.get('/api/v1/certificates?status=revoked');
    expect(list.body.items.map((c: { serialNumber: string }) => c.serialNumber.replace(/:/g, '').toUpperCase())).toContain(renewed.serialNumber);
  }, 180_000);

  it('proves a name by http-01 with certbot --webroot, the file served by a real HTTP server on loopback', async () => {
    dns.add({ name: 'www.webroot.ac.uk', type: 'A', data: '127.0.0.1' });
    // The loopback server answers from certbot's webroot, as a web server would (certbot reuses its account).
    await certbot('certonly', '--server', `${platform.url}/acme/directory`, '--webroot', '-w', webroot, '-d', 'www.webroot.ac.uk');
    expect(new X509Certificate(live('www.webroot.ac.uk')).subjectAltName).toBe('DNS:www.webroot.ac.uk');
  }, 180_000);
});

