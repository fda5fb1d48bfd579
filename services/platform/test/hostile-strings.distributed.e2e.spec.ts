import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { hostileStringsScenario } from './hostile-strings.scenario';
import { eventually, signIn } from './http-client';

/** The same refusals with every service its own process and PostgreSQL behind (where NUL was a 500). */
describe('hostile strings at the gateway, distributed (a process per service, NATS, PostgreSQL)', () => {
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: DistributedPlatform;

  beforeAll(async () => {
    platform = await startDistributedPlatform({ PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password });
    await eventually(() => signIn(platform.url, operator.email, operator.password).then((t) => t, () => undefined), 60_000);
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
  });

  hostileStringsScenario(() => ({ url: platform.url, operator }));
});
