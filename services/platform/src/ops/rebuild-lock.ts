import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import type { ReadModelDbConfig } from '@platform/read-model';

/** Another rebuild of the projection holds its lock. */
export class RebuildBusyError extends Error {}

export interface RebuildLock {
  release(): Promise<void>;
}

/**
 * One rebuilder at a time per projection. PostgreSQL: a session advisory lock, released when its
 * connection ends, however the process does. SQLite: a lock file beside the database holding the
 * owner's pid; a file whose process is gone (killed) is taken over.
 */
export async function takeRebuildLock(db: ReadModelDbConfig, projection: string): Promise<RebuildLock> {
  if (db.kind === 'postgres') {
    const client = new Client({ connectionString: db.connectionString });
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [`projection-rebuild:${db.schema}:${projection}`]);
    if (!rows[0].locked) {
      await client.end();
      throw new RebuildBusyError(`another rebuild of ${projection} is running (it holds the lock on ${db.schema})`);
    }
    return { release: () => client.end() };
  }
  const file = `${db.filename}.rebuild-${projection}.lock`;
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(file, 'utf8'));
    if (alive(owner)) throw new RebuildBusyError(`another rebuild of ${projection} is running (process ${owner}, lock file ${file})`);
    writeFileSync(file, String(process.pid));
  }
  return { release: async () => rmSync(file, { force: true }) };
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
