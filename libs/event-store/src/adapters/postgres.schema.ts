import { escapeIdentifier, type Pool } from 'pg';

/** Advisory lock classes (first key of the two-key form); the second key is hashtext(schema). */
export const APPEND_LOCK_CLASS = 0x45530001;
const DDL_LOCK_CLASS = 0x45530002;

/** Lower-case identifiers only, short enough that `<schema>_appended` is a valid channel name. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`event store schema "${schema}" must match ${String(SCHEMA_NAME)}`);
  }
}

export interface SchemaNames {
  events: string;
  checkpoints: string;
  /** LISTEN/NOTIFY channel, unquoted (pg_notify takes it as text) */
  channel: string;
  /** second key of this schema's advisory locks */
  lockKey: number;
}

/**
 * Creates the schema and tables if absent. Two processes starting at once would otherwise race
 * on CREATE SCHEMA IF NOT EXISTS (a unique violation in pg_namespace), hence the advisory lock.
 */
export async function ensureSchema(pool: Pool, schema: string): Promise<SchemaNames> {
  assertSchemaName(schema);
  const s = escapeIdentifier(schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ key: number }>('SELECT hashtext($1) AS key', [schema]);
    const lockKey = rows[0].key;
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [DDL_LOCK_CLASS, lockKey]);
    await client.query(`
      CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${s}.events (
        position  bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_id text    NOT NULL,
        revision  integer NOT NULL,
        id        uuid    NOT NULL UNIQUE,
        type      text    NOT NULL,
        data      jsonb   NOT NULL,
        metadata  jsonb   NOT NULL,
        CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
      );
      CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
        name     text   PRIMARY KEY,
        position bigint NOT NULL
      );
    `);
    await client.query('COMMIT');
    return { events: `${s}.events`, checkpoints: `${s}.checkpoints`, channel: `${schema}_appended`, lockKey };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
