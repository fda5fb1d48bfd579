import { escapeIdentifier, type Pool, type PoolClient } from 'pg';
import { GENESIS_HASH, chainText, eventHash } from '../hash-chain';

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

/** `append_events`'s expected revision for "any" (-1 is "no stream", 0.. a revision). */
export const EXPECT_ANY = -2;

/**
 * An append in one round trip: lock, read the stream head, check the expected revision, chain,
 * insert, notify. Each statement of a VOLATILE PL/pgSQL function takes a new snapshot (READ
 * COMMITTED), so the head is read after the lock is granted and sees every append that held it
 * before. The hash chain (hash-chain.ts) is computed here, where the revisions are decided, from
 * the canonical text the client sends per event (p_chain). Returns the head revision before the
 * append, and the last new position (NULL when the check failed; the head position when there was
 * nothing to insert).
 */
function appendFunction(s: string): string {
  return `
    DROP FUNCTION IF EXISTS ${s}.append_events(text, integer, integer, text, uuid[], text[], jsonb[], jsonb[]);
    CREATE OR REPLACE FUNCTION ${s}.append_events(
      p_stream text, p_expected integer, p_lock_key integer, p_channel text,
      p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], p_chain text[]
    ) RETURNS TABLE (head_revision integer, last_position bigint) LANGUAGE plpgsql VOLATILE AS $fn$
    DECLARE
      v_revision integer;
      v_position bigint;
      v_hash bytea;
      v_hashes bytea[] := '{}';
    BEGIN
      PERFORM pg_advisory_xact_lock(${APPEND_LOCK_CLASS}, p_lock_key);
      SELECT e.revision, e.position, e.hash INTO v_revision, v_position, v_hash
        FROM ${s}.events e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
      IF v_revision IS NOT NULL AND v_hash IS NULL THEN
        RAISE EXCEPTION 'stream % holds events without a hash: restart a process on this schema to chain them', p_stream;
      END IF;
      v_revision := coalesce(v_revision, -1);
      v_hash := coalesce(v_hash, decode(repeat('00', 32), 'hex'));
      IF p_expected <> ${EXPECT_ANY} AND p_expected <> v_revision THEN
        RETURN QUERY SELECT v_revision, NULL::bigint;
        RETURN;
      END IF;
      IF coalesce(array_length(p_ids, 1), 0) = 0 THEN
        RETURN QUERY SELECT v_revision, coalesce(v_position, 0);
        RETURN;
      END IF;
      FOR i IN 1 .. array_length(p_ids, 1) LOOP
        v_hash := sha256(v_hash || int4send(v_revision + i) || convert_to(p_chain[i], 'UTF8'));
        v_hashes := v_hashes || v_hash;
      END LOOP;
      WITH inserted AS (
        INSERT INTO ${s}.events (stream_id, revision, id, type, data, metadata, hash)
        SELECT p_stream, v_revision + e.ord, e.id, e.type, e.data, e.metadata, e.hash
        FROM unnest(p_ids, p_types, p_data, p_metadata, v_hashes) WITH ORDINALITY AS e(id, type, data, metadata, hash, ord)
        RETURNING position
      )
      SELECT max(position) INTO v_position FROM inserted;
      PERFORM pg_notify(p_channel, '');
      RETURN QUERY SELECT v_revision, v_position;
    END
    $fn$;`;
}

export interface SchemaNames {
  events: string;
  checkpoints: string;
  /** LISTEN/NOTIFY channel, unquoted (pg_notify takes it as text) */
  channel: string;
  /** second key of this schema's advisory locks */
  lockKey: number;
  /** the append function (see appendFunction) */
  append: string;
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
        hash      bytea,
        CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
      );
      ALTER TABLE ${s}.events ADD COLUMN IF NOT EXISTS hash bytea;
      CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
        name     text   PRIMARY KEY,
        position bigint NOT NULL
      );
    `);
    await client.query(appendFunction(s));
    await chainUnchainedEvents(client, s, lockKey);
    await client.query('COMMIT');
    return { events: `${s}.events`, checkpoints: `${s}.checkpoints`, channel: `${schema}_appended`, lockKey, append: `${s}.append_events` };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Schemas from before the hash chain: chains their events once, holding the append lock so that no
 * append runs meanwhile (the append function refuses to chain onto an unchained stream), in pages in
 * stream order. Tamper evidence starts from this migration.
 */
async function chainUnchainedEvents(client: PoolClient, s: string, lockKey: number): Promise<void> {
  const { rows: any } = await client.query(`SELECT 1 FROM ${s}.events WHERE hash IS NULL LIMIT 1`);
  if (any.length === 0) return;
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [APPEND_LOCK_CLASS, lockKey]);
  let cursor: [string, number] = ['', -1];
  let previous: Buffer = GENESIS_HASH;
  for (;;) {
    const { rows } = await client.query<{ position: string; stream_id: string; revision: number; id: string; type: string; data: unknown; metadata: never }>(
      `SELECT position, stream_id, revision, id, type, data, metadata FROM ${s}.events
        WHERE (stream_id, revision) > ($1, $2) ORDER BY stream_id, revision LIMIT 1000`,
      cursor,
    );
    if (rows.length === 0) return;
    const positions: string[] = [];
    const hashes: Buffer[] = [];
    for (const row of rows) {
      if (row.stream_id !== cursor[0]) previous = GENESIS_HASH;
      previous = eventHash(previous, row.revision, chainText({ streamId: row.stream_id, id: row.id, type: row.type, data: row.data, metadata: row.metadata }));
      positions.push(row.position);
      hashes.push(previous);
      cursor = [row.stream_id, row.revision];
    }
    await client.query(`UPDATE ${s}.events e SET hash = u.hash FROM unnest($1::bigint[], $2::bytea[]) AS u(position, hash) WHERE e.position = u.position`, [positions, hashes]);
  }
}
