import { EntitySchema, raw } from '@mikro-orm/core';
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
): Promise<{ position: bigint | undefined; save(position: bigint): void }> {
  const name = checkpointName(projection);
  await em
    .createQueryBuilder(ProjectionCheckpointSchema)
    .update({ position: raw('position') })
    .where({ name })
    .execute();
  const row = await em.findOne(ProjectionCheckpointSchema, { name });
  return {
    position: row ? BigInt(row.position) : undefined,
    // The write is flushed when the surrounding transaction commits, together with the rows.
    save(position: bigint) {
      if (row) {
        row.position = position.toString();
        row.updatedAt = new Date();
      } else {
        em.create(ProjectionCheckpointSchema, { name, position: position.toString(), updatedAt: new Date() });
      }
    },
  };
}

export async function deleteCheckpoint(em: EntityManager, projection: string): Promise<void> {
  await em.nativeDelete(ProjectionCheckpointSchema, { name: checkpointName(projection) });
}
