import { DomainError, newId } from '@platform/kernel';
import { SqliteEventStore } from './adapters/sqlite.event-store';
import { AggregateCache, aggregateStream, handleCommand } from './command-handler';
import type { Decider } from './decider';
import { type EventMetadata, type EventStore, WrongExpectedRevisionError } from './event-store.port';

// A tiny decider: a counter that may not pass its limit; resetting a zero counter changes nothing.
type CounterEvent = { type: 'CounterIncremented'; data: { to: number } } | { type: 'CounterReset'; data: Record<string, never> };
type CounterCommand = { type: 'IncrementCounter'; limit: number } | { type: 'ResetCounter' };
const counter: Decider<{ count: number }, CounterCommand, CounterEvent> = {
  initialState: () => ({ count: 0 }),
  evolve: (_state, event) => {
    switch (event.type) {
      case 'CounterIncremented':
        return { count: event.data.to };
      case 'CounterReset':
        return { count: 0 };
      default: {
        const unknown: never = event;
        throw new Error(`unknown event ${JSON.stringify(unknown)}`);
      }
    }
  },
  decide: (command, state) => {
    if (command.type === 'ResetCounter') return state.count === 0 ? [] : [{ type: 'CounterReset', data: {} }];
    if (state.count >= command.limit) {
      throw new DomainError('COUNTER_AT_LIMIT', 'conflict', `the counter is at its limit of ${command.limit}`);
    }
    return [{ type: 'CounterIncremented', data: { to: state.count + 1 } }];
  },
};

const meta: EventMetadata = { correlationId: 'req-1', actor: 'admin-1', occurredAt: '2026-11-25T10:00:00.000Z' };
const increment = (limit = 10): CounterCommand => ({ type: 'IncrementCounter', limit });
const incremented = (to: number): CounterEvent => ({ type: 'CounterIncremented', data: { to } });

describe('handleCommand', () => {
  let store: SqliteEventStore;
  let streamId: string;
  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
    streamId = `counter-${newId()}`;
  });
  afterEach(() => store.close());

  const given = async (...events: CounterEvent[]): Promise<void> => {
    if (events.length > 0) await store.appendToStream(streamId, events.map((e) => ({ ...e, metadata: meta })), 'no_stream');
  };
  const thenStream = async (): Promise<CounterEvent[]> =>
    (await store.readStream(streamId)).map((e) => ({ type: e.type, data: e.data }) as CounterEvent);

  it('appends the decided events with the command metadata to a new stream', async () => {
    await given();
    const result = await handleCommand(store, streamId, counter, increment(), meta);

    expect(result).toMatchObject({ state: { count: 1 }, newEvents: [incremented(1)], revision: 0 });
    const [stored] = await store.readStream(streamId);
    expect(stored).toMatchObject({ ...incremented(1), metadata: meta, position: result.position });
  });

  it('folds the stream before deciding', async () => {
    await given(incremented(1), incremented(2));
    const result = await handleCommand(store, streamId, counter, increment(), meta);

    expect(result).toMatchObject({ state: { count: 3 }, newEvents: [incremented(3)], revision: 2 });
  });

  it('appends nothing when the command decides nothing', async () => {
    await given(incremented(1), { type: 'CounterReset', data: {} });
    const append = jest.spyOn(store, 'appendToStream');

    const result = await handleCommand(store, streamId, counter, { type: 'ResetCounter' }, meta);

    expect(result).toEqual({ state: { count: 0 }, newEvents: [], revision: 1 }); // no position: nothing appended
    expect(append).not.toHaveBeenCalled();
  });

  it('lets a DomainError from decide through and appends nothing', async () => {
    await given(incremented(1), incremented(2));
    await expect(handleCommand(store, streamId, counter, increment(2), meta)).rejects.toMatchObject({ code: 'COUNTER_AT_LIMIT' });
    expect(await thenStream()).toEqual([incremented(1), incremented(2)]);
  });

  it('on a conflict, decides again on the fresh state', async () => {
    await given(incremented(1));
    const racing = withCompetingWriter(store, streamId, 1);

    const result = await handleCommand(racing, streamId, counter, increment(), meta);

    expect(result.newEvents).toEqual([incremented(3)]);
    expect(await thenStream()).toEqual([incremented(1), incremented(2), incremented(3)]);
  });

  it('on a conflict, keeps the invariant: the retry sees the limit reached by the other writer', async () => {
    await given(incremented(1));
    const racing = withCompetingWriter(store, streamId, 1);

    await expect(handleCommand(racing, streamId, counter, increment(2), meta)).rejects.toMatchObject({ code: 'COUNTER_AT_LIMIT' });
    expect(await thenStream()).toEqual([incremented(1), incremented(2)]);
  });

  it('gives up with WrongExpectedRevisionError after maxAttempts conflicts', async () => {
    await given(incremented(1));
    const racing = withCompetingWriter(store, streamId, Infinity);

    await expect(handleCommand(racing, streamId, counter, increment(), meta, { maxAttempts: 3 })).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    // Only the competing writer's three events landed.
    expect(await thenStream()).toEqual([1, 2, 3, 4].map(incremented));
  });

  it('uses the given event ids, so a retried command writes the same ids', async () => {
    const ids = [newId()];
    await handleCommand(store, streamId, counter, increment(), meta, { eventIds: (i) => ids[i] });
    expect((await store.readStream(streamId)).map((e) => e.id)).toEqual(ids);
  });
  it('with a cache, reads only the events after the cached revision and decides on the same state', async () => {
    const cache = new AggregateCache<unknown>();
    await given(incremented(1), incremented(2));
    const reads: Array<number | undefined> = [];
    const spied = Object.assign(Object.create(store) as EventStore, {
      readStream: (id: string, options?: { fromRevision?: number }) => {
        reads.push(options?.fromRevision);
        return store.readStream(id, options);
      },
    });
    await handleCommand(spied, streamId, counter, increment(), meta, { cache });
    // Another writer (another process) appends behind the cache's back; the next command still sees it.
    await store.appendToStream(streamId, [{ ...incremented(4), metadata: meta }], 2);
    const result = await handleCommand(spied, streamId, counter, increment(), meta, { cache });
    expect(reads).toEqual([undefined, 3]);
    expect(result).toMatchObject({ state: { count: 5 }, revision: 4 });
    expect(await aggregateStream(store, streamId, counter)).toEqual({ state: { count: 5 }, revision: 4 });
  });

  it('with a warm cache, a command that changes something appends without reading; a no-op is confirmed on a fresh read', async () => {
    const cache = new AggregateCache<unknown>();
    let reads = 0;
    const spied = Object.assign(Object.create(store) as EventStore, {
      readStream: (id: string, options?: { fromRevision?: number }) => {
        reads++;
        return store.readStream(id, options);
      },
    });
    await handleCommand(spied, streamId, counter, increment(), meta, { cache });
    expect(reads).toBe(1);
    await handleCommand(spied, streamId, counter, increment(), meta, { cache });
    expect(reads).toBe(1); // decided on the cached state; the expected revision guarded the append
    // Behind the cache's back, the counter is reset: the cached state (2) would make a reset look needed...
    await store.appendToStream(streamId, [{ ...({ type: 'CounterReset', data: {} } as CounterEvent), metadata: meta }], 1);
    const reset = await handleCommand(spied, streamId, counter, { type: 'ResetCounter' }, meta, { cache });
    // ...the append conflicts, the stream is read, and on the fresh state there is nothing to do.
    expect(reset).toMatchObject({ newEvents: [], state: { count: 0 }, revision: 2 });
    // A cached state on which the command is a no-op is not trusted either: it is read again.
    await store.appendToStream(streamId, [{ ...incremented(7), metadata: meta }], 2);
    const readsBefore = reads;
    const again = await handleCommand(spied, streamId, counter, { type: 'ResetCounter' }, meta, { cache });
    expect(reads).toBe(readsBefore + 1);
    expect(again).toMatchObject({ state: { count: 0 }, revision: 4 });
  });

  it('with an assumed state, appends without reading; a wrong assumption is corrected by a read', async () => {
    let reads = 0;
    const spied = Object.assign(Object.create(store) as EventStore, {
      readStream: (id: string, options?: { fromRevision?: number }) => {
        reads++;
        return store.readStream(id, options);
      },
    });
    const fresh = { state: counter.initialState(), revision: -1 };
    const created = await handleCommand(spied, streamId, counter, increment(), meta, { assume: fresh });
    expect(created).toMatchObject({ state: { count: 1 }, revision: 0 });
    expect(reads).toBe(0);
    // Assumed new, but the stream exists: the append conflicts, and the command runs on what was read.
    const second = await handleCommand(spied, streamId, counter, increment(), meta, { assume: fresh });
    expect(reads).toBe(1);
    expect(second).toMatchObject({ state: { count: 2 }, revision: 1 });
    expect((await thenStream()).map((e) => (e.type === 'CounterIncremented' ? e.data.to : 0))).toEqual([1, 2]);
  });

  it('with a cache, a conflict still decides again on the fresh state', async () => {
    const cache = new AggregateCache<unknown>();
    await given(incremented(1));
    await handleCommand(store, streamId, counter, increment(), meta, { cache });
    const result = await handleCommand(withCompetingWriter(store, streamId, 1), streamId, counter, increment(4), meta, { cache });
    expect(result).toMatchObject({ state: { count: 4 }, revision: 3 });
    expect((await thenStream()).map((e) => (e.type === 'CounterIncremented' ? e.data.to : 0))).toEqual([1, 2, 3, 4]);
  });
});

/** A store where another writer increments the counter just before each of our first `times` appends. */
function withCompetingWriter(store: EventStore, streamId: string, times: number): EventStore {
  let competed = 0;
  return Object.assign(Object.create(store) as EventStore, {
    appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
      if (competed++ < times) {
        const events = await store.readStream(streamId);
        await store.appendToStream(streamId, [{ ...incremented(events.length + 1), metadata: meta }], events.length - 1);
      }
      return store.appendToStream(...args);
    },
  });
}
