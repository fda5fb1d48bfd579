import { createTemporarySchema, withTemporarySchema } from '@platform/testing';
import { eventStoreConformance } from '../event-store.conformance';
import { expectSubscribersShareReads, newEvents, sleep, waitFor } from '../event-store.conformance.helpers';
import type { RecordedEvent } from '../event-store.port';
import { PostgresEventStore } from './postgres.event-store';

eventStoreConformance('PostgresEventStore', async () => {
  const temporary = await createTemporarySchema('event_store');
  const store = await PostgresEventStore.connect({ connectionString: temporary.connectionString, schema: temporary.schema });
  return {
    store,
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
