// The conformance suite (event-store.conformance.ts) is deliberately not exported: it uses jest's
// globals (describe, it, expect). Adapter tests import it by relative path.
export * from './event-store.port';
export * from './decider';
export * from './command-handler';
export * from './metadata';
export * from './hash-chain';
export { SqliteEventStore, type SqliteEventStoreOptions } from './adapters/sqlite.event-store';
export { PostgresEventStore, type PostgresEventStoreOptions } from './adapters/postgres.event-store';
export { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './adapters/eventstoredb.event-store';
