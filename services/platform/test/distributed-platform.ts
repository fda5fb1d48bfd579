import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, startNatsServer, testDatabaseUrl, type TestNatsServer } from '@platform/testing';
import { SERVICES } from '../src/platform';

const ROOT = resolve(__dirname, '../../..');

export interface DistributedPlatform {
  url: string;
  /** the acme service's own listener (its routes are under /acme) */
  acmeUrl: string;
  processes: Map<string, ChildProcess>;
  /** this run's PostgreSQL schema prefix (`<prefix><service>_events`, `<prefix><service>_read`) */
  schemaPrefix: string;
  /** each service process's own /livez, /readyz and /metrics (METRICS_PORT) */
  metricsUrls: Map<string, string>;
  /** the run's NATS server (chaos tests kill and restart it) */
  nats: TestNatsServer;
  /** everything the processes printed, for a failing test's message */
  output(): string;
  /** what one service's processes printed, as printed (its log lines) */
  outputOf(service: string): string;
  /** SIGKILL one service's process (a crash: no shutdown hooks run) */
  kill(service: string): Promise<void>;
  /** starts a service's process again, as at the start */
  restart(service: string): void;
  stop(): Promise<void>;
}

/**
 * Every service as its own OS process (`SERVICES=<one> npm start`), over a NATS server of this run's
 * own and PostgreSQL schemas with a prefix of this run's own (dropped at the end).
 */
export async function startDistributedPlatform(env: Record<string, string>): Promise<DistributedPlatform> {
  const nats: TestNatsServer = await startNatsServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-dist-'));
  const prefix = `e2e${Date.now().toString(36)}_`;
  const port = await freePort();
  // The acme service listens on its own port (ACME_PORT); the gateway has PORT.
  const acmePort = await freePort();
  const logs: string[] = [];
  const raw = new Map<string, string[]>();
  const processes = new Map<string, ChildProcess>();
  const metricsPorts = new Map<string, number>();
  for (const service of SERVICES) metricsPorts.set(service, await freePort());
  const common = {
    ...process.env,
    NATS_URL: nats.url,
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA_PREFIX: prefix,
    EVENT_STORE: 'postgres',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...env,
  };
  const launch = (service: string) => {
    // DISTRIBUTED_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): extra node flags for every process, to profile them.
    const nodeArgs = (process.env.DISTRIBUTED_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, '-r', './tools/register.js', 'services/platform/src/main.ts'], {
      cwd: ROOT,
      env: { ...common, SERVICES: service, PORT: String(port), ACME_PORT: String(acmePort), METRICS_PORT: String(metricsPorts.get(service)) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (!raw.has(service)) raw.set(service, []);
    child.stdout!.on('data', (d) => logs.push(`[${service}] ${d}`) && raw.get(service)!.push(String(d)));
    child.stderr!.on('data', (d) => logs.push(`[${service}] ${d}`) && raw.get(service)!.push(String(d)));
    processes.set(service, child);
  };
  for (const service of SERVICES) launch(service);
  const kill = async (service: string) => {
    const child = processes.get(service)!;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await Promise.all(
      [...processes.values()].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
    await nats.stop();
    await dropSchemas(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const metricsUrls = new Map([...metricsPorts].map(([service, p]) => [service, `http://127.0.0.1:${p}`]));
  try {
    await waitUntilHealthy(url, processes, metricsUrls, () => logs.join(''));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    acmeUrl: `http://127.0.0.1:${acmePort}`,
    processes,
    schemaPrefix: prefix,
    metricsUrls,
    nats,
    output: () => logs.join(''),
    outputOf: (service) => (raw.get(service) ?? []).join(''),
    kill,
    restart: launch,
    stop,
  };
}

/** Until every process says it is ready (/readyz: bus connected, handlers registered, read models caught up) and the gateway answers. */
async function waitUntilHealthy(url: string, processes: Map<string, ChildProcess>, metricsUrls: Map<string, string>, output: () => string): Promise<void> {
  const until = Date.now() + 90_000;
  const ready = (u: string) => fetch(u).then((r) => r.status === 200, () => false);
  for (;;) {
    const dead = [...processes].find(([, p]) => p.exitCode !== null);
    if (dead) throw new Error(`service ${dead[0]} exited with ${dead[1].exitCode}:\n${output()}`);
    const all = await Promise.all([ready(`${url}/health`), ...[...metricsUrls.values()].map((m) => ready(`${m}/readyz`))]);
    if (all.every(Boolean)) return;
    if (Date.now() > until) throw new Error(`platform not healthy in time:\n${output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function dropSchemas(prefix: string): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>('select nspname from pg_namespace where nspname like $1', [`${prefix}%`]);
    for (const { nspname } of rows) await client.query(`drop schema if exists "${nspname}" cascade`);
  } finally {
    await client.end();
  }
}
