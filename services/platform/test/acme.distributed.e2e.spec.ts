import { TestDnsServer } from '@platform/testing';
import { type ChallengeHttpServer, startChallengeHttpServer } from './acme-challenge-server';
import { acmeScenario } from './acme.scenario';
import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { eventually, signIn } from './http-client';

/**
 * ACME in the distributed mode: `SERVICES=acme` is its own process with its own HTTP listener
 * (ACME_PORT), over NATS and PostgreSQL; its nonces are single-use across instances through the
 * PostgreSQL event store.
 */
describe('ACME with acme-client, distributed (a process per service, NATS, PostgreSQL)', () => {
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: DistributedPlatform;
  let dns: TestDnsServer;
  let http: ChallengeHttpServer & { close(): Promise<void> };

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    http = await startChallengeHttpServer();
    platform = await startDistributedPlatform({
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
      DNS_RESOLVER: dns.address,
      DCV_HTTP_PORT: String(http.port),
      DCV_HTTP_ALLOW_PRIVATE: 'true',
      BILLING_SCHEDULER_INTERVAL_MS: '100',
      ACME_RATE_ORDERS_PER_ACCOUNT_PER_MINUTE: '30',
    });
    await eventually(() => signIn(platform.url, operator.email, operator.password).then((t) => t, () => undefined), 60_000);
    // The gateway's health says nothing of the acme process: wait for its directory.
    await eventually(() => fetch(`${platform.acmeUrl}/acme/directory`).then((r) => (r.ok ? true : undefined), () => undefined), 60_000);
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
    await dns?.close();
    await http?.close();
  });

  acmeScenario(() => ({ url: platform.url, acmeUrl: platform.acmeUrl, operator, dns, http }));
});
