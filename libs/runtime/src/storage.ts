import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type EventStore, EventStoreDbEventStore, PostgresEventStore, SqliteEventStore } from '@platform/event-store';
import type { ReadModelDbConfig } from '@platform/read-model';
import type { PlatformConfig } from './config';

/**
 * Each service owns its data: its own event store (a SQLite file, a PostgreSQL schema, or its
 * own streams in EventStoreDB) and its own read model database.
 */
export async function openEventStore(service: string, config: PlatformConfig): Promise<EventStore> {
  switch (config.EVENT_STORE) {
    case 'embedded': {
      const dir = resolve(config.DATA_DIR, service);
      mkdirSync(dir, { recursive: true });
      return SqliteEventStore.open(join(dir, 'events.db'));
    }
    case 'postgres':
      return PostgresEventStore.connect({ connectionString: config.DATABASE_URL!, schema: `${config.DATABASE_SCHEMA_PREFIX}${schemaName(service)}_events` });
    case 'eventstoredb':
      return EventStoreDbEventStore.connect({ connectionString: config.EVENTSTOREDB_URL! });
  }
}

export function readModelConfig(service: string, config: PlatformConfig): ReadModelDbConfig {
  if (config.DATABASE_URL) return { kind: 'postgres', connectionString: config.DATABASE_URL, schema: `${config.DATABASE_SCHEMA_PREFIX}${schemaName(service)}_read` };
  const dir = resolve(config.DATA_DIR, service);
  mkdirSync(dir, { recursive: true });
  return { kind: 'sqlite', filename: join(dir, 'read.db') };
}

const schemaName = (service: string) => service.replace(/[^a-z0-9]/g, '_');
