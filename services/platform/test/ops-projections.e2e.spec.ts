import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { PostgresEventStore, SqliteEventStore } from '@platform/event-store';
import { openReadModels } from '@platform/read-model';
import { testDatabaseUrl } from '@platform/testing';
import { PROJECTIONS } from '../src/ops/ops-projections';
import type { ProjectionStatus } from '../src/ops/projections-list.command';
import { startPlatform } from '../src/platform';
import { organisationWithSubscription } from './billing.fixtures';
import { client } from './http-client';
import { makeCsr } from './openssl';

const ROOT = resolve(__dirname, '../../..');

function ops(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', './tools/register.js', 'services/platform/src/ops/ops.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
const every = Object.entries(PROJECTIONS).flatMap(([service, projections]) => projections!.map((p) => `${service}/${p.name}`));

/** A subscription, three certificates issued and one revoked; then the platform is closed. */
async function populate(env: Record<string, string>): Promise<string[]> {
  const platform = await startPlatform({ ...env, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password });
  try {
    const org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A' });
    const api = client(platform.url!, org.raos[0].token);
    const ids: string[] = [];
    for (const host of ['www', 'mail', 'api']) {
      const reply = await api.post('/api/v1/certificates', { organisationId: org.orgId, csr: makeCsr({ names: [`${host}.example.ac.uk`], key: 'p256' }) });
      if (reply.status !== 201) throw new Error(`issue: ${reply.status} ${JSON.stringify(reply.body)}`);
      ids.push(reply.body.id as string);
    }
    expect((await api.post(`/api/v1/certificates/${ids[1]}/revoke`, { reason: 'superseded' })).status).toBe(201);
    // A projection gathers live events for a while; closing drops what it gathered (the next start
    // replays it). Caught up first, so the closed read models are complete.
    await Promise.all(openReadModels().map((host) => host.caughtUp({ timeoutMs: 10_000 })));
    // The ops command reads the stores beside the running platform.
    const running = await ops(env, 'projections', 'verify', '--all', '--service', 'issuance');
    expect(running.code).toBe(0);
    expect(running.stdout).toMatch(/^issuance\/certificate-listing: ok, up to position \d+ \(certificate_listing 3,/m);
    return ids;
  } finally {
    await platform.close();
  }
}

/**
 * Issue 15: `ops projections list` and `ops projections verify` on the stores a closed platform
 * left, embedded and PostgreSQL: every projection listed and caught up, verify clean, then a row
 * changed and another deleted behind the read model's back are both named, and verify fails.
 */
describe.each([
  { mode: 'embedded', postgres: false },
  { mode: 'postgres', postgres: true },
])('ops projections ($mode stores)', ({ postgres }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ops-projections-'));
  const prefix = `opsproj_${randomBytes(4).toString('hex')}_`;
  const env: Record<string, string> = postgres
    ? { DATA_DIR: dataDir, EVENT_STORE: 'postgres', DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA_PREFIX: prefix, NATS_URL: '' }
    : { DATA_DIR: dataDir, EVENT_STORE: '', DATABASE_URL: '', NATS_URL: '' };
  let certificates: string[];

  /** Runs SQL on issuance's live read model, behind the platform's back. */
  async function tamper(statements: [string, unknown[]][]): Promise<void> {
    if (!postgres) {
      const db = new Database(join(dataDir, 'issuance', 'read.db'));
      for (const [sql, params] of statements) db.prepare(sql).run(...params);
      db.close();
      return;
    }
    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      await db.query(`set search_path to ${prefix}issuance_read`);
      for (const [sql, params] of statements) {
        let n = 0;
        await db.query(sql.replace(/\?/g, () => `$${++n}`), params);
      }
    } finally {
      await db.end();
    }
  }

  const schemas = async (): Promise<string[]> => {
    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      const { rows } = await db.query<{ nspname: string }>('select nspname from pg_namespace where nspname like $1 order by 1', [`${prefix}%`]);
      return rows.map((r) => r.nspname);
    } finally {
      await db.end();
    }
  };

  beforeAll(async () => {
    certificates = await populate(env);
  }, 120_000);

  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (postgres) {
      const db = new Client({ connectionString: testDatabaseUrl() });
      await db.connect();
      for (const schema of await schemas()) await db.query(`drop schema if exists "${schema}" cascade`);
      await db.end();
    }
  });

  it('list shows every projection of every service, caught up, with its rows', async () => {
    const listed = await ops(env, 'projections', 'list', '--json');
    expect(listed.code).toBe(0);
    const statuses = JSON.parse(listed.stdout) as ProjectionStatus[];
    expect(statuses.map((s) => `${s.service}/${s.projection}`)).toEqual(every);
    for (const s of statuses) expect(s).toMatchObject({ lagEvents: 0, lagExact: true, lagSeconds: 0, faults: 0 });
    for (const s of statuses) expect(s.error).toBeUndefined();
    const listing = statuses.find((s) => s.projection === 'certificate-listing')!;
    expect(listing.rows).toEqual({ certificate_listing: 3, certificate_listing_name: 3 });
    expect(BigInt(listing.checkpoint!)).toBeLessThanOrEqual(BigInt(listing.head!));
    expect(statuses.find((s) => s.projection === 'outbox')!.rows.outbox).toBeGreaterThan(0);

    const table = await ops(env, 'projections', 'list', '--service', 'issuance');
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SERVICE +PROJECTION +CHECKPOINT +HEAD +LAG +LAG_S +ROWS +FAULTS +LAST ERROR$/);
    expect(lines[1]).toMatch(/^issuance +certificate-listing +\d+ +\d+ +0 +0 +certificate_listing=3 certificate_listing_name=3 +0 +-$/);
    expect(lines).toHaveLength(1 + PROJECTIONS.issuance!.length);
  }, 60_000);

  it('a projection behind its store shows its lag; verify replays only up to the live checkpoint and finds every read model equal', async () => {
    // An event appended after the platform stopped: billing-invoices handles it (and would fail on
    // it: its invoice does not exist), so it is behind by one, an hour old.
    const hourAgo = new Date(Date.now() - 3_600_000);
    const late = postgres
      ? await PostgresEventStore.connect({ connectionString: testDatabaseUrl(), schema: `${prefix}billing_events` })
      : await SqliteEventStore.open(join(dataDir, 'billing', 'events.db'));
    try {
      const event = { type: 'PurchaseOrderReceived', data: { invoiceNumber: 'INV-NONE', poNumber: 'PO-1' }, metadata: { correlationId: 'ops-test', occurredAt: hourAgo.toISOString() } };
      await late.appendToStream(`subscription-${randomUUID()}`, [event], 'no_stream');
    } finally {
      await late.close();
    }
    const listed = JSON.parse((await ops(env, 'projections', 'list', '--json', '--service', 'billing')).stdout) as ProjectionStatus[];
    const invoices = listed.find((s) => s.projection === 'billing-invoices')!;
    expect(invoices).toMatchObject({ lagEvents: 1, lagExact: true });
    expect(invoices.lagSeconds).toBeGreaterThanOrEqual(3600);
    expect(invoices.lagSeconds).toBeLessThan(3600 + 120);

    const clean = await ops(env, 'projections', 'verify', '--all');
    expect(clean.code).toBe(0);
    for (const name of every) expect(clean.stdout).toMatch(new RegExp(`^${name}: ok, up to position \\d+ \\(`, 'm'));
    // The shadows are gone: only the live schemas are left.
    if (postgres) expect((await schemas()).filter((s) => s.includes('shadow'))).toEqual([]);
  }, 120_000);

  it('verify names a row changed and another deleted behind the read model, and fails', async () => {
    await tamper([
      ['UPDATE certificate_listing SET common_name = ? WHERE id = ?', ['evil.example.org', certificates[0]]],
      ['DELETE FROM certificate_listing WHERE id = ?', [certificates[2]]],
      // A table keyed by a generated number is compared on its other columns: a changed row is one missing, one extra.
      ['UPDATE certificate_listing_name SET name = ? WHERE certificate_id = ?', ['evil.example.org', certificates[1]]],
    ]);
    const broken = await ops(env, 'projections', 'verify', '--all');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^issuance\/certificate-listing: DIFFERENT from a replay up to position \d+$/m);
    expect(broken.stdout).toContain('  certificate_listing: 1 missing, 0 extra, 1 changed');
    expect(broken.stdout).toContain(`    changed id=${certificates[0]}: commonName: live "evil.example.org", replayed "www.example.ac.uk"`);
    expect(broken.stdout).toContain(`    missing id=${certificates[2]} (in the replay, not in the live table)`);
    expect(broken.stdout).toContain('  certificate_listing_name: 1 missing, 1 extra, 0 changed');
    expect(broken.stdout).toContain(`    missing certificateId=${certificates[1]},name=mail.example.ac.uk,organisationId=`);
    expect(broken.stdout).toContain(`    extra certificateId=${certificates[1]},name=evil.example.org,organisationId=`);
    // The other projections are still equal, and a single one can be verified by name.
    expect(broken.stdout).toMatch(/^billing\/billing-invoices: ok/m);
    const one = await ops(env, 'projections', 'verify', 'certificate-listing');
    expect(one.code).toBe(1);
    expect(one.stdout.split('\n')[0]).toMatch(/^issuance\/certificate-listing: DIFFERENT/);
  }, 120_000);

  it('refuses a command line naming no projection or an unknown one', async () => {
    const none = await ops(env, 'projections', 'verify');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name one projection, or pass --all');
    const unknown = await ops(env, 'projections', 'verify', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no projection named nope');
  }, 60_000);
});
