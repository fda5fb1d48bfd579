import type { EntityMetadata, EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { EventStore } from '@platform/event-store';
import { type Projection, ProjectionFaultSchema, ProjectionRunner, type ReadModelDbConfig, type ReadModelOrm, lockCheckpoint, openReadModelOrm } from '@platform/read-model';
import type { PlatformConfig } from '@platform/runtime';
import { byService, type ChosenProjection, liveReadModel } from './ops-projections';
import { openServiceStore } from './ops-stores';
import { progressReporter } from './progress';
import { takeRebuildLock } from './rebuild-lock';
import { type Shadow, openShadow } from './shadow-replay';

export interface RebuildResult {
  service: string;
  projection: string;
  /** the position the rebuilt tables were handed over at (the live projection goes on after it) */
  position?: string;
  rows: Record<string, number>;
  error?: string;
}

/** What a Ctrl-C must undo: the shadow and the lock (the live tables are changed only in one transaction). */
export interface Interruptible {
  current?: { shadow?: Shadow; release(): Promise<void> };
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const DAY_MS = 86_400_000;
const COPY_PAGE = 500;

/**
 * `ops projections rebuild`: replays each projection into a shadow while the live one keeps serving,
 * then swaps in one transaction on the live database: it locks the live checkpoint (the live runner
 * waits for it from then on), lets the shadow catch up to at least that checkpoint, replaces the live
 * rows with the shadow's and moves the checkpoint to where the shadow stopped. The live runner then
 * goes on after that position: no event is missing and none applied twice.
 */
export async function projectionsRebuild(config: PlatformConfig, chosen: readonly ChosenProjection[], out: (line: string) => void, interrupt: Interruptible): Promise<RebuildResult[]> {
  const results: RebuildResult[] = [];
  for (const [service, projections] of byService(chosen)) {
    const db = liveReadModel(service, config, out);
    if (!db) continue;
    const store = await openServiceStore(service, config, out);
    if (!store) continue;
    try {
      for (const projection of projections) {
        const result = await rebuildProjection(db, store, service, projection, interrupt).catch((error: unknown): RebuildResult => ({
          service,
          projection: projection.name,
          rows: {},
          error: error instanceof Error ? error.message : String(error),
        }));
        results.push(result);
        const rows = Object.entries(result.rows).map(([t, n]) => `${t} ${n}`).join(', ');
        out(result.error ? `${service}/${projection.name}: NOT REBUILT: ${result.error}` : `${service}/${projection.name}: rebuilt, handed over at position ${result.position ?? 'none'} (${rows} rows)`);
      }
    } finally {
      await store.close();
    }
  }
  return results;
}

/** Rebuilds one projection of a live read model (see projectionsRebuild). */
export async function rebuildProjection(
  db: ReadModelDbConfig,
  store: EventStore,
  service: string,
  projection: Projection,
  interrupt: Interruptible,
  progressTo: NodeJS.WriteStream = process.stderr,
): Promise<RebuildResult> {
  const lock = await takeRebuildLock(db, projection.name);
  interrupt.current = { release: () => lock.release() };
  try {
    const shadow = await openShadow(db, projection);
    interrupt.current.shadow = shadow;
    try {
      const runner = new ProjectionRunner({ orm: shadow.orm, store, projections: [projection], logger: quiet });
      const head = await store.headPosition();
      const bar = progressReporter(`${service}/${projection.name}`, progressTo);
      const ticker = setInterval(() => bar.update(runner.positions()[0].position ?? 0n, head ?? 0n), 250);
      try {
        await runner.start();
        if (head !== undefined) await runner.waitFor(head, { timeoutMs: DAY_MS });
      } finally {
        clearInterval(ticker);
        if (head !== undefined) bar.update(runner.positions()[0].position ?? 0n, head);
        bar.end();
      }
      return await handOver(db, shadow, runner, service, projection);
    } finally {
      interrupt.current.shadow = undefined;
      await shadow.dispose();
    }
  } finally {
    interrupt.current = undefined;
    await lock.release();
  }
}

/** The swap, in one transaction of the live database. */
async function handOver(db: ReadModelDbConfig, shadow: Shadow, runner: ProjectionRunner, service: string, projection: Projection): Promise<RebuildResult> {
  // Opened as the services open it (the same tables, created if this is the first run).
  const live = await openReadModelOrm(db, projection.entities, async (em, backend) => projection.prepare?.(em, backend));
  try {
    return await live.em.fork().transactional(async (txn) => {
      const em = txn as unknown as EntityManager;
      const checkpoint = await lockCheckpoint(em, projection.name);
      // The shadow has followed the log meanwhile; now it must have at least what the live tables have.
      if (checkpoint.position !== undefined) await runner.waitFor(checkpoint.position, { timeoutMs: DAY_MS });
      await runner.stop();
      const position = runner.positions()[0].position;
      const rows: Record<string, number> = {};
      for (const entity of [...projection.entities].reverse()) await em.nativeDelete(entity, {});
      for (const entity of projection.entities) rows[tableName(live, entity)] = await copyTable(shadow.orm, em, entity, db);
      await em.nativeDelete(ProjectionFaultSchema, { projection: projection.name });
      await copyTable(shadow.orm, em, ProjectionFaultSchema, db, { projection: projection.name });
      // Beyond the live checkpoint is fine: the live runner skips what the checkpoint covers.
      if (position !== undefined) await checkpoint.save(position);
      return { service, projection: projection.name, ...(position !== undefined ? { position: position.toString() } : {}), rows };
    });
  } finally {
    await live.close(true);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEntity = EntitySchema<any, any>;

const tableName = (orm: ReadModelOrm, entity: AnyEntity): string => orm.getMetadata().get(entity.meta.className).tableName;

/** Copies the shadow's rows into the live table, page by page; a generated key's sequence is moved past them. */
async function copyTable(shadow: ReadModelOrm, em: EntityManager, entity: AnyEntity, db: ReadModelDbConfig, where: Record<string, unknown> = {}): Promise<number> {
  const meta: EntityMetadata = shadow.getMetadata().get(entity.meta.className);
  const props = Object.values(meta.properties).filter((p) => p.persist !== false && !p.embedded);
  const source = shadow.em.fork();
  const orderBy = Object.fromEntries(meta.primaryKeys.map((k) => [k, 'asc' as const]));
  let copied = 0;
  for (let offset = 0; ; offset += COPY_PAGE) {
    const page = (await source.find(entity, where, { orderBy, limit: COPY_PAGE, offset, disableIdentityMap: true })) as Record<string, unknown>[];
    if (page.length > 0) await em.insertMany(entity, page.map((row) => Object.fromEntries(props.map((p) => [p.name, row[p.name]]))));
    copied += page.length;
    if (page.length < COPY_PAGE) break;
  }
  const generated = props.find((p) => p.primary && p.autoincrement);
  if (db.kind === 'postgres' && generated) {
    const table = `${em.getPlatform().quoteIdentifier(db.schema)}.${em.getPlatform().quoteIdentifier(meta.tableName)}`;
    const column = generated.fieldNames[0];
    await em.execute(`select setval(pg_get_serial_sequence(?, ?), coalesce(max(${em.getPlatform().quoteIdentifier(column)}), 0) + 1, false) from ${table}`, [table, column]);
  }
  return copied;
}
