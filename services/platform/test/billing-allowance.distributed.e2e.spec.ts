import { TestDnsServer } from '@platform/testing';
import { allowanceScenario } from './billing-allowance.scenario';
import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { eventually, signIn } from './http-client';

/** The same race with every service its own process: reservations cross NATS, events live in PostgreSQL. */
describe('never over-issue, distributed (a process per service, NATS, PostgreSQL)', () => {
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: DistributedPlatform;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    // The burst queues 200 requests at once: what is tested is the count, not the latency, so a loaded
    // machine must not turn slow answers into timeouts.
    platform = await startDistributedPlatform({
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
      DNS_RESOLVER: dns.address,
      BUS_REQUEST_TIMEOUT_MS: '30000',
    });
    await eventually(() => signIn(platform.url, operator.email, operator.password).then((t) => t, () => undefined), 60_000);
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
    await dns?.close();
  });

  allowanceScenario('distributed', () => ({ url: platform.url, operator }));
});
