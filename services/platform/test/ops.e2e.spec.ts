import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@platform/event-store';
import { testDatabaseUrl } from '@platform/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client } from './http-client';

const ROOT = resolve(__dirname, '../../..');

/** `npm run ops -- <args>` as an operator runs it, against a data directory. */
function ops(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return opsWith({ DATA_DIR: dataDir, NATS_URL: '', DATABASE_URL: '', EVENT_STORE: '' }, ...args);
}

function opsWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', './tools/register.js', 'services/platform/src/ops/ops.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The ops command on the embedded stores: audit of the hash chain, events export and stats. */
describe('ops command (single process stores)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ops-e2e-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let org: OrganisationUnderTest;

  beforeAll(async () => {
    platform = await startPlatform({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password });
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A', raoCount: 2 });
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('events export of a subscription stream (NDJSON and CSV) gives the events its history endpoint shows, while the platform runs', async () => {
    const history = (await client(platform.url!, org.mrao).get(`/api/v1/organisations/${org.orgId}/subscription/events`)).body as { id: string; type: string; revision: number }[];
    expect(history.length).toBeGreaterThan(0);

    const ndjson = await ops(dataDir, 'events', 'export', '--service', 'billing', '--stream', `subscription-${org.orgId}`);
    expect(ndjson.code).toBe(0);
    const lines = ndjson.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; type: string; revision: number; service: string; hash: string });
    expect(lines.map(({ id, type, revision }) => ({ id, type, revision }))).toEqual(history.map(({ id, type, revision }) => ({ id, type, revision })));
    expect(lines.every((l) => l.service === 'billing' && /^[0-9a-f]{64}$/.test(l.hash))).toBe(true);

    const csv = await ops(dataDir, 'events', 'export', '--service', 'billing', '--stream', `subscription-${org.orgId}`, '--format', 'csv');
    const records = csv.stdout.trimEnd().split('\r\n');
    expect(records[0]).toBe('service,position,streamId,revision,id,type,occurredAt,actor,correlationId,causationId,data,hash');
    expect(records.slice(1).map((r) => r.split(',')[4])).toEqual(history.map((h) => h.id));
  });

  it('events export filters by type and position, and refuses a bound that is neither', async () => {
    const all = await ops(dataDir, 'events', 'export', '--service', 'identity');
    const events = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; position: string });
    const invited = events.filter((e) => e.type === 'AdminInvited');
    expect(invited.length).toBeGreaterThanOrEqual(2);
    const byType = await ops(dataDir, 'events', 'export', '--service', 'identity', '--type', 'AdminInvited');
    expect(byType.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { position: string }).position)).toEqual(invited.map((e) => e.position));
    const window = await ops(dataDir, 'events', 'export', '--service', 'identity', '--from', events[1].position, '--to', events[2].position);
    expect(window.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { position: string }).position)).toEqual([events[1].position, events[2].position]);

    const wrong = await ops(dataDir, 'events', 'export', '--from', 'last tuesday');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--from must be a position');
    expect(wrong.stdout).toBe('');
  });

  it('events stats counts the events of each service by type', async () => {
    const stats = await ops(dataDir, 'events', 'stats', '--service', 'billing');
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/^billing: \d+ events in \d+ streams/);
    expect(stats.stdout).toMatch(/\d+ {2}SubscriptionStarted/);
  });

  it('audit verify passes on the untouched log, then names the event an UPDATE changed behind the store', async () => {
    const clean = await ops(dataDir, 'audit', 'verify');
    expect(clean.code).toBe(0);
    for (const service of ['identity', 'billing', 'validation', 'notifications']) expect(clean.stderr).toMatch(new RegExp(`${service}: ok, \\d+ events`));

    const db = new Database(join(dataDir, 'billing', 'events.db'));
    const target = db.prepare('SELECT position, stream_id, revision, id FROM events WHERE stream_id = ? ORDER BY revision LIMIT 1').get(`subscription-${org.orgId}`) as {
      position: bigint;
      stream_id: string;
      revision: number;
      id: string;
    };
    db.prepare("UPDATE events SET data = json_set(data, '$.usageClass', 'F') WHERE position = ?").run(target.position);
    db.close();

    const tampered = await ops(dataDir, 'audit', 'verify');
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`billing: BROKEN at position ${target.position}, stream ${target.stream_id} revision ${target.revision} (event ${target.id})`);
    expect(tampered.stderr).toMatch(/identity: ok/);
  }, 60_000);
});

/** The same command on the distributed mode's PostgreSQL stores (a schema per service, under a prefix). */
describe('ops command (PostgreSQL stores)', () => {
  const prefix = `ops_${randomBytes(4).toString('hex')}_`;
  const env = { EVENT_STORE: 'postgres', DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA_PREFIX: prefix, NATS_URL: '' };

  afterAll(async () => {
    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${prefix}billing_events CASCADE`);
    await db.end();
  });

  it('audit verify passes, then names an event whose row was changed; export reads the same store', async () => {
    const store = await PostgresEventStore.connect({ connectionString: testDatabaseUrl(), schema: `${prefix}billing_events` });
    const metadata = { correlationId: 'ops-test', occurredAt: '2026-12-07T10:00:00.000Z' };
    try {
      await store.appendToStream('subscription-1', [1, 2, 3].map((i) => ({ type: 'UnitCounted', data: { i }, metadata })), 'no_stream');
      await store.appendToStream('subscription-2', [{ type: 'UnitCounted', data: { i: 9 }, metadata }], 'no_stream');
    } finally {
      await store.close();
    }
    const clean = await opsWith(env, 'audit', 'verify', '--service', 'billing');
    expect(clean.code).toBe(0);
    expect(clean.stderr).toContain('billing: ok, 4 events in 2 streams');
    const exported = await opsWith(env, 'events', 'export', '--service', 'billing', '--category', 'subscription', '--type', 'UnitCounted');
    expect(exported.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { data: { i: number } }).data.i)).toEqual([1, 2, 3, 9]);

    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    const { rows } = await db.query(`UPDATE ${prefix}billing_events.events SET data = '{"i": 7}' WHERE stream_id = 'subscription-1' AND revision = 1 RETURNING position, id`);
    await db.end();
    const tampered = await opsWith(env, 'audit', 'verify', '--service', 'billing');
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`billing: BROKEN at position ${rows[0].position}, stream subscription-1 revision 1 (event ${rows[0].id})`);
  }, 60_000);
});
