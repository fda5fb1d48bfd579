import { EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@platform/event-store';
import { type Projection, ProjectionRunner, type ReadModelDbConfig, openReadModelOrm } from '@platform/read-model';
import { verifyProjection } from './projections-verify.command';

interface Counter {
  id: string;
  total: number;
  at: Date;
  even: boolean;
  meta: Record<string, unknown>;
}
interface Tag {
  id?: number;
  counterId: string;
  tag: string;
}
const CounterSchema = new EntitySchema<Counter>({
  name: 'Counter',
  tableName: 'counter',
  properties: { id: { type: 'string', primary: true }, total: { type: 'integer' }, at: { type: 'Date' }, even: { type: 'boolean' }, meta: { type: 'json' } },
});
const TagSchema = new EntitySchema<Tag>({
  name: 'Tag',
  tableName: 'tag',
  properties: { id: { type: 'number', primary: true, autoincrement: true }, counterId: { type: 'string' }, tag: { type: 'string' } },
});

/** Counts `Counted` events per counter; a `Broken` event always fails (the live runner parks it). */
const counters: Projection = {
  name: 'counters',
  entities: [CounterSchema, TagSchema],
  handles: (type) => type === 'Counted' || type === 'Broken',
  async apply(em: EntityManager, event) {
    if (event.type === 'Broken') throw new Error('cannot apply a Broken event');
    const { by, tag } = event.data as { by: number; tag: string };
    const row = await em.findOne(CounterSchema, { id: event.streamId });
    const at = new Date(event.metadata.occurredAt);
    if (row) Object.assign(row, { total: row.total + by, at, even: (row.total + by) % 2 === 0, meta: { last: by, tags: [tag] } });
    else em.create(CounterSchema, { id: event.streamId, total: by, at, even: by % 2 === 0, meta: { last: by, tags: [tag] } });
    em.create(TagSchema, { counterId: event.streamId, tag });
  },
};

describe('projections verify: a replay into a shadow against the live tables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ops-verify-'));
  const db: ReadModelDbConfig = { kind: 'sqlite', filename: join(dir, 'read.db') };
  const store = SqliteEventStore.open(join(dir, 'events.db'));
  const metadata = { correlationId: 'verify-test', occurredAt: '2026-12-01T10:00:00.000Z' };
  const count = (by: number, tag: string) => ({ type: 'Counted', data: { by, tag }, metadata });
  const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

  beforeAll(async () => {
    await store.appendToStream('counter-a', [count(1, 'x'), count(2, 'x'), { type: 'Broken', data: {}, metadata }, count(3, 'y')], 'no_stream');
    await store.appendToStream('counter-b', [count(5, 'x')], 'no_stream');
    // The live projection, as a service runs it: the Broken event is parked on its first failure.
    const orm = await openReadModelOrm(db, counters.entities);
    const runner = new ProjectionRunner({ orm, store, projections: [counters], logger: quiet, maxAttempts: 1, retryDelayMs: 1 });
    await runner.start();
    await runner.caughtUp();
    await runner.stop();
    await orm.close(true);
    // Appended after the live checkpoint: it would fail a replay that went past the checkpoint.
    await store.appendToStream('counter-c', [{ type: 'Broken', data: {}, metadata }], 'no_stream');
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const verify = async () => {
    const live = await openReadModelOrm(db, counters.entities, undefined, { readOnly: true });
    try {
      return await verifyProjection(live, db, store, 'test', counters, () => undefined);
    } finally {
      await live.close(true);
    }
  };

  it('finds the live tables equal to a replay up to the live checkpoint, leaving out the parked event as live did', async () => {
    const result = await verify();
    expect(result).toMatchObject({ upTo: '5', parked: 1, equal: true });
    expect(result.error).toBeUndefined();
    expect(result.tables.map((t) => [t.table, t.rows])).toEqual([
      ['counter', 2],
      ['tag', 4],
    ]);
  });

  it('names a changed column, a deleted row, an extra row, and a changed row of a table keyed by a generated number', async () => {
    const sqlite = new Database(db.filename);
    sqlite.prepare("update counter set total = 99, meta = '{\"tags\":[\"y\"],\"last\":3}' where id = 'counter-a'").run();
    sqlite.prepare("delete from counter where id = 'counter-b'").run();
    sqlite.prepare("insert into counter (id, total, at, even, meta) values ('counter-z', 1, 0, 0, '{}')").run();
    sqlite.prepare("update tag set tag = 'z' where counter_id = 'counter-b'").run();
    sqlite.close();
    const result = await verify();
    expect(result.equal).toBe(false);
    const [counter, tag] = result.tables;
    // The JSON column's key order does not count: only `total` differs.
    expect(counter).toMatchObject({ missing: 1, extra: 1, changed: 1 });
    expect(counter.samples).toEqual([
      'changed id=counter-a: total: live 99, replayed 6',
      'missing id=counter-b (in the replay, not in the live table)',
      'extra id=counter-z (in the live table, not in the replay)',
    ]);
    expect(tag).toMatchObject({ missing: 1, extra: 1, changed: 0 });
    expect(tag.samples).toEqual([
      'missing counterId=counter-b,tag=x (in the replay, not in the live table)',
      'extra counterId=counter-b,tag=z (in the live table, not in the replay)',
    ]);
  });
});
