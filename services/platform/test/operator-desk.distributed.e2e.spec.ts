import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { eventually, signIn } from './http-client';
import { operatorDeskScenario } from './operator-desk.scenario';

/**
 * The operator's desk with each service its own OS process (NATS, PostgreSQL): the rename reaches
 * issuance and the member flag billing as identity's events, the listing asks billing and validation
 * over NATS, the vetting mail goes validation → notifications. The processes run on real time, so the
 * scenario checks the queue's order rather than exact submission times, and waits for the rename by issuing.
 */
describe('operator desk (distributed)', () => {
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: DistributedPlatform;
  /** the day the scenario's subscriptions start: billing dates terms by its own clock (UTC), which is this machine's */
  let today: string;

  beforeAll(async () => {
    platform = await startDistributedPlatform({ PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password });
    // identity bootstraps the operator once it is up; the gateway may be ready before that.
    await eventually(() => signIn(platform.url, operator.email, operator.password).then((t) => t, () => undefined), 60_000);
    today = new Date().toISOString().slice(0, 10);
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
  });

  operatorDeskScenario(() => ({ url: platform.url, operator, today: () => today }));
});
