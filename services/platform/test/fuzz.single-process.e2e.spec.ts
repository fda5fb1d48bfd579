import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock } from '@platform/kernel';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, SERVICES, startPlatform } from '../src/platform';
import { fuzzPlatform } from './fuzz.scenario';

/**
 * Issue 18's fuzz suite in the embedded mode: every OpenAPI operation and ACME endpoint fed hostile
 * input; 0 × 5xx, every refusal a problem document, and no event appended by a refused request.
 * FUZZ_SEED replays a run (the seed is printed).
 */
describe('fuzz: every operation refuses hostile input (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-fuzz-'));
  const clock = new ManualClock(new Date('2026-12-07T09:00:00Z'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const seed = Number(process.env.FUZZ_SEED) || Date.now() % 1_000_000;
  let platform: PlatformHandle;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startPlatform(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password, DNS_RESOLVER: dns.address },
      { clock },
    );
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every case with a refusal and changes nothing', async () => {
    const stores = SERVICES.map((s) => join(dataDir, s, 'events.db'))
      .filter((f) => existsSync(f))
      .map((f) => new Database(f, { readonly: true }));
    const eventCount = async () => stores.reduce((sum, db) => sum + (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n, 0);
    try {
      const result = await fuzzPlatform(
        { url: platform.url!, acmeUrl: platform.url!, operator, eventCount, advanceClock: (ms) => clock.advance(ms) },
        seed,
      );
      console.log(`fuzz (single process) seed=${seed}: ${result.sent} requests, statuses ${JSON.stringify(result.byStatus)}`);
      expect(result.findings).toEqual([]);
    } finally {
      for (const db of stores) db.close();
    }
  }, 300_000);
});
