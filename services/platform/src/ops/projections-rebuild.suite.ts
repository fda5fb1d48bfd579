import { EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@platform/event-store';
import { type Projection, ProjectionRunner, type ReadModelDbConfig, openReadModelOrm } from '@platform/read-model';
import { rebuildProjection } from './projections-rebuild.command';
import { verifyProjection } from './projections-verify.command';

interface Counter {
  id: string;
  total: number;
}
interface Tick {
  id?: number;
  counterId: string;
}
const CounterSchema = new EntitySchema<Counter>({
  name: 'Counter',
  tableName: 'counter',
  properties: { id: { type: 'string', primary: true }, total: { type: 'integer' } },
});
// A generated key: after the swap, the live runner's next insert must not collide with a copied row.
const TickSchema = new EntitySchema<Tick>({
  name: 'Tick',
  tableName: 'tick',
  properties: { id: { type: 'number', primary: true, autoincrement: true }, counterId: { type: 'string' } },
});

const counters: Projection = {
  name: 'counters',
  entities: [CounterSchema, TickSchema],
  handles: (type) => type === 'Counted',
  async apply(em: EntityManager, event) {
    const { by } = event.data as { by: number };
    const row = await em.findOne(CounterSchema, { id: event.streamId });
    if (row) row.total += by;
    else em.create(CounterSchema, { id: event.streamId, total: by });
    em.create(TickSchema, { counterId: event.streamId });
  },
};

/** The rebuild's swap against a live runner on `db` (SQLite: a unit test; PostgreSQL: an int test). */
export function rebuildSuite(kind: string, readModel: (dir: string) => ReadModelDbConfig, cleanUp: (db: ReadModelDbConfig) => Promise<void> = async () => undefined): void {
  describe(`projections rebuild beside a live runner (${kind})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ops-rebuild-'));
    const db = readModel(dir);
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    const metadata = { correlationId: 'rebuild-test', occurredAt: '2026-12-01T10:00:00.000Z' };
    const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

    afterAll(async () => {
      await cleanUp(db);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('swaps in the replayed rows; the live runner goes on after the handover', async () => {
      await store.appendToStream('counter-a', [1, 2].map((by) => ({ type: 'Counted', data: { by }, metadata })), 'no_stream');
      const orm = await openReadModelOrm(db, counters.entities);
      const runner = new ProjectionRunner({ orm, store, projections: [counters], logger: quiet });
      await runner.start();
      await runner.caughtUp();
      await orm.em.fork().nativeUpdate(CounterSchema, { id: 'counter-a' }, { total: 99 });
      const result = await rebuildProjection(db, store, 'test', counters, {}, { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream);
      expect(result).toMatchObject({ position: '2', rows: { counter: 1, tick: 2 } });
      expect(result.error).toBeUndefined();
      await store.appendToStream('counter-a', [{ type: 'Counted', data: { by: 4 }, metadata }], 1);
      await runner.caughtUp();
      expect(await orm.em.fork().findOne(CounterSchema, { id: 'counter-a' })).toMatchObject({ total: 7 });
      expect(await orm.em.fork().count(TickSchema, {})).toBe(3);
      await runner.stop();
      await orm.close(true);
      const live = await openReadModelOrm(db, counters.entities, undefined, { readOnly: true });
      expect(await verifyProjection(live, db, store, 'test', counters, () => undefined)).toMatchObject({ equal: true });
      await live.close(true);
    });
  });
}
