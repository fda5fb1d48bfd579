import { Client } from 'pg';
import { createTemporarySchema, withTemporarySchema } from '@platform/testing';
import { eventStoreConformance } from '../event-store.conformance';
import { expectSubscribersShareReads, newEvents, sleep, waitFor } from '../event-store.conformance.helpers';
import type { RecordedEvent } from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { PostgresEventStore } from './postgres.event-store';

eventStoreConformance('PostgresEventStore', async () => {
  const temporary = await createTemporarySchema('event_store');
  const store = await PostgresEventStore.connect({ connectionString: temporary.connectionString, schema: temporary.schema });
  // Statements straight on the table, as someone with database access could run them.
  const sql = async (...statements: [string, unknown[]][]) => {
    const client = new Client({ connectionString: temporary.connectionString });
    await client.connect();
    try {
      for (const [text, values] of statements) await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  return {
    store,
    tamper: {
      editData: (position, data) => sql(['UPDATE events SET data = $1 WHERE position = $2', [JSON.stringify(data), position.toString()]]),
      remove: (position) => sql(['DELETE FROM events WHERE position = $1', [position.toString()]]),
      // Through a free revision: the (stream_id, revision) key is checked row by row.
      swapRevisions: (a, b) =>
        sql(
          ['CREATE TEMP TABLE swap AS SELECT position, revision FROM events WHERE position IN ($1, $2)', [a.toString(), b.toString()]],
          ['UPDATE events SET revision = -1 - revision WHERE position IN ($1, $2)', [a.toString(), b.toString()]],
          ['UPDATE events e SET revision = s.revision FROM swap s WHERE s.position = $1 AND e.position = $2', [a.toString(), b.toString()]],
          ['UPDATE events e SET revision = s.revision FROM swap s WHERE s.position = $2 AND e.position = $1', [a.toString(), b.toString()]],
        ),
    },
    cleanup: async () => {
      await store.close();
      await temporary.drop();
    },
  };
});

describe('PostgresEventStore schema creation', () => {
  it('is idempotent when several processes start on a new schema at once', async () => {
    const temporary = await createTemporarySchema('event_store');
    await temporary.drop(); // start from a schema that does not exist yet
    const stores = await Promise.all(
      [1, 2, 3, 4].map(() => PostgresEventStore.connect({ connectionString: temporary.connectionString, schema: temporary.schema, poolSize: 1 })),
    );
    try {
      await stores[0].appendToStream('schema-test', [{ type: 'Created', data: {}, metadata: { correlationId: 'c', occurredAt: 'now' } }], 'no_stream');
      expect(await stores[3].readStream('schema-test')).toHaveLength(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await temporary.drop();
    }
  });

  it('refuses a schema name it would have to quote', async () => {
    await expect(PostgresEventStore.connect({ connectionString: 'postgres://unused', schema: 'Bad-Name' })).rejects.toThrow(/must match/);
  });
});

describe('PostgresEventStore live subscriptions', () => {
  it('subscribers at the same position share one read of the log per append', async () => {
    await withTemporarySchema(async ({ connectionString, schema }) => {
      const store = await PostgresEventStore.connect({ connectionString, schema });
      try {
        await expectSubscribersShareReads(store);
      } finally {
        await store.close();
      }
    }, 'event_store');
  });

  it('wakes a subscriber through LISTEN/NOTIFY when another connection appends', async () => {
    await withTemporarySchema(async ({ connectionString, schema }) => {
      // With a one-minute poll, only the notification can deliver in time.
      const reader = await PostgresEventStore.connect({ connectionString, schema, pollIntervalMs: 60_000 });
      const writer = await PostgresEventStore.connect({ connectionString, schema });
      const seen: RecordedEvent[] = [];
      const subscription = reader.subscribeToAll(async (e) => void seen.push(e));
      try {
        await sleep(300); // listening, caught up, asleep
        await writer.appendToStream('thing-1', newEvents(1), 'no_stream');
        await waitFor('the notified event', () => seen.length === 1, 2_000);
      } finally {
        await subscription.stop();
        await Promise.all([reader.close(), writer.close()]);
      }
    }, 'event_store');
  });
});

describe('PostgresEventStore hash chain migration', () => {
  it('chains the events of a schema written before the chain when a process connects, and appends chain on from them', async () => {
    await withTemporarySchema(async ({ connectionString, schema }) => {
      const old = await PostgresEventStore.connect({ connectionString, schema });
      await old.appendToStream('thing-1', newEvents(3), 'no_stream');
      await old.appendToStream('thing-2', newEvents(2), 'no_stream');
      await old.close();
      // As a schema from before the chain: no hashes.
      const client = new Client({ connectionString });
      await client.connect();
      await client.query('UPDATE events SET hash = NULL');
      await client.end();

      const store = await PostgresEventStore.connect({ connectionString, schema });
      try {
        await store.appendToStream('thing-1', newEvents(1), 2);
        const report = await verifyChain(store);
        expect(report).toMatchObject({ events: 6, streams: 2 });
        expect(report.broken).toBeUndefined();
      } finally {
        await store.close();
      }
    }, 'event_store');
  });
});
