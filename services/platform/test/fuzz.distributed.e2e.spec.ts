import { Client } from 'pg';
import { TestDnsServer, testDatabaseUrl } from '@platform/testing';
import { SERVICES } from '../src/platform';
import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { fuzzPlatform } from './fuzz.scenario';

/**
 * The fuzz suite against every service as its own process over NATS and PostgreSQL, where a NUL or a
 * lone surrogate that reaches SQL fails differently (22P05, 22P02) than in SQLite. No clock to move
 * here: a rate-limited route may answer 429 before its input check (a refusal all the same).
 */
describe('fuzz: every operation refuses hostile input (distributed)', () => {
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const seed = Number(process.env.FUZZ_SEED) || Date.now() % 1_000_000;
  let platform: DistributedPlatform;
  let dns: TestDnsServer;
  const db = new Client({ connectionString: testDatabaseUrl() });

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startDistributedPlatform({
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
      DNS_RESOLVER: dns.address,
      LOG_LEVEL: 'error',
    });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db.end();
    await platform?.stop();
    await dns?.close();
  });

  it('answers every case with a refusal and changes nothing', async () => {
    const { rows } = await db.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 || '%\\_events'", [platform.schemaPrefix]);
    const schemas = rows.map((r) => r.nspname);
    expect(schemas.length).toBeGreaterThanOrEqual(SERVICES.length - 1); // every service but the gateway keeps events
    const eventCount = async () => {
      let sum = 0;
      for (const schema of schemas) sum += Number((await db.query(`SELECT count(*) AS n FROM "${schema}".events`)).rows[0].n);
      return sum;
    };
    const result = await fuzzPlatform({ url: platform.url, acmeUrl: platform.acmeUrl, operator, eventCount }, seed);
    console.log(`fuzz (distributed) seed=${seed}: ${result.sent} requests, statuses ${JSON.stringify(result.byStatus)}`);
    expect(result.findings).toEqual([]);
  }, 600_000);
});
