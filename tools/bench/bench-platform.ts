/**
 * What the benchmark and load scripts share: a single-process platform in a child process (so the
 * driver's work is not measured as the server's), an organisation ready to issue, percentiles, RSS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@platform/testing';
import { client, eventually, signIn } from '../../services/platform/test/http-client';

const ROOT = resolve(__dirname, '../..');
export const ADMIN = { PORTAL_ADMIN_EMAIL: 'operator@example.ac.uk', PORTAL_ADMIN_PASSWORD: 'operator password for bench' };

/** An organisation with an RAO, validated (by operator assertion) for bench.ac.uk, with a subscription. */
export async function prepareOrganisation(url: string, usageClass = 'F'): Promise<{ rao: string; organisationId: string }> {
  const mrao = await eventually(() => signIn(url, ADMIN.PORTAL_ADMIN_EMAIL, ADMIN.PORTAL_ADMIN_PASSWORD).catch(() => undefined), 60_000);
  const api = client(url, mrao);
  const org = await api.post('/api/v1/organisations', { name: 'Bench University', member: true });
  const organisationId = org.body.id;
  const email = `rao-${Date.now()}@bench.ac.uk`;
  await api.post(`/api/v1/organisations/${organisationId}/admins`, { email, name: 'Bench RAO', role: 'RAO' });
  const mail = await eventually(async () => (await api.get(`/api/v1/notifications/outbox?to=${email}`)).body[0]);
  const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]);
  await client(url).post('/api/v1/auth/accept-invitation', { token, password: 'bench password 123' });
  // Operator assertions: the bench measures issuance, not vetting or DCV.
  await api.post(`/api/v1/organisations/${organisationId}/validation/operator-assertion`, {});
  await api.post(`/api/v1/organisations/${organisationId}/domains/bench.ac.uk/operator-assertion`, {});
  await api.post(`/api/v1/organisations/${organisationId}/subscription`, { usageClass });
  return { rao: await signIn(url, email, 'bench password 123'), organisationId };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The single process in a child process. `env` may name its DATA_DIR (a data directory prepared
 * beforehand, left in place); without one it gets a fresh one, removed at stop.
 */
export async function startSingleProcess(env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const ownDataDir = env.DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'bench-single-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', './tools/register.js', 'services/platform/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...ADMIN, DATA_DIR: ownDataDir, LOG_LEVEL: 'warn', ...env, PORT: String(port), NATS_URL: '', SERVICES: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(() => fetch(`${url}/health`).then((r) => (r.ok ? true : undefined), () => undefined), 60_000);
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}
