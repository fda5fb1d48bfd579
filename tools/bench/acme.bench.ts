/**
 * `npm run bench:acme`: full ACME issuances per second (newOrder through certificate download) at
 * concurrency 1, 8 and 32, against the distributed stack, the single process and Pebble (Debian's
 * `pebble`, in-memory, challenges always valid) in the same run; with p50/p99 and the server's CPU
 * milliseconds per certificate (from /proc: every node process of the target; the distributed
 * stack's PostgreSQL and NATS are not counted). Names are under a domain validated beforehand, so our
 * authorizations are valid at once; Pebble validates each account's name once in the warm-up
 * (PEBBLE_VA_ALWAYS_VALID) and reuses it (PEBBLE_AUTHZREUSE=100). Measured per certificate either way:
 * newOrder → finalize → (poll while processing) → download. Each target first issues BENCH_ACME_WARMUP
 * (2,000) certificates at concurrency 8 for another organisation, so the rounds measure the steady
 * state (after 300, V8 still spent ~2.7 ms per certificate optimising code; after 2,000, little),
 * with the rounds' organisation's allowance (2,500 a term) untouched.
 * For the distributed stack, the CPU per certificate of each process is printed too.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestDnsServer, freePort } from '@platform/testing';
import { startDistributedPlatform } from '../../services/platform/test/distributed-platform';
import { client, eventually, signIn } from '../../services/platform/test/http-client';
import { makeCsr } from '../../services/platform/test/openssl';
import { AcmeDriver } from './acme-driver';

const ROOT = resolve(__dirname, '../..');
const ADMIN = { PORTAL_ADMIN_EMAIL: 'operator@example.ac.uk', PORTAL_ADMIN_PASSWORD: 'operator password for bench' };
const LIMITS = { ACME_RATE_ORDERS_PER_ACCOUNT_PER_MINUTE: '1000000', ACME_RATE_REQUESTS_PER_IP_PER_MINUTE: '10000000' };
const CONCURRENCY = [1, 8, 32];
const CERTS: Record<number, number> = { 1: Number(process.env.BENCH_ACME_C1 ?? 100), 8: Number(process.env.BENCH_ACME_C8 ?? 160), 32: Number(process.env.BENCH_ACME_C32 ?? 320) };
const WARM_UP = Number(process.env.BENCH_ACME_WARMUP ?? 2000);
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

interface Target {
  name: string;
  directoryUrl: string;
  /** every process that serves it (CPU is summed over them) */
  pids(): number[];
  /** the processes by name, for the per-process breakdown (distributed only) */
  named?(): [string, number][];
  /** bindings for the measured rounds, and for the warm-up (another organisation, so the rounds' allowance stays whole) */
  eab?: { rounds: () => Promise<{ keyId: string; hmacKey: string }>; warmUp: () => Promise<{ keyId: string; hmacKey: string }> };
  stop(): Promise<void>;
}
interface Csr {
  names: string[];
  der: Buffer;
}
interface Row {
  target: string;
  c: number;
  certs: number;
  perSecond: number;
  p50: number;
  p99: number;
  cpuPerCert: number;
}

const cpuMs = (pids: number[]) =>
  pids.reduce((sum, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
    } catch {
      return sum;
    }
  }, 0);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

/**
 * Before any measured round: issuances at concurrency 8 until the target is warm (JIT-compiled
 * paths, caches, connection pools), so each round measures the steady state, not the first minute.
 */
async function warmUp(target: Target, csrs: Csr[]): Promise<void> {
  const drivers = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const driver = new AcmeDriver(target.directoryUrl);
      await driver.register(target.eab ? await target.eab.warmUp() : undefined);
      return driver;
    }),
  );
  let left = WARM_UP;
  await Promise.all(drivers.map(async (d, w) => {
    while (left-- > 0) await d.issue(csrs[w].names, csrs[w].der);
  }));
  drivers.forEach((d) => d.close());
}

async function run(target: Target, all: { warmUp: Csr[]; rounds: Csr[] }): Promise<Row[]> {
  const rows: Row[] = [];
  await warmUp(target, all.warmUp);
  const csrs = all.rounds;
  for (const c of CONCURRENCY) {
    const drivers = await Promise.all(
      Array.from({ length: c }, async () => {
        const driver = new AcmeDriver(target.directoryUrl);
        await driver.register(target.eab ? await target.eab.rounds() : undefined);
        return driver;
      }),
    );
    await Promise.all(drivers.map((d, i) => d.issue(csrs[i % csrs.length].names, csrs[i % csrs.length].der))); // warm-up
    const total = CERTS[c];
    let next = 0;
    const latencies: number[] = [];
    const cpuBefore = cpuMs(target.pids());
    const perProcessBefore = target.named?.().map(([name, pid]) => [name, cpuMs([pid])] as const);
    const started = process.hrtime.bigint();
    await Promise.all(
      drivers.map(async (driver, w) => {
        // Each account orders its own name again and again: Pebble then reuses the authorization it
        // validated in the warm-up (PEBBLE_AUTHZREUSE=100), as ours are valid from the portal's DCV.
        const csr = csrs[w % csrs.length];
        for (let i = next++; i < total; i = next++) {
          const t0 = process.hrtime.bigint();
          await driver.issue(csr.names, csr.der);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuMs(target.pids()) - cpuBefore;
    if (perProcessBefore)
      process.stderr.write(`  CPU ms/cert by process: ${perProcessBefore.map(([name, before], i) => `${name} ${((cpuMs([target.pids()[i]]) - before) / total).toFixed(1)}`).join(', ')}\n`);
    drivers.forEach((d) => d.close());
    rows.push({ target: target.name, c, certs: total, perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuPerCert: cpu / total });
    process.stderr.write(`${target.name} C=${c}: ${(total / seconds).toFixed(1)} certs/s, ${(cpu / total).toFixed(1)} ms CPU/cert\n`);
  }
  return rows;
}

/** One organisation for the warm-up and one for the rounds, each with the largest usage class (2,500 certificates a term). */
async function prepareOrganisations(url: string): Promise<NonNullable<Target['eab']>> {
  return { warmUp: await prepareOrganisation(url, 'Bench Warm-up College', 'warmup.ac.uk'), rounds: await prepareOrganisation(url, 'Bench University', 'bench.ac.uk') };
}

async function prepareOrganisation(url: string, name: string, domain: string): Promise<() => Promise<{ keyId: string; hmacKey: string }>> {
  const mrao = await eventually(() => signIn(url, ADMIN.PORTAL_ADMIN_EMAIL, ADMIN.PORTAL_ADMIN_PASSWORD).catch(() => undefined), 60_000);
  const api = client(url, mrao);
  const organisationId = (await api.post('/api/v1/organisations', { name, member: true })).body.id;
  await api.post(`/api/v1/organisations/${organisationId}/validation/operator-assertion`, {});
  await api.post(`/api/v1/organisations/${organisationId}/domains/${domain}/operator-assertion`, {});
  await api.post(`/api/v1/organisations/${organisationId}/subscription`, { usageClass: 'F' });
  // The operator holds every privilege, manage-acme included.
  return async () => (await api.post('/api/v1/acme/bindings', { organisationId, label: 'bench' })).body;
}

async function startSingleProcess(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-acme-'));
  const port = await freePort();
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): extra node flags for the single process, to profile it.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '-r', './tools/register.js', 'services/platform/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...ADMIN, ...LIMITS, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', NATS_URL: '', SERVICES: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(() => fetch(`${url}/health`).then((r) => (r.ok ? true : undefined), () => undefined), 60_000);
  return { name: 'single process', directoryUrl: `${url}/acme/directory`, pids: () => [child.pid!], eab: await prepareOrganisations(url), stop: () => stopChild(child, dataDir) };
}

async function startDistributed(): Promise<Target> {
  const platform = await startDistributedPlatform({ ...ADMIN, ...LIMITS });
  await eventually(() => fetch(`${platform.acmeUrl}/acme/directory`).then((r) => (r.ok ? true : undefined), () => undefined), 60_000);
  return {
    name: 'distributed',
    directoryUrl: `${platform.acmeUrl}/acme/directory`,
    pids: () => [...platform.processes.values()].map((p) => p.pid!),
    named: () => [...platform.processes].map(([name, p]) => [name, p.pid!]),
    eab: await prepareOrganisations(platform.url),
    stop: () => platform.stop(),
  };
}

async function startPebble(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pebble-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const [port, management, http, tls] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const config = { pebble: { listenAddress: `127.0.0.1:${port}`, managementListenAddress: `127.0.0.1:${management}`, certificate: join(dir, 'cert.pem'), privateKey: join(dir, 'key.pem'), httpPort: http, tlsPort: tls, ocspResponderURL: '', externalAccountBindingRequired: false } };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const child = spawn('pebble', ['-config', join(dir, 'config.json')], {
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_VA_ALWAYS_VALID: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: process.env.PEBBLE_AUTHZREUSE ?? '100' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const directoryUrl = `https://127.0.0.1:${port}/dir`;
  const probe = new AcmeDriver(directoryUrl);
  await eventually(() => probe.register().then(() => true, () => undefined), 30_000);
  probe.close();
  return { name: 'pebble', directoryUrl, pids: () => [child.pid!], stop: () => stopChild(child, dir) };
}

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

async function main() {
  // Issuance checks CAA for every name: a loopback DNS server answers (no records: allowed).
  const dns = await TestDnsServer.start();
  process.env.DNS_RESOLVER = dns.address;
  const csrsFor = (domain: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const names = [`host${i}.${domain}`];
      const pem = makeCsr({ commonName: names[0], names, key: 'p256' });
      return { names, der: Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64') };
    });
  const csrs = { warmUp: csrsFor('warmup.ac.uk', 8), rounds: csrsFor('bench.ac.uk', 32) };
  const rows: Row[] = [];
  // BENCH_ACME_TARGETS=pebble,single,distributed (default all three; the summary needs pebble and distributed)
  const chosen = (process.env.BENCH_ACME_TARGETS ?? 'pebble,single,distributed').split(',');
  const starters = { pebble: startPebble, single: startSingleProcess, distributed: startDistributed };
  for (const start of Object.entries(starters).filter(([k]) => chosen.includes(k)).map(([, v]) => v)) {
    const target = await start();
    try {
      rows.push(...(await run(target, csrs)));
    } finally {
      await target.stop();
    }
  }
  await dns.close();

  process.stdout.write('\n| target | C | certs | certs/s | p50 ms | p99 ms | server CPU ms/cert |\n| --- | --- | --- | --- | --- | --- | --- |\n');
  for (const r of rows)
    process.stdout.write(`| ${r.target} | ${r.c} | ${r.certs} | ${r.perSecond.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpuPerCert.toFixed(1)} |\n`);
  if (chosen.length < 3) return;
  const at32 = (t: string) => rows.find((r) => r.target === t && r.c === 32)!;
  const cpu = (t: string) => rows.filter((r) => r.target === t).reduce((s, r) => s + r.cpuPerCert * r.certs, 0) / rows.filter((r) => r.target === t).reduce((s, r) => s + r.certs, 0);
  process.stdout.write(
    `\nsingle process ÷ pebble at C=32: ${(at32('single process').perSecond / at32('pebble').perSecond).toFixed(2)} certs/s, ` +
      `CPU/cert ${(cpu('single process') / cpu('pebble')).toFixed(2)}\n`,
  );
  process.stdout.write(`acme certs_per_s_ratio=${(at32('distributed').perSecond / at32('pebble').perSecond).toFixed(2)} cpu_per_cert_ratio=${(cpu('distributed') / cpu('pebble')).toFixed(2)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
