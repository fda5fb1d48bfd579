import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

export interface OpsRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run ops -- <args>` as an operator runs it (a process of its own), against a single process's data directory. */
export function opsOn(dataDir: string, ...args: string[]): Promise<OpsRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', './tools/register.js', 'services/platform/src/ops/ops.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, NATS_URL: '', DATABASE_URL: '', EVENT_STORE: '' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
