import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A secret from the environment, or else one generated once and kept in DATA_DIR/secrets (mode 0600),
 * so the embedded mode needs no setup and keeps its secrets across restarts. Never logged.
 */
export function loadSecret(name: string, fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error(`${name} must be at least 32 characters`);
    return Buffer.from(fromEnv, 'utf8');
  }
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

export function loadSecretText(name: string, fromEnv: string | undefined, fromFile: string | undefined, dataDir: string): string {
  if (fromFile) return readFileSync(fromFile, 'utf8').trim();
  return loadSecret(name, fromEnv, dataDir).toString('utf8');
}
