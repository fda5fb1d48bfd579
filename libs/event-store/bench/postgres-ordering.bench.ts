/**
 * Append throughput on PostgreSQL with 8 concurrent writers, one event per append, for the two ways
 * of keeping "position > checkpoint" safe (see postgres.event-store.ts), plus the unsafe baseline.
 *
 *   node -r ./tools/register.js libs/event-store/bench/postgres-ordering.bench.ts [appendsPerWriter]
 */
import { randomUUID } from 'node:crypto';
import { escapeIdentifier, Pool } from 'pg';
import { createTemporarySchema } from '@platform/testing';
import { PostgresEventStore } from '../src/adapters/postgres.event-store';

const WRITERS = 8;
const PER_WRITER = Number(process.argv[2] ?? 250);
const RUNS = 5;
const metadata = { correlationId: 'bench', occurredAt: '2026-11-25T10:00:00.000Z' };

type Append = (streamId: string, expected: number) => Promise<void>;

async function measure(append: Append): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      const streamId = `bench-${randomUUID()}`;
      for (let revision = -1; revision < PER_WRITER - 1; revision++) await append(streamId, revision);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (WRITERS * PER_WRITER) / seconds;
}

/** The adapter as shipped: appends serialised by pg_advisory_xact_lock. */
async function advisoryLock(connectionString: string, schema: string): Promise<{ append: Append; close(): Promise<void> }> {
  const store = await PostgresEventStore.connect({ connectionString, schema });
  return {
    append: async (streamId, expected) => {
      await store.appendToStream(streamId, [{ type: 'Benched', data: { n: expected }, metadata }], expected < 0 ? 'no_stream' : expected);
    },
    close: () => store.close(),
  };
}

/** The same append without the lock; `withXid` records pg_current_xact_id() for snapshot-filtered reads. */
async function unlocked(connectionString: string, schema: string, withXid: boolean): Promise<{ append: Append; close(): Promise<void> }> {
  const pool = new Pool({ connectionString, max: 10 });
  const table = `${escapeIdentifier(schema)}.events`;
  await pool.query(`CREATE TABLE ${table} (
    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ${withXid ? 'transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),' : ''}
    stream_id text NOT NULL, revision integer NOT NULL, id uuid NOT NULL UNIQUE, type text NOT NULL,
    data jsonb NOT NULL, metadata jsonb NOT NULL, UNIQUE (stream_id, revision))`);
  return {
    append: async (streamId, expected) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const head = await client.query('SELECT max(revision) AS revision FROM ' + table + ' WHERE stream_id = $1', [streamId]);
        if ((head.rows[0].revision ?? -1) !== expected) throw new Error('conflict');
        await client.query(
          `WITH inserted AS (INSERT INTO ${table} (stream_id, revision, id, type, data, metadata)
             VALUES ($1, $2, $3, 'Benched', $4, $5) RETURNING position)
           SELECT max(position), pg_notify($6, '') FROM inserted`,
          [streamId, expected + 1, randomUUID(), JSON.stringify({ n: expected }), JSON.stringify(metadata), `${schema}_appended`],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function main(): Promise<void> {
  const variants = {
    'advisory lock (shipped)': (url: string, schema: string) => advisoryLock(url, schema),
    'xid8 column, no lock': (url: string, schema: string) => unlocked(url, schema, true),
    'no lock, no xid (unsafe baseline)': (url: string, schema: string) => unlocked(url, schema, false),
  };
  // Interleaved runs, so that load from anything else on the machine falls on every variant alike.
  const rates = new Map<string, number[]>(Object.keys(variants).map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, open] of Object.entries(variants)) {
      const temporary = await createTemporarySchema('bench');
      const variant = await open(temporary.connectionString, temporary.schema);
      try {
        rates.get(name)?.push(await measure(variant.append));
      } finally {
        await variant.close();
        await temporary.drop();
      }
    }
  }
  for (const [name, runs] of rates) {
    const sorted = [...runs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`${name}: median ${median.toFixed(0)} appends/s (runs: ${runs.map((r) => r.toFixed(0)).join(', ')})`);
  }
}

void main();
