import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreConformance } from '../event-store.conformance';
import { expectSubscribersShareReads, newEvents, sleep, waitFor } from '../event-store.conformance.helpers';
import type { RecordedEvent } from '../event-store.port';
import { SqliteEventStore } from './sqlite.event-store';

eventStoreConformance('SqliteEventStore (file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  const store = SqliteEventStore.open(join(dir, 'nested', 'events.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

eventStoreConformance('SqliteEventStore (:memory:)', async () => {
  const store = SqliteEventStore.open(':memory:');
  return { store, cleanup: () => store.close() };
});

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
