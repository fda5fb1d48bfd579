import { EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';

/**
 * How far a projection has got in the global log. It lives in the read model's own database so
 * that it commits in the same transaction as the rows it vouches for.
 */
export interface ProjectionCheckpoint {
  /** `projection:<projection name>` */
  name: string;
  /** global log position of the last event applied, as a decimal string (bigint does not fit a JS number) */
  position: string;
  updatedAt: Date;
}

export const ProjectionCheckpointSchema = new EntitySchema<ProjectionCheckpoint>({
  name: 'ProjectionCheckpoint',
  tableName: 'projection_checkpoint',
  properties: {
    name: { type: 'string', primary: true },
    position: { type: 'string', length: 32 },
    updatedAt: { type: 'Date' },
  },
});

export const checkpointName = (projection: string): string => `projection:${projection}`;

/** The stored checkpoint, or undefined when the projection has never committed anything. */
export async function loadCheckpoint(em: EntityManager, projection: string): Promise<bigint | undefined> {
  const row = await em.findOne(ProjectionCheckpointSchema, { name: checkpointName(projection) });
  return row ? BigInt(row.position) : undefined;
}

/**
 * Reads the checkpoint inside a transaction, after locking it, so that two runners on the same
 * database cannot both apply one event. The lock is a no-op UPDATE rather than SELECT ... FOR UPDATE
 * because on SQLite it also takes the write lock up front: a transaction that reads first and
 * writes later can deadlock against another process (SQLITE_BUSY), FOR UPDATE being ignored there.
 * Two first-ever inserts can still collide on the primary key: one rolls back and is retried.
 */
export async function lockCheckpoint(
  em: EntityManager,
  projection: string,
): Promise<{ position: bigint | undefined; save(position: bigint): Promise<void> }> {
  const name = checkpointName(projection);
  const table = checkpointTable(em);
  // Lock and read in one statement (PostgreSQL and SQLite both have UPDATE ... RETURNING).
  const rows: { position: string }[] = await em.execute(`update ${table} set position = position where name = ? returning position`, [name]);
  const found = rows[0];
  return {
    position: found ? BigInt(found.position) : undefined,
    async save(position: bigint) {
      const params = [position.toString(), new Date(), name];
      if (found) await em.execute(`update ${table} set position = ?, updated_at = ? where name = ?`, params);
      else await em.insert(ProjectionCheckpointSchema, { name, position: position.toString(), updatedAt: new Date() });
    },
  };
}

/** Raw SQL bypasses the ORM's naming: qualify the table with the configured schema (PostgreSQL) ourselves. */
function checkpointTable(em: EntityManager): string {
  const platform = em.getPlatform();
  const schema = em.config.get('schema');
  const table = platform.quoteIdentifier(ProjectionCheckpointSchema.meta.tableName);
  return schema ? `${platform.quoteIdentifier(schema)}.${table}` : table;
}

export async function deleteCheckpoint(em: EntityManager, projection: string): Promise<void> {
  await em.nativeDelete(ProjectionCheckpointSchema, { name: checkpointName(projection) });
}
