import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreConformance } from '../event-store.conformance';
import { expectSubscribersShareReads, newEvents, sleep, waitFor } from '../event-store.conformance.helpers';
import type { RecordedEvent } from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { SqliteEventStore } from './sqlite.event-store';

eventStoreConformance('SqliteEventStore (file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  const file = join(dir, 'nested', 'events.db');
  const store = SqliteEventStore.open(file);
  // A second connection on the file, as someone with access to it could open.
  const db = new Database(file);
  return {
    store,
    tamper: {
      editData: async (position, data) => void db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(data), position),
      remove: async (position) => void db.prepare('DELETE FROM events WHERE position = ?').run(position),
      swapRevisions: async (a, b) =>
        db.transaction(() => {
          const revision = db.prepare('SELECT revision FROM events WHERE position = ?').pluck();
          const [ra, rb] = [revision.get(a), revision.get(b)];
          const set = db.prepare('UPDATE events SET revision = ? WHERE position = ?');
          set.run(-1, a);
          set.run(ra, b);
          set.run(rb, a);
        })(),
    },
    cleanup: async () => {
      db.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

eventStoreConformance(
  'SqliteEventStore (:memory:)',
  async () => {
    const store = SqliteEventStore.open(':memory:');
    return { store, cleanup: () => store.close() };
  },
  'an in-memory database has no second connection to tamper through; the file store runs these tests',
);

describe('SqliteEventStore subscribers', () => {
  it('at the same position share one read of the log per append', async () => {
    const store = SqliteEventStore.open(':memory:');
    try {
      await expectSubscribersShareReads(store);
    } finally {
      await store.close();
    }
  });
});

describe('SqliteEventStore live subscriptions on a shared file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'event-store-'));
    file = join(dir, 'events.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('wakes at once when another store on the same file in this process appends', async () => {
    // With a one-minute poll, only the in-process notification can deliver in time.
    const reader = SqliteEventStore.open(file, { pollIntervalMs: 60_000 });
    const writer = SqliteEventStore.open(file);
    const seen: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll(async (e) => void seen.push(e));
    try {
      await sleep(50); // the subscription has read the empty log and sleeps
      await writer.appendToStream('thing-1', newEvents(1), 'no_stream');
      await waitFor('the notified event', () => seen.length === 1, 1_000);
    } finally {
      await subscription.stop();
      await Promise.all([reader.close(), writer.close()]);
    }
  });

  it('sees, by polling, what another process appends to the file', async () => {
    const reader = SqliteEventStore.open(file, { pollIntervalMs: 50 });
    const seen: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll(async (e) => void seen.push(e));
    try {
      execFileSync(process.execPath, ['-e', WRITE_FROM_ANOTHER_PROCESS, file], { cwd: process.cwd() });
      await waitFor('the event from the other process', () => seen.length === 1, 3_000);
      expect(seen[0]).toMatchObject({ streamId: 'elsewhere-1', revision: 0, type: 'WrittenElsewhere', data: { by: 'child' } });
    } finally {
      await subscription.stop();
      await reader.close();
    }
  });

  it('close() stops the live subscriptions first, without reporting an error', async () => {
    const store = SqliteEventStore.open(file);
    const errors: unknown[] = [];
    store.subscribeToAll(async () => undefined, { onError: (e) => errors.push(e) });
    await sleep(20);
    await store.close();
    await sleep(20);
    expect(errors).toEqual([]);
  });
});

/** Another process, writing with its own connection: no in-process notification reaches the reader. */
const WRITE_FROM_ANOTHER_PROCESS = `
  const db = new (require('better-sqlite3'))(process.argv[1]);
  db.pragma('busy_timeout = 5000');
  db.prepare('INSERT INTO events (stream_id, revision, id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)').run(
    'elsewhere-1', 0, require('node:crypto').randomUUID(), 'WrittenElsewhere',
    JSON.stringify({ by: 'child' }), JSON.stringify({ correlationId: 'c', occurredAt: '2026-11-25T10:00:00.000Z' }));
  db.close();`;

describe('SqliteEventStore hash chain migration', () => {
  it('chains the events of a file written before the chain when it is opened, and appends chain on from them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
    const file = join(dir, 'events.db');
    try {
      // The table as it was before the chain, with events in it.
      const db = new Database(file);
      db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
        id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_id, revision))`);
      const insert = db.prepare('INSERT INTO events (stream_id, revision, id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
      for (const [stream, n] of [['thing-1', 3], ['thing-2', 2]] as const)
        newEvents(n).forEach((e, revision) => insert.run(stream, revision, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)));
      db.close();

      const store = SqliteEventStore.open(file);
      try {
        await store.appendToStream('thing-1', newEvents(1), 2);
        const report = await verifyChain(store);
        expect(report).toMatchObject({ events: 6, streams: 2 });
        expect(report.broken).toBeUndefined();
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
