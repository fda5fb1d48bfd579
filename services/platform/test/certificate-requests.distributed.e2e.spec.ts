import { TestDnsServer } from '@platform/testing';
import { certificateRequestsScenario } from './certificate-requests.scenario';
import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { eventually, signIn } from './http-client';

/**
 * Issue 12's request lifecycle with each service its own OS process (NATS, PostgreSQL): the hold, the
 * approvers' mail (issuance → notifications → identity), approval (issued, counted once), decline
 * (nothing counted), refusals listed with their codes, the listing and the policy.
 */
describe('certificate requests: approval, lifecycle and listing (distributed)', () => {
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: DistributedPlatform;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startDistributedPlatform({ PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password, DNS_RESOLVER: dns.address });
    await eventually(() => signIn(platform.url, operator.email, operator.password).then((t) => t, () => undefined), 60_000);
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
    await dns?.close();
  });

  certificateRequestsScenario(() => ({ url: platform.url, operator }));
});
