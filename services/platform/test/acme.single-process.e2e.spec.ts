import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type ChallengeHttpServer, startChallengeHttpServer } from './acme-challenge-server';
import { acmeScenario } from './acme.scenario';

/** ACME in the single process: the gateway's HTTP server serves /acme. */
describe('ACME with acme-client, single process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-acme-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let http: ChallengeHttpServer & { close(): Promise<void> };

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    http = await startChallengeHttpServer();
    platform = await startPlatform({
      DNS_RESOLVER: dns.address,
      DATA_DIR: dataDir,
      DCV_HTTP_PORT: String(http.port),
      DCV_HTTP_ALLOW_PRIVATE: 'true',
      BILLING_SCHEDULER_INTERVAL_MS: '100',
      ACME_RATE_ORDERS_PER_ACCOUNT_PER_MINUTE: '30',
      PORT: '0',
      LOG_LEVEL: 'warn',
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
    });
  });

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    await http?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  acmeScenario(() => ({ url: platform.url!, acmeUrl: platform.url!, operator, dns, http }));
});
