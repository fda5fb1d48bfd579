/**
 * Embedded event store on SQLite (better-sqlite3), for the single-process mode and unit tests.
 *
 * Ordering: SQLite has one writer at a time (we take the write lock when the transaction begins),
 * and positions come from AUTOINCREMENT inside that transaction, so positions commit in order and
 * a reader never sees a later position before an earlier one, even with other processes on the file.
 */
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
import { GENESIS_HASH, chainText, eventHash } from '../hash-chain';
import { SharedPageReader, SubscriptionRegistry, startCatchUpSubscription } from './catch-up-subscription';
import { assertMaxCount, checkExpectedRevision } from './expected-revision';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position  INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    id        TEXT    NOT NULL UNIQUE,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT    NOT NULL,
    hash      BLOB,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE IF NOT EXISTS checkpoints (
    name     TEXT    PRIMARY KEY,
    position INTEGER NOT NULL
  );
`;

export interface SqliteEventStoreOptions {
  /** how often an idle subscription looks for appends made by another process; default 500 ms */
  pollIntervalMs?: number;
}

/** Wakes subscribers of every store open on the same file in this process. */
const appended = new EventEmitter().setMaxListeners(0);

interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  id: string;
  type: string;
  data: string;
  metadata: string;
  hash: Buffer | null;
}

export class SqliteEventStore implements EventStore {
  private readonly subscriptions = new SubscriptionRegistry();
  private readonly pages = new SharedPageReader((after, maxCount) => this.readAll({ after, maxCount }));
  private readonly noteAppend = (): void => this.pages.appended();
  private readonly statements;
  private readonly append: Database.Transaction<SqliteEventStore['appendInTransaction']>;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    /** the notification channel: the file's absolute path, or a private key for ':memory:' */
    private readonly channel: string,
    private readonly pollIntervalMs: number,
  ) {
    // Positions are bigint in the port; read every integer as bigint and narrow revisions ourselves.
    db.defaultSafeIntegers(true);
    this.statements = {
      // The last event through the (stream_id, revision) index: max(position) would read the whole stream.
      streamHead: db.prepare('SELECT revision, position, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO events (stream_id, revision, id, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      readStream: db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?'),
      readAll: db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      headPosition: db.prepare('SELECT max(position) AS position FROM events'),
      loadCheckpoint: db.prepare('SELECT position FROM checkpoints WHERE name = ?'),
      saveCheckpoint: db.prepare(
        'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      ),
    };
    this.append = db.transaction(this.appendInTransaction.bind(this));
    // Registered before any subscriber's listener, so a page is outdated before they wake.
    appended.on(channel, this.noteAppend);
  }

  static open(filename: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const inMemory = filename === ':memory:';
    if (!inMemory) mkdirSync(dirname(resolve(filename)), { recursive: true });
    const db = new Database(filename);
    db.pragma('journal_mode = WAL');
    // Another process may hold the write lock for a moment: wait for it rather than fail.
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    chainUnchainedEvents(db);
    // Only another process writing the same file needs the poll: this process's appends notify.
    return new SqliteEventStore(db, inMemory ? `memory:${newId()}` : resolve(filename), options.pollIntervalMs ?? 500);
  }

  async appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    // IMMEDIATE takes the write lock up front: the revision check and the inserts see one state.
    const result = this.append.immediate(streamId, events, expected);
    if (events.length > 0) appended.emit(this.channel);
    return result;
  }

  /** Runs inside the transaction built in the constructor. */
  private appendInTransaction(streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    const head = this.statements.streamHead.get(streamId) as { revision: bigint; position: bigint; hash: Buffer | null } | undefined;
    const current = head === undefined ? -1 : Number(head.revision);
    checkExpectedRevision(streamId, expected, current);
    let position = head?.position ?? 0n;
    let previous: Buffer = head?.hash ?? GENESIS_HASH;
    events.forEach((event, i) => {
      const id = event.id ?? newId();
      const data = JSON.stringify(event.data ?? null);
      const metadata = JSON.stringify(event.metadata);
      previous = eventHash(previous, current + 1 + i, chainText({ streamId, id, type: event.type, data: event.data, metadata: event.metadata }));
      try {
        const { lastInsertRowid } = this.statements.insert.run(streamId, current + 1 + i, id, event.type, data, metadata, previous);
        position = BigInt(lastInsertRowid);
      } catch (error) {
        throw mapUniqueViolation(error, streamId, expected, current);
      }
    });
    return { nextExpectedRevision: current + events.length, position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? -1; // SQLite: a negative LIMIT means no limit
    const rows = this.statements.readStream.all(streamId, options.fromRevision ?? 0, limit) as EventRow[];
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    assertMaxCount(options.maxCount);
    const rows = this.statements.readAll.all(options.after ?? -1n, options.maxCount) as EventRow[];
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<bigint | undefined> {
    const row = this.statements.headPosition.get() as { position: bigint | null };
    return row.position ?? undefined;
  }

  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Subscription {
    const subscription = startCatchUpSubscription(
      {
        readPage: (after, maxCount, fresh) => this.pages.readPage(after, maxCount, fresh),
        onAppend: (listener) => {
          appended.on(this.channel, listener);
          return () => appended.off(this.channel, listener);
        },
        pollIntervalMs: this.pollIntervalMs,
      },
      handler,
      options,
    );
    return this.subscriptions.track(subscription);
  }

  async loadCheckpoint(name: string): Promise<bigint | undefined> {
    const row = this.statements.loadCheckpoint.get(name) as { position: bigint } | undefined;
    return row?.position;
  }

  async saveCheckpoint(name: string, position: bigint): Promise<void> {
    this.statements.saveCheckpoint.run(name, position);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    appended.off(this.channel, this.noteAppend);
    this.db.close();
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
    ...(row.hash ? { hash: row.hash.toString('hex') } : {}),
  };
}

/**
 * Files from before the hash chain: adds the column and chains their events once, in one
 * transaction, so that every event of the log carries its hash (tamper evidence from then on).
 */
function chainUnchainedEvents(db: Database.Database): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('events')").all() as { name: string }[];
  db.transaction(() => {
    if (!columns.some((c) => c.name === 'hash')) db.exec('ALTER TABLE events ADD COLUMN hash BLOB');
    if (!db.prepare('SELECT 1 FROM events WHERE hash IS NULL LIMIT 1').get()) return;
    const update = db.prepare('UPDATE events SET hash = ? WHERE position = ?');
    const rows = db.prepare('SELECT * FROM events WHERE stream_id IN (SELECT stream_id FROM events WHERE hash IS NULL) ORDER BY stream_id, revision');
    let stream: string | undefined;
    let previous: Buffer = GENESIS_HASH;
    // all(), not iterate(): better-sqlite3 runs no other statement while an iteration is open.
    for (const row of rows.all() as EventRow[]) {
      if (row.stream_id !== stream) [stream, previous] = [row.stream_id, GENESIS_HASH];
      previous = eventHash(previous, Number(row.revision), chainText(toRecordedEvent(row)));
      update.run(previous, row.position);
    }
  }).immediate();
}

/** Backstop: the revision check runs under the write lock, but the unique index has the last word. */
function mapUniqueViolation(error: unknown, streamId: string, expected: ExpectedRevision, current: number): unknown {
  const e = error as { code?: string; message?: string };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' && e.message?.includes('events.stream_id')) {
    return new WrongExpectedRevisionError(streamId, expected, current < 0 ? 'no_stream' : current);
  }
  return error;
}
