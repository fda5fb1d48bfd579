import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type PlatformUnderTest, skeletonScenario } from './skeleton.scenario';

/** The walking skeleton with every service in this process: in-process bus, SQLite under a fresh DATA_DIR. */
describe('walking skeleton, single process (embedded)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-e2e-'));
  const adminEmail = 'operator@example.ac.uk';
  const adminPassword = 'operator password for tests';
  let platform: PlatformHandle;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startPlatform({
      DNS_RESOLVER: dns.address,
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      PORTAL_ADMIN_EMAIL: adminEmail,
      PORTAL_ADMIN_PASSWORD: adminPassword,
    });
  });

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const underTest = (): PlatformUnderTest => ({ url: platform.url!, adminEmail, adminPassword, dns });
  skeletonScenario(underTest);
});
