/**
 * Event store on PostgreSQL: one schema per service, tables `events` and `checkpoints`.
 *
 * ORDERING (the known trap): identity/bigserial values are taken when a row is inserted, not when
 * its transaction commits. Two concurrent appends can commit 11 before 10; a reader that saw 11
 * and moved its checkpoint there never sees 10. We serialise appends with a transaction-scoped
 * advisory lock (`pg_advisory_xact_lock`, one per schema) taken before the first insert:
 * PostgreSQL makes a commit visible before it releases the transaction's locks, so the next append
 * draws its positions only after the previous one is visible, and "position > checkpoint" is safe.
 *
 * Why this rather than filtering on `pg_current_xact_id() < pg_snapshot_xmin(...)`: that filter
 * only ever reveals transactions in xid order, which is not position order (xid is assigned at the
 * first write, the position at each insert), so it needs a (xid, position) cursor; our port has a
 * single bigint checkpoint. It also stalls every reader behind any long transaction on the server.
 * The lock costs write concurrency, so it is held for one statement only: appends call the
 * append_events function (postgres.schema.ts), one round trip. bench/postgres-ordering.bench.ts,
 * 8 writers x 250 one-event appends, PostgreSQL 15 on localhost (fsync on), 2 shared CPUs, median
 * appends/s of 5 runs: advisory lock 893 | 640 when the append took 4 round trips under the lock
 * (xid8 column without lock 2,130 | 1,363); 1,869 with the function (xid8, still several round
 * trips, 1,261 in the same run). Revisit (xid8 plus a (xid, position) cursor) if writes outgrow it.
 *
 * Concurrency check: the stream head is read after taking the lock, so the expected-revision check
 * and the inserts see one state; unique (stream_id, revision) stays as a backstop.
 * Live subscriptions: NOTIFY inside the append transaction (delivered on commit) wakes readers
 * that LISTEN on a dedicated connection; a slow poll covers a lost connection.
 */
import { EventEmitter } from 'node:events';
import { Client, escapeIdentifier, Pool } from 'pg';
import { newId } from '@platform/kernel';
import {
  type AppendResult,
  type EventHandler,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { SharedPageReader, SubscriptionRegistry, startCatchUpSubscription } from './catch-up-subscription';
import { chainText } from '../hash-chain';
import { assertMaxCount } from './expected-revision';
import { EXPECT_ANY, ensureSchema, type SchemaNames } from './postgres.schema';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** the service's own schema, created if absent */
  schema: string;
  /** default 10 */
  poolSize?: number;
  /** fallback poll of an idle subscription, should a notification be lost; default 1000 ms */
  pollIntervalMs?: number;
}
const COLUMNS = 'position, stream_id, revision, id, type, data, metadata, hash';

interface EventRow {
  /** bigint columns arrive as strings */
  position: string;
  stream_id: string;
  revision: number;
  id: string;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  hash: Buffer | null;
}

export class PostgresEventStore implements EventStore {
  private readonly subscriptions = new SubscriptionRegistry();
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly pages = new SharedPageReader(async (after, maxCount) => {
    // Listen before reading, so no append that commits after this read goes unnoticed.
    await this.listen();
    return this.readAll({ after, maxCount });
  });
  private listener: Promise<Client | undefined> | undefined;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions,
    private readonly names: SchemaNames,
  ) {}

  static async connect(opts: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({ connectionString: opts.connectionString, max: opts.poolSize ?? 10 });
    // An idle pooled connection that dies emits 'error'; unhandled, it would kill the process.
    pool.on('error', (error) => console.error('event store: idle PostgreSQL connection failed', error));
    try {
      const names = await ensureSchema(pool, opts.schema);
      return new PostgresEventStore(pool, opts, names);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const expectedRevision = expected === 'any' ? EXPECT_ANY : expected === 'no_stream' ? -1 : expected;
    let rows: { head_revision: number; last_position: string | null }[];
    const ids = events.map((e) => e.id ?? newId());
    try {
      // One round trip, in its own transaction: see append_events in postgres.schema.ts.
      ({ rows } = await this.pool.query(`SELECT head_revision, last_position FROM ${this.names.append}($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        streamId,
        expectedRevision,
        this.names.lockKey,
        this.names.channel,
        ids,
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data ?? null)),
        events.map((e) => JSON.stringify(e.metadata)),
        events.map((e, i) => chainText({ streamId, id: ids[i], type: e.type, data: e.data, metadata: e.metadata })),
      ]));
    } catch (error) {
      throw mapUniqueViolation(error, streamId, expected);
    }
    const { head_revision: current, last_position: position } = rows[0];
    if (position === null) throw new WrongExpectedRevisionError(streamId, expected, current < 0 ? 'no_stream' : current);
    return { nextExpectedRevision: current + events.length, position: BigInt(position) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.names.events} WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [streamId, options.fromRevision ?? 0, options.maxCount ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    assertMaxCount(options.maxCount);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.names.events} WHERE position > $1 ORDER BY position LIMIT $2`,
      [(options.after ?? -1n).toString(), options.maxCount],
    );
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<bigint | undefined> {
    const { rows } = await this.pool.query<{ position: string | null }>(`SELECT max(position) AS position FROM ${this.names.events}`);
    return rows[0].position === null ? undefined : BigInt(rows[0].position);
  }

  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Subscription {
    const subscription = startCatchUpSubscription(
      {
        readPage: (after, maxCount, fresh) => this.pages.readPage(after, maxCount, fresh),
        onAppend: (listener) => {
          this.appended.on('append', listener);
          return () => this.appended.off('append', listener);
        },
        pollIntervalMs: this.options.pollIntervalMs ?? 1000,
      },
      handler,
      options,
    );
    return this.subscriptions.track(subscription);
  }

  /** One LISTEN connection per store, (re)opened on demand; never rejects: polling is the fallback. */
  private listen(): Promise<Client | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    return (this.listener ??= (async () => {
      const client = new Client({ connectionString: this.options.connectionString });
      const drop = (): void => {
        this.listener = undefined;
        client.end().catch(() => undefined);
      };
      client.on('error', drop);
      client.on('notification', () => {
        this.pages.appended(); // before the subscribers wake
        this.appended.emit('append');
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${escapeIdentifier(this.names.channel)}`);
        return client;
      } catch {
        drop();
        return undefined;
      }
    })());
  }

  async loadCheckpoint(name: string): Promise<bigint | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.names.checkpoints} WHERE name = $1`,
      [name],
    );
    return rows.length === 0 ? undefined : BigInt(rows[0].position);
  }

  async saveCheckpoint(name: string, position: bigint): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.names.checkpoints} (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      [name, position.toString()],
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    const listener = await this.listener;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    position: BigInt(row.position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    ...(row.hash ? { hash: row.hash.toString('hex') } : {}),
  };
}

/** Backstop for the revision check: a writer that bypassed the lock still cannot fork a stream. */
function mapUniqueViolation(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'events_stream_revision_key') return new WrongExpectedRevisionError(streamId, expected, 'unknown');
  return error;
}
