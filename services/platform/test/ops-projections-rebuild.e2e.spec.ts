import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openReadModels } from '@platform/read-model';
import type { ProjectionStatus } from '../src/ops/projections-list.command';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client } from './http-client';
import { makeCsr } from './openssl';

const ROOT = resolve(__dirname, '../../..');

function ops(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', './tools/register.js', 'services/platform/src/ops/ops.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, NATS_URL: '', DATABASE_URL: '', EVENT_STORE: '' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Issue 15, `ops projections rebuild` beside a running platform: the rebuilt listing replaces a damaged
 * one in one swap, certificates issued while the rebuild runs are neither lost nor applied twice, and a
 * second rebuilder of the same projection is refused.
 */
describe('ops projections rebuild (embedded stores, platform running)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ops-rebuild-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let org: OrganisationUnderTest;
  let issued = 0;

  const issue = async (): Promise<string> => {
    issued += 1;
    const reply = await client(platform.url!, org.raos[0].token).post('/api/v1/certificates', {
      organisationId: org.orgId,
      csr: makeCsr({ names: [`host${issued}.example.ac.uk`], key: 'p256' }),
    });
    if (reply.status !== 201) throw new Error(`issue: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.id as string;
  };
  const listed = async (): Promise<string[]> => {
    const reply = await client(platform.url!, org.raos[0].token).get(`/api/v1/certificates?organisationId=${org.orgId}&pageSize=100`);
    return (reply.body.items as { id: string }[]).map((i) => i.id).sort();
  };

  beforeAll(async () => {
    platform = await startPlatform({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password });
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A' });
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('replaces a damaged listing while certificates are being issued, with nothing lost or applied twice', async () => {
    const before = [await issue(), await issue()];
    await Promise.all(openReadModels().map((host) => host.caughtUp()));
    const db = new Database(join(dataDir, 'issuance', 'read.db'));
    db.prepare('DELETE FROM certificate_listing WHERE id = ?').run(before[0]);
    db.close();
    expect((await ops(dataDir, 'projections', 'verify', 'certificate-listing')).code).toBe(1);

    // Issued while the rebuild runs: before, during or after its swap, each must be listed once.
    const rebuilding = ops(dataDir, 'projections', 'rebuild', 'certificate-listing');
    const during: string[] = [];
    for (let i = 0; i < 3; i++) during.push(await issue());
    const rebuilt = await rebuilding;
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/^issuance\/certificate-listing: rebuilt, handed over at position \d+ \(certificate_listing \d+, certificate_listing_name \d+ rows\)$/m);
    const after = await issue();

    expect(await listed()).toEqual([...before, ...during, after].sort());
    await Promise.all(openReadModels().map((host) => host.caughtUp()));
    const verified = await ops(dataDir, 'projections', 'verify', 'certificate-listing');
    expect(verified.stdout).toMatch(/^issuance\/certificate-listing: ok, up to position \d+ \(certificate_listing 6, certificate_listing_name 6 rows\)/m);
    expect(verified.code).toBe(0);
    const statuses = JSON.parse((await ops(dataDir, 'projections', 'list', '--json', '--service', 'issuance')).stdout) as ProjectionStatus[];
    expect(statuses.find((s) => s.projection === 'certificate-listing')).toMatchObject({ lagEvents: 0, faults: 0, rows: { certificate_listing: 6 } });
  }, 120_000);

  it('refuses a second rebuilder of the same projection and leaves its lock alone', async () => {
    const lockFile = join(dataDir, 'issuance', 'read.db.rebuild-certificate-listing.lock');
    writeFileSync(lockFile, String(process.pid));
    try {
      const refused = await ops(dataDir, 'projections', 'rebuild', 'certificate-listing');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`issuance/certificate-listing: NOT REBUILT: another rebuild of certificate-listing is running (process ${process.pid}`);
    } finally {
      rmSync(lockFile, { force: true });
    }
  }, 60_000);
});
