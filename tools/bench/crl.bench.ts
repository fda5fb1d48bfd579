/**
 * `npm run bench:crl`: the CRL of an issuing CA with 100,000 revoked entries. First the build, timed
 * in this process with issuance's own CrlPublisher over the platform's data directory: cold (the
 * entries encoded for the first time) and warm (the daily refresh: entries kept encoded, signed
 * again). Then the single-process platform is started on that directory in a child process (so the
 * driver's work is not measured as the server's), serves the CRL it finds on disk, and takes 200
 * concurrent downloads, then 200 concurrent conditional ones (If-None-Match → 304), ten bursts each,
 * while `/health` is asked every 10 ms throughout.
 *
 * Seeding: 100,000 revocations through the API would take hours (each is a signed certificate and a
 * revocation with its billing and notification work), so the revoked entries are written straight
 * into the read model the CRL is built from (issuance's `certificate_status` table, one SQLite
 * transaction), as the projection writes them. Nothing is stubbed above that layer: the query, the
 * encoding, the signature, the publication in the `crl-tls-rsa` stream and the file on disk are the
 * platform's own.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import Database from 'better-sqlite3';
import { ManualClock } from '@platform/kernel';
import { CertificateAuthority } from '@platform/pki';
import { loadConfig, openEventStore, readModelConfig } from '@platform/runtime';
import { freePort } from '@platform/testing';
import { CertificateListProjection } from '../../services/issuance/src/projections/certificate-list.projection';
import { CrlPublisher } from '../../services/issuance/src/publish-crl/crl-publisher';
import { startSingleProcess } from './bench-platform';

const ENTRIES = Number(process.env.BENCH_CRL_ENTRIES ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CRL_CONCURRENCY ?? 200);
/** bursts per measurement, one after another: enough /health samples for a p99 */
const ROUNDS = Number(process.env.BENCH_CRL_ROUNDS ?? 10);
const DAY = 86_400_000;
const REASONS = ['unspecified', 'keyCompromise', 'superseded', 'cessationOfOperation', 'affiliationChanged'];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (n: number) => Math.round(n * 10) / 10;
const elapsed = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** The revoked entries, as the certificate-status projection writes them (times in ms, as MikroORM keeps them in SQLite). */
function seed(filename: string, count: number): void {
  const db = new Database(filename);
  const insert = db.prepare(
    'insert into certificate_status (id, serial_number, issuer_id, public_key_sha256, not_after, revoked_at, reason) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const serial = randomBytes(16);
      serial[0] &= 0x7f; // as the CA makes them: 16 random bytes, top bit clear
      insert.run(`bench-${i}`, serial.toString('hex').replace(/^0+/, ''), 'tls-rsa', `bench-key-${i}`, now + 90 * DAY, now - 30 * DAY + i * 10, REASONS[i % REASONS.length]);
    }
  })();
  db.close();
}

async function build(dataDir: string, env: NodeJS.ProcessEnv): Promise<{ seedMs: number; coldMs: number; warmMs: number; der: Buffer; number: number }> {
  const config = loadConfig(env);
  const store = await openEventStore('issuance', config);
  const readModelDb = readModelConfig('issuance', config);
  const readModel = new CertificateListProjection(store, readModelDb);
  await readModel.onModuleInit(); // creates the tables
  let started = process.hrtime.bigint();
  seed((readModelDb as { filename: string }).filename, ENTRIES);
  const seedMs = elapsed(started);
  const ca = await CertificateAuthority.loadOrCreate({ dir: resolve(dataDir, 'ca'), passphrase: env.CA_PASSPHRASE! });
  // A day ago, so that the second build is the daily refresh of the first.
  const clock = new ManualClock(new Date(Date.now() - DAY - 60_000));
  const publisher = new CrlPublisher(store, ca, clock, { publicUrl: 'http://127.0.0.1', crlDir: resolve(dataDir, 'crl') }, readModel);
  started = process.hrtime.bigint();
  const cold = await publisher.refresh('tls-rsa');
  const coldMs = elapsed(started);
  clock.set(new Date());
  started = process.hrtime.bigint();
  const warm = await publisher.current('tls-rsa');
  const warmMs = elapsed(started);
  if (cold.entries !== ENTRIES || warm.entries !== ENTRIES || warm.number !== cold.number + 1)
    throw new Error(`unexpected CRLs: #${cold.number} with ${cold.entries} entries, then #${warm.number} with ${warm.entries}`);
  await readModel.onApplicationShutdown();
  await store.close();
  return { seedMs, coldMs, warmMs, der: warm.der, number: warm.number };
}

/**
 * The floor on this machine: a bare node:http server in a child process answering the same bytes
 * from memory, driven by the same client. What the platform adds is the difference.
 */
async function startFloor(der: Buffer): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const file = join(tmpdir(), `bench-crl-floor-${port}.der`);
  writeFileSync(file, der);
  const source = `const body = require('fs').readFileSync(${JSON.stringify(file)});
    require('http').createServer((req, res) => {
      if (req.url === '/health') return res.end('{"status":"ok"}');
      res.setHeader('Content-Type', 'application/pkix-crl'); res.setHeader('Content-Length', body.length); res.end(body);
    }).listen(${port}, '127.0.0.1', () => process.stdout.write('up'));`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => child.stdout!.once('data', r));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(file, { force: true });
    },
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** One GET, timed to its last byte (the body is counted, not kept). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ ms: number; status: number; bytes: number; etag?: string }> {
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    request(url, { agent, headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => done({ ms: elapsed(started), status: response.statusCode!, bytes, etag: response.headers.etag }));
      response.on('error', fail);
    })
      .on('error', fail)
      .end();
  });
}

/** ROUNDS bursts of CONCURRENCY downloads at once, one burst after another, with /health asked throughout. */
async function burst(url: string, headers: Record<string, string>, expectStatus: number, rounds = ROUNDS) {
  // /health every 10 ms, whether or not the previous one has answered: what a monitor sees meanwhile.
  const health: number[] = [];
  const probes: Array<Promise<void>> = [];
  const prober = setInterval(() => {
    probes.push(
      get(`${url}/health`).then((reply) => {
        if (reply.status !== 200) throw new Error(`/health answered ${reply.status}`);
        health.push(reply.ms);
      }),
    );
  }, 10);
  const ms: number[] = [];
  const walls: number[] = [];
  let bytes = 0;
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    const downloads = await Promise.all(Array.from({ length: CONCURRENCY }, () => get(`${url}/crl/tls-rsa.crl`, headers)));
    walls.push(elapsed(started));
    const wrong = downloads.find((d) => d.status !== expectStatus);
    if (wrong) throw new Error(`a download answered ${wrong.status}, not ${expectStatus}`);
    for (const d of downloads) {
      ms.push(d.ms);
      bytes += d.bytes;
    }
  }
  clearInterval(prober);
  await Promise.all(probes);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms), wallMs: percentile(walls, 50), health, megabytes: bytes / 2 ** 20 };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-crl-'));
  const env = { DATA_DIR: dataDir, CA_PASSPHRASE: 'bench crl passphrase of at least 32 characters', LOG_LEVEL: 'warn', PORTAL_ADMIN_EMAIL: 'operator@example.ac.uk', PORTAL_ADMIN_PASSWORD: 'operator password for bench' };
  try {
    const built = await build(dataDir, env);
    const floor = await startFloor(built.der);
    let bare: Awaited<ReturnType<typeof burst>>;
    try {
      await burst(floor.url, {}, 200, 1);
      bare = await burst(floor.url, {}, 200);
    } finally {
      await floor.stop();
    }
    const platform = await startSingleProcess(env);
    try {
      await burst(platform.url, {}, 200, 2); // warm-up: the gateway fetches its copy, V8 compiles the path
      const alone: number[] = [];
      for (let i = 0; i < 200; i++) alone.push((await get(`${platform.url}/health`)).ms);
      const first = await get(`${platform.url}/crl/tls-rsa.crl`);
      if (first.bytes !== built.der.length) throw new Error(`the platform served ${first.bytes} bytes, not the ${built.der.length} built`);
      const full = await burst(platform.url, {}, 200);
      const conditional = await burst(platform.url, { 'if-none-match': first.etag! }, 304);
      const rss = rssMb(platform.child.pid!);
      const times = (b: Awaited<ReturnType<typeof burst>>) => `${round(b.p50)} / ${round(b.p99)} / ${round(b.max)} ms (${round(b.wallMs)} ms)`;
      const health = (b: Awaited<ReturnType<typeof burst>>) => `${round(percentile(b.health, 50))} / ${round(percentile(b.health, 99))} ms (${b.health.length})`;
      const rows: Array<[string, string]> = [
        ['revoked entries (seeded into the read model)', `${ENTRIES.toLocaleString('en-GB')} in ${round(built.seedMs)} ms`],
        ['CRL size', `${(built.der.length / 2 ** 20).toFixed(2)} MiB (#${built.number})`],
        ['build, cold (query, encode, sign, publish, write)', `${round(built.coldMs)} ms`],
        ['build, daily refresh (entries kept encoded)', `${round(built.warmMs)} ms`],
        ['/health alone, one after another: p50 / p99', `${round(percentile(alone, 50))} / ${round(percentile(alone, 99))} ms`],
        [`${ROUNDS} × ${CONCURRENCY} concurrent downloads: p50 / p99 / max (median burst)`, times(full)],
        ['  /health meanwhile: p50 / p99 (requests)', health(full)],
        [`${ROUNDS} × ${CONCURRENCY} concurrent If-None-Match (304): p50 / p99 / max (median burst)`, times(conditional)],
        ['  /health meanwhile: p50 / p99 (requests)', health(conditional)],
        [`floor: bare node:http, same bytes, ${ROUNDS} × ${CONCURRENCY} concurrent: p50 / p99 / max (median burst)`, times(bare)],
        ['platform RSS after the bursts', `${Math.round(rss)} MiB`],
        ['load average at the end (1 min, 2 cores)', loadavg()[0].toFixed(2)],
      ];
      console.log('| metric | value |\n| --- | --- |');
      for (const [metric, value] of rows) console.log(`| ${metric} | ${value} |`);
      console.log(`crl build_ms=${round(built.coldMs)} download_p99_ms=${round(full.p99)} health_p99_ms=${round(percentile(full.health, 99))}`);
    } finally {
      await platform.stop();
    }
  } finally {
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
