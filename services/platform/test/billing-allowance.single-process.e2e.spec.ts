import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { allowanceScenario } from './billing-allowance.scenario';

describe('never over-issue, single process (embedded)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'billing-race-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let dns: TestDnsServer;

  beforeAll(async () => {
    // Validation asks DNS (CAA); an empty loopback server answers "no records" at once.
    dns = await TestDnsServer.start();
    platform = await startPlatform({ DNS_RESOLVER: dns.address, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password, BUS_REQUEST_TIMEOUT_MS: '30000' });
  });

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  allowanceScenario('single process', () => ({ url: platform.url!, operator }));
});
