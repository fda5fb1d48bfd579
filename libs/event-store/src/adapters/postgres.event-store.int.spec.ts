import { createTemporarySchema } from '../../../testing/src/postgres';
import { eventStoreConformance } from '../event-store.conformance';
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
