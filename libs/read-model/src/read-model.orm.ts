import { type EntitySchema, MikroORM, type Options } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/knex';
import type { ReadModelBackend } from './projection';
import { ProjectionCheckpointSchema } from './projection-checkpoint.entity';
import { ProjectionFaultSchema } from './projection-fault.entity';
import { boundPostgresDriver, boundSqliteDriver } from './read-model.drivers';

export type ReadModelDbConfig =
  | { kind: 'postgres'; connectionString: string; schema: string }
  | { kind: 'sqlite'; filename: string };

/** Both backends are SQL drivers, so projections get the SQL EntityManager (query builder, native SQL). */
export type ReadModelOrm = MikroORM<AbstractSqlDriver>;

// EntitySchema<any> because each read model brings its own row types; the ORM does not care.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEntitySchema = EntitySchema<any, any>;

export interface OpenReadModelOptions {
  /**
   * For tools that look at a live read model (the ops command): changes nothing in the database (no
   * schema update, no `prepare`, no pragma) and opens it read-only (an SQLite file opened read-only,
   * PostgreSQL sessions with default_transaction_read_only), so a mistake cannot write into it.
   */
  readOnly?: boolean;
  /**
   * MikroORM finds the transaction in progress by this name (async local storage): a second ORM in a
   * process that works inside another's transaction (the ops command's shadow) needs a name of its own,
   * or its queries would run in the other's transaction. Default 'default'.
   */
  contextName?: string;
}

/**
 * Opens the read model database and creates what is missing (the PostgreSQL schema, tables,
 * columns). Tables and columns these entities do not know are never dropped: several services may
 * share one database. A changed projection needs a rebuild to fill its new columns.
 */
export async function openReadModelOrm(
  config: ReadModelDbConfig,
  entities: AnyEntitySchema[],
  /** what the entities cannot say (projections' `prepare`), run once the tables exist */
  prepare?: (em: EntityManager, backend: ReadModelBackend) => Promise<void>,
  options: OpenReadModelOptions = {},
): Promise<ReadModelOrm> {
  const runnerTables: AnyEntitySchema[] = [ProjectionCheckpointSchema, ProjectionFaultSchema];
  const all = [...runnerTables, ...entities.filter((e) => !runnerTables.includes(e))];
  const common = {
    entities: all,
    // Entity schemas only: no decorators, no reflect-metadata, no folder scanning.
    discovery: { warnWhenNoEntities: false },
    // Every unit of work forks its own EntityManager; the global one must never collect state.
    allowGlobalContext: false,
    // MikroORM's info log prints the connection URL; keep it off (the password is masked, the rest still leaks).
    debug: false,
    // Tables a projection's `prepare` makes are left out of the schema diff: MikroORM cannot read the
    // columns of an SQLite virtual table (FTS5: `<name>_fts`, its shadow tables `<name>_fts_<part>`).
    schemaGenerator: { skipTables: [/_fts(_[a-z]+)?$/] },
    ...(options.contextName ? { contextName: options.contextName } : {}),
  } satisfies Partial<Options>;

  if (config.kind === 'postgres') {
    // Loaded on demand: a PostgreSQL deployment need not load the native SQLite module, and vice versa.
    const orm = await MikroORM.init<AbstractSqlDriver>({
      ...common,
      // Values go to the database as bound parameters, never inlined into the SQL (see read-model.drivers).
      driver: await boundPostgresDriver(),
      clientUrl: config.connectionString,
      schema: config.schema,
      ...(options.readOnly ? { driverOptions: { connection: { options: '-c default_transaction_read_only=on' } } } : {}),
    });
    if (options.readOnly) return orm;
    return withCleanupOnFailure(orm, () => createPostgresTables(orm, config.schema, prepare));
  }

  const orm = await MikroORM.init<AbstractSqlDriver>({
    ...common,
    driver: await boundSqliteDriver(),
    dbName: config.filename,
    ...(options.readOnly ? { driverOptions: { connection: { options: { readonly: true } } } } : {}),
  });
  if (options.readOnly) return orm;
  return withCleanupOnFailure(orm, async () => {
    // WAL: queries on the read model do not block the projections' writes, nor the other way round.
    await orm.em.getConnection().execute('pragma journal_mode = WAL');
    // No fsync per commit: a read model is rebuilt from the events, and its checkpoint lives in the
    // same file, so a power cut that loses the last commits also takes their checkpoint back and
    // those events are applied again. WAL keeps the file consistent either way.
    await orm.em.getConnection().execute('pragma synchronous = NORMAL');
    await orm.schema.updateSchema({ safe: true, dropTables: false, wrap: false });
    if (prepare) await prepare(orm.em.fork() as unknown as EntityManager, 'sqlite');
  });
}

async function withCleanupOnFailure(orm: ReadModelOrm, init: () => Promise<void>): Promise<ReadModelOrm> {
  try {
    await init();
    return orm;
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}

/**
 * Two instances starting at once would both see "table missing" and the second CREATE would fail.
 * A transaction-scoped advisory lock serialises them: the diff is computed only once the lock is
 * held, so the second instance sees the first one's committed tables and has nothing left to do.
 * PostgreSQL DDL is transactional, so a crash half-way leaves nothing half-created.
 */
async function createPostgresTables(
  orm: ReadModelOrm,
  schema: string,
  prepare?: (em: EntityManager, backend: ReadModelBackend) => Promise<void>,
): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`read-model-ddl:${schema}`]);
    // Introspection runs on another pooled connection, so it sees what other instances committed.
    const sql = await orm.schema.getUpdateSchemaSQL({ safe: true, dropTables: false, wrap: false });
    if (sql.trim() !== '') await em.execute(sql);
    if (prepare) await prepare(em as unknown as EntityManager, 'postgres');
  });
}
