import { TestDnsServer } from '@platform/testing';
import { eventually, signIn } from './http-client';
import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { type PlatformUnderTest, skeletonScenario } from './skeleton.scenario';

/** The walking skeleton with each service its own OS process, over NATS (JetStream) and PostgreSQL. */
describe('walking skeleton, distributed (a process per service, NATS, PostgreSQL)', () => {
  const adminEmail = 'operator@example.ac.uk';
  const adminPassword = 'operator password for tests';
  let platform: DistributedPlatform;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startDistributedPlatform({ PORTAL_ADMIN_EMAIL: adminEmail, PORTAL_ADMIN_PASSWORD: adminPassword, DNS_RESOLVER: dns.address });
    // identity bootstraps the operator once it is up; the gateway may be ready before that.
    await eventually(() => signIn(platform.url, adminEmail, adminPassword).then((t) => t, () => undefined), 60_000);
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
    await dns?.close();
  });

  it('runs every service as its own process', () => {
    expect([...platform.processes.keys()].sort()).toEqual(['acme', 'billing', 'gateway', 'identity', 'issuance', 'notifications', 'validation']);
    expect(new Set([...platform.processes.values()].map((p) => p.pid)).size).toBe(7);
  });

  const underTest = (): PlatformUnderTest => ({ url: platform.url, adminEmail, adminPassword, dns });
  skeletonScenario(underTest);
});
