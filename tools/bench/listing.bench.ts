/**
 * `npm run bench:listing`: the certificate listing over 1,000,000 certificates of 200 organisations,
 * on SQLite (the single process's read model) and on PostgreSQL (the distributed one, a temporary
 * schema): p50 / p95 of 10 typical filter combinations, each asked SAMPLES times with varying values
 * (another organisation, another name) after WARMUP rounds. Last line: `listing p95_ms=<worst p95>`.
 *
 * Seeding: a million certificates through the API would take hours (each is a CSR check, a signature,
 * a billing reservation and several events), so the rows are written straight into the tables the
 * listing projection writes (`certificate_listing`, `certificate_listing_name`, with the trigram index
 * the projection prepares), as it writes them. Nothing is stubbed above that layer: the scope, the
 * filters, the SQL and the row mapping timed are the platform's own (`CertificateListProjection.list`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { Issuance } from '@platform/contracts';
import { SqliteEventStore } from '@platform/event-store';
import type { Actor } from '@platform/kernel';
import type { ReadModelDbConfig } from '@platform/read-model';
import { createTemporarySchema, testDatabaseUrl } from '@platform/testing';
import { CertificateListProjection } from '../../services/issuance/src/projections/certificate-list.projection';

const ROWS = Number(process.env.BENCH_LISTING_ROWS ?? 1_000_000);
const ORGANISATIONS = 200;
/** per organisation; a sixth of the certificates are organisation-wide */
const DEPARTMENTS = 5;
const ADMINS = 20;
const SAMPLES = Number(process.env.BENCH_LISTING_SAMPLES ?? 40);
const WARMUP = 5;
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T12:00:00Z');
/** issue dates spread over the three years before NOW */
const SPAN = 3 * 365 * DAY;

const id = (kind: number, n: number) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const orgId = (o: number) => id(1, o);
const deptId = (o: number, d: number) => id(2, o * 16 + d);
const adminId = (o: number, a: number) => id(3, o * 64 + a);

const TYPES: Array<[string, string, number]> = [
  // type, profile, share in per-mille (cumulative below)
  ['ov-ssl', 'tls-ov', 600],
  ['ov-multi-domain', 'tls-ov', 150],
  ['ov-wildcard', 'tls-ov', 80],
  ['ev-ssl', 'tls-ev', 50],
  ['ev-multi-domain', 'tls-ev', 20],
  ['smime-mailbox', 'smime-mailbox', 80],
  ['smime-organisation', 'smime-organisation', 20],
];
const KEYS: Array<[string, string, number]> = [
  ['rsa-2048', 'RSA 2048', 550],
  ['rsa-3072', 'RSA 3072', 50],
  ['rsa-4096', 'RSA 4096', 50],
  ['ecdsa-p256', 'ECDSA P-256', 300],
  ['ecdsa-p384', 'ECDSA P-384', 50],
];
const pick = <T extends [string, string, number]>(table: T[], permille: number): T => {
  let at = 0;
  for (const entry of table) if (permille < (at += entry[2])) return entry;
  return table[table.length - 1];
};

/** The i-th certificate: a fixed mix, the same on both backends. Dates in ms. */
function certificate(i: number) {
  const o = i % ORGANISATIONS;
  const k = Math.floor(i / ORGANISATIONS);
  // A multiplicative hash of i, so that issue dates follow neither the ids nor the organisations.
  const spread = ((i * 2_654_435_761) >>> 0) % ROWS;
  const issuedAt = NOW - SPAN + Math.floor((spread / ROWS) * SPAN);
  const [certificateType, profile] = pick(TYPES, (k * 37) % 1000);
  const [keyType, keyAlgorithm] = pick(KEYS, (k * 53 + o) % 1000);
  const smime = certificateType.startsWith('smime');
  const method = smime ? 'enrollment' : k % 10 < 5 ? 'acme' : 'manual';
  const department = k % (DEPARTMENTS + 1); // 0: organisation-wide
  const host = `host-${i}.dept${department}.org${o}.ac.uk`;
  const names = smime ? [`user${i}@org${o}.ac.uk`] : certificateType.endsWith('multi-domain') ? [host, `www.${host}`, `mail-${i}.org${o}.ac.uk`] : certificateType === 'ov-wildcard' ? [`*.${host}`, host] : [host];
  const validity = (issuedAt < NOW - 400 * DAY ? 398 : 200) * DAY;
  const revoked = k % 10 === 3;
  return {
    id: id(9, i),
    organisationId: orgId(o),
    departmentId: department === 0 ? null : deptId(o, department),
    status: revoked ? 'revoked' : 'issued',
    commonName: names[0],
    names,
    serialNumber: (0x100000 + i).toString(16),
    keyAlgorithm,
    keyType,
    certificateType,
    profile,
    issuerId: smime ? 'smime' : keyType.startsWith('ecdsa') ? 'tls-ecdsa' : 'tls-rsa',
    method,
    notBefore: issuedAt,
    notAfter: issuedAt + validity,
    requestedBy: adminId(o, k % ADMINS),
    issuedAt,
    revokedAt: revoked ? issuedAt + ((k % 90) + 1) * DAY : null,
    revocationReason: revoked ? 'superseded' : null,
  };
}

const COLUMNS = [
  'id', 'organisation_id', 'department_id', 'status', 'common_name', 'names', 'serial_number', 'key_algorithm', 'key_type',
  'certificate_type', 'profile', 'issuer_id', 'method', 'not_before', 'not_after', 'requested_by', 'issued_at', 'revoked_at', 'revocation_reason',
];
const values = (c: ReturnType<typeof certificate>, date: (ms: number | null) => unknown) => [
  c.id, c.organisationId, c.departmentId, c.status, c.commonName, c.names.join(' '), c.serialNumber, c.keyAlgorithm, c.keyType,
  c.certificateType, c.profile, c.issuerId, c.method, date(c.notBefore), date(c.notAfter), c.requestedBy, date(c.issuedAt), date(c.revokedAt), c.revocationReason,
];

/**
 * SQLite: one transaction of prepared statements, with the indexes and the trigram triggers dropped
 * first (the next start creates the indexes again, as it would after a restore) and the trigram table
 * rebuilt in one pass at the end: a million rows in date-random order into seven indexes otherwise
 * take ten minutes on this machine.
 */
function seedSqlite(filename: string): void {
  const db = new Database(filename);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  const indexes = db
    .prepare("select name from sqlite_master where type = 'index' and sql is not null and tbl_name in ('certificate_listing', 'certificate_listing_name')")
    .pluck()
    .all() as string[];
  for (const index of indexes) db.exec(`drop index "${index}"`);
  db.exec('drop trigger certificate_listing_name_fts_insert; drop trigger certificate_listing_name_fts_delete');
  const row = db.prepare(`insert into certificate_listing (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
  const name = db.prepare('insert into certificate_listing_name (certificate_id, organisation_id, name) values (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const c = certificate(i);
      row.run(values(c, (ms) => ms));
      for (const n of new Set(c.names.map((x) => x.toLowerCase()))) name.run(c.id, c.organisationId, n);
    }
  })();
  db.exec("insert into certificate_listing_name_fts(certificate_listing_name_fts) values ('rebuild')");
  db.pragma('journal_mode = WAL');
  db.close();
}

/** PostgreSQL: the indexes dropped (made again by the next start), then batches through unnest (one statement per 5,000 rows). */
async function seedPostgres(schema: string): Promise<void> {
  await withPostgres(async (client) => {
    const indexes = await client.query<{ indexname: string }>(
      "select indexname from pg_indexes where schemaname = $1 and tablename in ('certificate_listing', 'certificate_listing_name') and indexname not like '%_pkey'",
      [schema],
    );
    for (const { indexname } of indexes.rows) await client.query(`drop index "${schema}"."${indexname}"`);
    const BATCH = 5_000;
    const types = ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz', 'text', 'timestamptz', 'timestamptz', 'text'];
    const rowSql = `insert into "${schema}".certificate_listing (${COLUMNS.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
    const nameSql = `insert into "${schema}".certificate_listing_name (certificate_id, organisation_id, name) select * from unnest($1::text[], $2::text[], $3::text[])`;
    for (let start = 0; start < ROWS; start += BATCH) {
      const columns: unknown[][] = COLUMNS.map(() => []);
      const names: [string[], string[], string[]] = [[], [], []];
      for (let i = start; i < Math.min(ROWS, start + BATCH); i++) {
        const c = certificate(i);
        values(c, (ms) => (ms === null ? null : new Date(ms).toISOString())).forEach((v, j) => columns[j].push(v));
        for (const n of new Set(c.names.map((x) => x.toLowerCase()))) {
          names[0].push(c.id);
          names[1].push(c.organisationId);
          names[2].push(n);
        }
      }
      await client.query(rowSql, columns);
      await client.query(nameSql, names);
    }
  });
}

/** What autovacuum does after a load (statistics, and the visibility map that index-only scans need). */
const vacuumPostgres = (schema: string) =>
  withPostgres(async (client) => {
    await client.query(`vacuum analyze "${schema}".certificate_listing`);
    await client.query(`vacuum analyze "${schema}".certificate_listing_name`);
  });

async function withPostgres(fn: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** The start after the load made every index again (else the figures would be of a scan). */
function checkSqliteIndexes(filename: string): void {
  const db = new Database(filename, { readonly: true });
  const names = db.prepare("select name from sqlite_master where type in ('index', 'trigger')").pluck().all() as string[];
  db.close();
  for (const wanted of ['certificate_listing_org_issued', 'certificate_listing_revoked', 'certificate_listing_name_name_index', 'certificate_listing_name_fts_insert'])
    if (!names.includes(wanted)) throw new Error(`the read model has no ${wanted} after its start`);
}

type Filters = Partial<Omit<Issuance.ListCertificatesRequest, 'actor'>>;
interface Combination {
  name: string;
  /** the s-th sample's caller and filters: each sample asks about another organisation or name */
  ask(s: number): { actor: Actor; filters: Filters };
}

const mrao: Actor = { adminId: 'bench-mrao', email: 'mrao@bench', grants: [{ role: 'MRAO' }] };
const rao = (o: number): Actor => ({ adminId: `bench-rao-${o}`, email: 'rao@bench', grants: [{ role: 'RAO', organisationId: orgId(o) }] });
const drao = (o: number): Actor => ({
  adminId: `bench-drao-${o}`,
  email: 'drao@bench',
  grants: [1, 2].map((d) => ({ role: 'DRAO' as const, organisationId: orgId(o), departmentId: deptId(o, d) })),
});
const org = (s: number) => (s * 37 + 11) % ORGANISATIONS;
const someCertificate = (s: number) => (s * 104_729 + 12_345) % ROWS;
const iso = (ms: number) => new Date(ms).toISOString();

const COMBINATIONS: Combination[] = [
  { name: 'operator, everything, newest first', ask: () => ({ actor: mrao, filters: {} }) },
  { name: 'RAO, its organisation, page 5', ask: (s) => ({ actor: rao(org(s)), filters: { page: 5 } }) },
  { name: 'RAO, one requester', ask: (s) => ({ actor: rao(org(s)), filters: { requestedBy: adminId(org(s), s % ADMINS) } }) },
  { name: 'DRAO (2 departments), expiring within 30 days, by expiry', ask: (s) => ({ actor: drao(org(s)), filters: { expiringWithinDays: 30, sort: 'notAfter' } }) },
  { name: 'RAO, ev-ssl with an ECDSA P-256 key, issued', ask: (s) => ({ actor: rao(org(s)), filters: { certificateType: 'ev-ssl', keyType: 'ecdsa-p256', status: 'issued' } }) },
  { name: 'operator, exact name', ask: (s) => ({ actor: mrao, filters: { name: certificate(someCertificate(s)).names[0], nameMatch: 'exact' } }) },
  { name: 'operator, name contains (a few matches)', ask: (s) => ({ actor: mrao, filters: { name: `host-${someCertificate(s) % 100_000}.` } }) },
  { name: 'RAO, name contains (a sixth of its rows)', ask: (s) => ({ actor: rao(org(s)), filters: { name: `dept${(s % 5) + 1}.org${org(s)}.` } }) },
  {
    name: 'operator, ACME, issued within a month',
    ask: (s) => ({ actor: mrao, filters: { method: 'acme', issuedFrom: iso(NOW - (s + 2) * 30 * DAY), issuedTo: iso(NOW - (s + 1) * 30 * DAY) } }),
  },
  {
    name: 'operator, revoked within a week, by expiry',
    ask: (s) => ({ actor: mrao, filters: { status: 'revoked', revokedFrom: iso(NOW - (s + 2) * 7 * DAY), revokedTo: iso(NOW - (s + 1) * 7 * DAY), sort: '-notAfter' } }),
  },
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (n: number) => Math.round(n * 10) / 10;

async function measure(listing: CertificateListProjection): Promise<Array<{ p50: number; p95: number; rows: number }>> {
  const results = [];
  for (const combination of COMBINATIONS) {
    const times: number[] = [];
    let rows = 0;
    for (let s = 0; s < WARMUP + SAMPLES; s++) {
      const { actor, filters } = combination.ask(s);
      const started = process.hrtime.bigint();
      const page = await listing.list(actor, { sort: '-issuedAt', page: 1, pageSize: 50, ...filters }, new Date(NOW));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (s >= WARMUP) {
        times.push(ms);
        rows += page.items.length;
      }
    }
    results.push({ p50: percentile(times, 50), p95: percentile(times, 95), rows: Math.round(rows / SAMPLES) });
  }
  return results;
}

async function run(label: string, config: ReadModelDbConfig, seed: () => Promise<void> | void, after: () => Promise<void> | void, dir: string) {
  const store = SqliteEventStore.open(join(dir, `events-${label}.db`));
  // Started once to create the tables as the service does, stopped for the load, started again: that
  // start creates the indexes the load went without (and the trigram index and its triggers).
  const created = new CertificateListProjection(store, config);
  await created.onModuleInit();
  await created.onApplicationShutdown();
  const started = Date.now();
  await seed();
  const listing = new CertificateListProjection(store, config);
  await listing.onModuleInit();
  await after();
  const seedS = (Date.now() - started) / 1000;
  try {
    return { seedS, results: await measure(listing) };
  } finally {
    await listing.onApplicationShutdown();
    await store.close();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-listing-'));
  const loadStart = loadavg()[0];
  const schema = await createTemporarySchema('bench_listing');
  try {
    const sqliteFile = join(dir, 'read-model.db');
    const sqlite = await run('sqlite', { kind: 'sqlite', filename: sqliteFile }, () => seedSqlite(sqliteFile), () => checkSqliteIndexes(sqliteFile), dir);
    const pg = { kind: 'postgres' as const, connectionString: schema.connectionString, schema: schema.schema };
    const postgres = await run('postgres', pg, () => seedPostgres(schema.schema), () => vacuumPostgres(schema.schema), dir);
    const loadEnd = loadavg()[0];
    console.log(`${ROWS.toLocaleString('en-GB')} certificates, ${ORGANISATIONS} organisations; ${SAMPLES} samples per combination after ${WARMUP} warm-up; page size 50`);
    console.log(`seeding: SQLite ${sqlite.seedS.toFixed(0)} s, PostgreSQL ${postgres.seedS.toFixed(0)} s; load average (1 min, 2 cores) ${loadStart.toFixed(2)} at the start, ${loadEnd.toFixed(2)} at the end`);
    console.log('| filters | rows | SQLite p50 / p95 ms | PostgreSQL p50 / p95 ms |\n| --- | --- | --- | --- |');
    COMBINATIONS.forEach((c, i) => {
      const [s, p] = [sqlite.results[i], postgres.results[i]];
      console.log(`| ${c.name} | ${s.rows} | ${round(s.p50)} / ${round(s.p95)} | ${round(p.p50)} / ${round(p.p95)} |`);
    });
    const worst = Math.max(...sqlite.results.map((r) => r.p95), ...postgres.results.map((r) => r.p95));
    const worstSqlite = Math.max(...sqlite.results.map((r) => r.p95));
    const worstPostgres = Math.max(...postgres.results.map((r) => r.p95));
    console.log(`listing sqlite_p95_ms=${round(worstSqlite)} postgres_p95_ms=${round(worstPostgres)}`);
    console.log(`listing p95_ms=${round(worst)}`);
  } finally {
    await schema.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
