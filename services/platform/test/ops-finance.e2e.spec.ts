import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FinanceStatement } from '../src/ops/finance-statement';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';
import { opsOn } from './ops-cli';

/**
 * Issue 15, `ops finance statement` and `verify-statement` on a single process's stores: the statement's
 * rows are billing's usage endpoint's, and it catches what `audit verify` cannot (the stream's newest
 * event deleted) as well as an edited event.
 */
describe('ops finance statement (embedded stores, platform running)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ops-finance-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let org: OrganisationUnderTest;
  type Usage = { terms: { termStart: string; issued: number; refunded: number; invoicedPence: number; entries: unknown[] }[] };
  const usage = async (): Promise<Usage> => (await client(platform.url!, org.raos[0].token).get(`/api/v1/organisations/${org.orgId}/subscription/usage`)).body as Usage;

  beforeAll(async () => {
    platform = await startPlatform({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password });
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A' });
    const ids: string[] = [];
    for (const name of ['www', 'mail', 'vpn']) {
      const issued = await client(platform.url!, org.raos[0].token).post('/api/v1/certificates', { organisationId: org.orgId, csr: makeCsr({ names: [`${name}.example.ac.uk`], key: 'p256' }) });
      if (issued.status !== 201) throw new Error(`issue: ${issued.status} ${JSON.stringify(issued.body)}`);
      ids.push(issued.body.id as string);
    }
    await eventually(async () => ((await usage()).terms.at(-1)?.issued === 3 ? true : undefined), 15_000);
    // Revoked at once, well within the 14 days: refunded.
    const revoked = await client(platform.url!, org.raos[0].token).post(`/api/v1/certificates/${ids[1]}/revoke`, { reason: 'superseded' });
    if (revoked.status !== 201) throw new Error(`revoke: ${revoked.status} ${JSON.stringify(revoked.body)}`);
    await eventually(async () => ((await usage()).terms.at(-1)?.refunded === 1 ? true : undefined), 15_000);
  }, 90_000);

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports the current term with the usage endpoint\'s rows and the stream head, verifies it, then names a deleted newest event and an edited one', async () => {
    const exported = await opsOn(dataDir, 'finance', 'statement', '--organisation', org.orgId);
    expect(exported.code).toBe(0);
    const statement = JSON.parse(exported.stdout) as FinanceStatement;
    const [term] = (await usage()).terms.slice(-1);
    expect(statement.termStart).toBe(term.termStart);
    expect(statement.rows).toEqual(term.entries);
    expect(statement.totals).toEqual({ issued: 3, refunded: 1, invoicedPence: term.invoicedPence });
    expect(statement.rows.filter((r) => r.kind === 'refunded')).toHaveLength(1);

    const db = new Database(join(dataDir, 'billing', 'events.db'));
    const stream = db.prepare('SELECT position, revision, id, lower(hex(hash)) AS hash FROM events WHERE stream_id = ? ORDER BY revision').all(`subscription-${org.orgId}`) as {
      position: number;
      revision: number;
      id: string;
      hash: string;
    }[];
    const newest = stream.at(-1)!;
    expect(statement.evidence).toEqual({
      service: 'billing',
      streamId: `subscription-${org.orgId}`,
      position: String(newest.position),
      revision: newest.revision,
      eventId: newest.id,
      hash: newest.hash,
      chain: { verifiedFrom: 'genesis', events: stream.length },
    });

    const file = join(dataDir, 'statement.json');
    writeFileSync(file, exported.stdout);
    const holds = await opsOn(dataDir, 'finance', 'verify-statement', file);
    expect(holds.code).toBe(0);
    expect(holds.stdout).toContain('ok');

    // CSV: the rows on standard output, the same statement as JSON in the evidence file.
    const evidenceFile = join(dataDir, 'statement-evidence.json');
    const csv = await opsOn(dataDir, 'finance', 'statement', '--organisation', org.orgId, '--format', 'csv', '--evidence', evidenceFile);
    expect(csv.code).toBe(0);
    expect(csv.stdout.trimEnd().split('\r\n').map((r) => r.split(',')[2])).toEqual(['kind', ...statement.rows.map((r) => r.kind)]);
    expect(JSON.parse(readFileSync(evidenceFile, 'utf8'))).toEqual(statement);

    // A changed row in the statement itself.
    const edited = { ...statement, rows: statement.rows.filter((r) => r.kind !== 'refunded') };
    writeFileSync(join(dataDir, 'edited.json'), JSON.stringify(edited));
    const changed = await opsOn(dataDir, 'finance', 'verify-statement', join(dataDir, 'edited.json'));
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/row \d+ is missing from the statement: .*"kind":"refunded"/);

    // The stream's newest event deleted: a shorter chain that audit verify accepts, but not the statement.
    db.prepare('DELETE FROM events WHERE position = ?').run(newest.position);
    expect((await opsOn(dataDir, 'audit', 'verify', '--service', 'billing')).code).toBe(0);
    const deleted = await opsOn(dataDir, 'finance', 'verify-statement', file);
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toContain(`subscription-${org.orgId} revision ${newest.revision} (event ${newest.id}) is missing`);

    // An earlier event's data changed behind the store.
    const earlier = stream[1];
    db.prepare("UPDATE events SET data = json_set(data, '$.termStart', '1999-01-01') WHERE position = ?").run(earlier.position);
    db.close();
    const tampered = await opsOn(dataDir, 'finance', 'verify-statement', file);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`subscription-${org.orgId} revision ${earlier.revision} (event ${earlier.id}, position ${earlier.position}): the event does not match its hash`);
  }, 90_000);

  it('refuses a file that is not a statement, and a malformed term (exit 2)', async () => {
    const file = join(dataDir, 'not-a-statement.json');
    writeFileSync(file, '{"rows": []}');
    const wrong = await opsOn(dataDir, 'finance', 'verify-statement', file);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is not a finance-statement/v1 statement');
    const term = await opsOn(dataDir, 'finance', 'statement', '--organisation', org.orgId, '--term', 'last year');
    expect(term.code).toBe(2);
    expect(term.stderr).toContain('--term must be');
  });
});
