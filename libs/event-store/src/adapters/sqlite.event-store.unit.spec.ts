import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreConformance } from '../event-store.conformance';
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
