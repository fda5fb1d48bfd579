import { randomBytes } from 'node:crypto';
import type { EventStore, ReadAllOptions, RecordedEvent } from '@platform/event-store';
import { type Projection, ProjectionRunner, type ReadModelDbConfig, type ReadModelOrm, openReadModelOrm } from '@platform/read-model';

/**
 * The log as it was when a live checkpoint was read: nothing after `upTo`, so events appended by a
 * running platform since then are not replayed (they are not in the live rows compared either).
 * Reads only; everything else a store does is refused.
 */
export function logUpTo(store: EventStore, upTo: bigint): EventStore {
  const refuse = (): never => {
    throw new Error('a replay reads the log only');
  };
  return {
    async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
      if (options.after !== undefined && options.after >= upTo) return [];
      // A page cut short at upTo ends the runner's catch-up, as the end of the log would.
      return (await store.readAll(options)).filter((e) => e.position <= upTo);
    },
    async headPosition() {
      const head = await store.headPosition();
      return head === undefined || head < upTo ? head : upTo;
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    appendToStream: refuse,
    subscribeToAll: refuse,
    loadCheckpoint: refuse,
    saveCheckpoint: refuse,
    close: async () => undefined,
  };
}

/** The projection, minus the events the live one parked (they are missing from the live rows as well). */
export function skipping(projection: Projection, parked: ReadonlySet<bigint>): Projection {
  if (parked.size === 0) return projection;
  return { ...projection, apply: (em, event) => (parked.has(event.position) ? Promise.resolve() : projection.apply(em, event)) };
}

export interface Shadow {
  orm: ReadModelOrm;
  /** closes it and drops what it made (a PostgreSQL schema); an in-memory SQLite goes with its connection */
  dispose(): Promise<void>;
}

/** Its own transaction context: a rebuild reads and writes the shadow inside the live database's transaction. */
const SHADOW = { contextName: 'ops-shadow' };

/**
 * A fresh, empty copy of the projection's tables beside the live ones, never touching them: an
 * in-memory SQLite for the embedded read model, a temporary schema in the same PostgreSQL database.
 */
export async function openShadow(live: ReadModelDbConfig, projection: Projection): Promise<Shadow> {
  const prepare = projection.prepare?.bind(projection);
  if (live.kind === 'sqlite') {
    const orm = await openReadModelOrm({ kind: 'sqlite', filename: ':memory:' }, projection.entities, prepare, SHADOW);
    return { orm, dispose: () => orm.close(true) };
  }
  // Same length limit as any identifier (63 bytes): the live schema's name is short enough to add 16.
  const schema = `${live.schema}_shadow_${randomBytes(4).toString('hex')}`;
  const orm = await openReadModelOrm({ ...live, schema }, projection.entities, prepare, SHADOW);
  return {
    orm,
    async dispose() {
      try {
        await orm.em.getConnection().execute(`drop schema if exists ${orm.em.getPlatform().quoteIdentifier(schema)} cascade`);
      } finally {
        await orm.close(true);
      }
    },
  };
}

/** Replays the projection into the shadow with the runner the services use, up to `upTo`, then stops. */
export async function replayInto(shadow: Shadow, store: EventStore, projection: Projection, upTo: bigint, parked: ReadonlySet<bigint>): Promise<void> {
  const runner = new ProjectionRunner({
    orm: shadow.orm,
    store: logUpTo(store, upTo),
    projections: [skipping(projection, parked)],
    // A failure rejects the replay below; nothing else is worth printing.
    logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
  });
  // Offline rebuild: the runner was never started, so it replays to the (bounded) head and stays stopped.
  await runner.rebuild(projection.name);
}
