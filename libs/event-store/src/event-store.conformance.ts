/**
 * The behaviour every EventStore adapter must have. Each adapter's test file calls
 * eventStoreConformance(); tests use fresh stream ids, so they can share one store.
 * Not exported from index.ts: it uses jest's globals.
 */
import { handleCommand } from './command-handler';
import {
  counter,
  expectWrongRevision,
  firstOutOfOrder,
  headPosition,
  metadata,
  newEvents,
  newStreamId,
  range,
  readAllAfter,
  sleep,
  waitFor,
  writeStream,
} from './event-store.conformance.helpers';
import { type EventStore, type RecordedEvent, WrongExpectedRevisionError } from './event-store.port';
import { GENESIS_HASH, chainHashes, verifyChain } from './hash-chain';

export interface ConformanceFixture {
  store: EventStore;
  cleanup(): Promise<void>;
  /** direct writes to the store's tables, as someone with database access could make: for the audit tests */
  tamper?: Tamper;
}

/** Changes to stored events behind the store's back, by global position. */
export interface Tamper {
  editData(position: bigint, data: unknown): Promise<void>;
  remove(position: bigint): Promise<void>;
  /** gives two events of one stream each other's revision */
  swapRevisions(a: bigint, b: bigint): Promise<void>;
}

/** For the tests that run subscriptions and many writers (jest's default is 5 s). */
const SLOW_TEST_MS = 30_000;

const comparable = (e: { id?: string; type: string; data: unknown; metadata: unknown }) => ({
  id: e.id,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
});

export function eventStoreConformance(
  name: string,
  factory: () => Promise<ConformanceFixture>,
  /** why the audit tests cannot tamper with this store, when they cannot */
  noTamper?: string,
): void {
  describe(`${name}: EventStore conformance`, () => {
    let fixture: ConformanceFixture | undefined;
    const store = (): EventStore => {
      if (!fixture) throw new Error('the store factory failed: see beforeAll');
      return fixture.store;
    };

    beforeAll(async () => {
      fixture = await factory();
    }, SLOW_TEST_MS);
    afterAll(async () => {
      await fixture?.cleanup();
    });

    it('reads back what was appended: ids, types, data, metadata, revisions, increasing positions', async () => {
      const streamId = newStreamId();
      const before = await headPosition(store());
      const first = newEvents(3);
      const second = newEvents(2, 'OtherThingCounted');

      const r1 = await store().appendToStream(streamId, first, 'no_stream');
      const r2 = await store().appendToStream(streamId, second, 2);

      const read = await store().readStream(streamId);
      expect(read.map(comparable)).toEqual([...first, ...second].map(comparable));
      expect(read.map((e) => e.streamId)).toEqual(range(5).map(() => streamId));
      expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      expect(typeof read[0].position).toBe('bigint');
      expect(firstOutOfOrder(read.map((e) => e.position))).toBe(-1);
      expect(r1).toEqual({ nextExpectedRevision: 2, position: read[2].position });
      expect(r2).toEqual({ nextExpectedRevision: 4, position: read[4].position });

      expect((await store().readStream(streamId, { fromRevision: 1, maxCount: 2 })).map((e) => e.revision)).toEqual([1, 2]);
      const inLog = (await readAllAfter(store(), before)).filter((e) => e.streamId === streamId);
      expect(inLog).toEqual(read);
    });

    it('enforces expected revisions: no_stream, exact and any', async () => {
      const streamId = newStreamId();
      expect(await store().readStream(streamId)).toEqual([]);
      await expectWrongRevision(store().appendToStream(streamId, newEvents(1), 0), streamId, 0, 'no_stream');

      await store().appendToStream(streamId, newEvents(2), 'no_stream');
      await expectWrongRevision(store().appendToStream(streamId, newEvents(1), 'no_stream'), streamId, 'no_stream', 1);
      await expectWrongRevision(store().appendToStream(streamId, newEvents(1), 0), streamId, 0, 1);
      await expectWrongRevision(store().appendToStream(streamId, newEvents(1), 5), streamId, 5, 1);

      expect((await store().appendToStream(streamId, newEvents(1), 1)).nextExpectedRevision).toBe(2);
      expect((await store().appendToStream(streamId, newEvents(1), 'any')).nextExpectedRevision).toBe(3);
      expect((await store().appendToStream(newStreamId(), newEvents(1), 'any')).nextExpectedRevision).toBe(0);
      expect((await store().readStream(streamId)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    });

    it('appends a batch atomically: a batch that fails part-way leaves no trace', async () => {
      const streamId = newStreamId();
      const before = await headPosition(store());
      await store().appendToStream(streamId, newEvents(1), 'no_stream');
      const unserialisable = { ...newEvents(1)[0], data: { amount: 1n } }; // JSON cannot encode a bigint
      const batch = [...newEvents(2), unserialisable];

      await expect(store().appendToStream(streamId, batch, 0)).rejects.toThrow();

      expect(await store().readStream(streamId)).toHaveLength(1);
      const ids = new Set(batch.map((e) => e.id));
      expect((await readAllAfter(store(), before)).filter((e) => ids.has(e.id))).toEqual([]);
    });

    it('appends a batch atomically: of 5 racing batches on one stream, one lands whole and alone', async () => {
      const streamId = newStreamId();
      const batches = range(5).map(() => newEvents(3));
      const results = await Promise.allSettled(batches.map((b) => store().appendToStream(streamId, b, 'no_stream')));

      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      const read = await store().readStream(streamId);
      expect(read.map((e) => e.id)).toEqual(batches[winners[0]].map((e) => e.id));
    });

    it('lets exactly one of 10 racing appends with the same expected revision win', async () => {
      const streamId = newStreamId();
      await store().appendToStream(streamId, newEvents(1), 'no_stream');

      const results = await Promise.allSettled(range(10).map(() => store().appendToStream(streamId, newEvents(1), 0)));

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const losers = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(losers).toHaveLength(9);
      for (const loser of losers) expect(loser).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store().readStream(streamId)).toHaveLength(2);
    });

    it('delivers the global log to a subscriber in order, with no gap, while 8 writers append at once', async () => {
      const before = await headPosition(store());
      const streams = range(8).map(() => newStreamId('writer'));
      const received: RecordedEvent[] = [];
      const errors: unknown[] = [];
      const subscription = store().subscribeToAll(async (e) => void received.push(e), {
        after: before,
        onError: (e) => errors.push(e),
      });
      let last = -1n;
      try {
        await Promise.all(streams.map((s) => writeStream(store(), s, 50)));
        last = (await headPosition(store())) ?? -1n;
        await waitFor('the subscriber to reach the head of the log', () => (received.at(-1)?.position ?? -1n) >= last);
      } finally {
        await subscription.stop();
      }

      expect(errors).toEqual([]);
      expect(firstOutOfOrder(received.map((e) => e.position))).toBe(-1);
      // Exactly the log, in its order: an event committed late under a smaller position shows up here.
      const log = await readAllAfter(store(), before);
      const label = (e: RecordedEvent): string => `${e.position}:${e.streamId}@${e.revision}`;
      expect(received.filter((e) => e.position <= last).map(label)).toEqual(
        log.filter((e) => e.position <= last).map(label),
      );
      for (const s of streams) {
        expect(log.filter((e) => e.streamId === s).map((e) => e.revision)).toEqual(range(50));
      }
    }, SLOW_TEST_MS);

    it('resumes from a saved checkpoint, delivering each event exactly once; stop() waits for the handler', async () => {
      const before = await headPosition(store());
      const streamId = newStreamId();
      const checkpoint = `conformance-${streamId}`;
      await writeStream(store(), streamId, 20);

      const delivered: string[] = [];
      let handlerRunning = false;
      let releaseGate: () => void = () => undefined;
      const gate = new Promise<void>((r) => (releaseGate = r));
      const handle = async (e: RecordedEvent): Promise<void> => {
        handlerRunning = true;
        if (e.streamId === streamId) delivered.push(e.id);
        await store().saveCheckpoint(checkpoint, e.position);
        if (delivered.length === 10) {
          await gate; // hold the 10th event until stop() has been asked for
          await sleep(50);
        }
        handlerRunning = false;
      };

      const first = store().subscribeToAll(handle, { after: before });
      try {
        await waitFor('10 events at the first subscription', () => delivered.length === 10);
      } finally {
        const stopping = first.stop();
        releaseGate();
        await stopping;
      }
      expect(handlerRunning).toBe(false);
      expect(delivered).toHaveLength(10);

      await store().appendToStream(streamId, newEvents(10), 19);
      const resumeAfter = await store().loadCheckpoint(checkpoint);
      expect(resumeAfter).toBeDefined();
      const second = store().subscribeToAll(handle, { after: resumeAfter });
      try {
        await waitFor('30 events in all', () => delivered.length >= 30);
        await sleep(100); // a duplicate would arrive now
      } finally {
        await second.stop();
      }

      expect(delivered).toEqual((await store().readStream(streamId)).map((e) => e.id));
    }, SLOW_TEST_MS);

    it('reports a failing handler through onError and delivers nothing after it', async () => {
      const before = await headPosition(store());
      await store().appendToStream(newStreamId(), newEvents(3), 'no_stream');
      const seen: RecordedEvent[] = [];
      const errors: unknown[] = [];
      const subscription = store().subscribeToAll(
        async (e) => {
          seen.push(e);
          throw new Error('handler failed');
        },
        { after: before, onError: (e) => errors.push(e) },
      );

      try {
        await waitFor('the error', () => errors.length > 0);
        await sleep(50);
      } finally {
        await subscription.stop();
      }
      expect(errors).toEqual([new Error('handler failed')]);
      expect(seen).toHaveLength(1);
    }, SLOW_TEST_MS);

    it('saves and loads named checkpoints', async () => {
      const name = `conformance-${newStreamId()}`;
      expect(await store().loadCheckpoint(name)).toBeUndefined();
      await store().saveCheckpoint(name, 5n);
      expect(await store().loadCheckpoint(name)).toBe(5n);
      await store().saveCheckpoint(name, 2n ** 40n + 7n);
      expect(await store().loadCheckpoint(name)).toBe(2n ** 40n + 7n);
      expect(await store().loadCheckpoint(`${name}-other`)).toBeUndefined();
    });

    it('gives the head position: the last event of the log, as readAll sees it, after every append', async () => {
      const streamId = newStreamId();
      const first = await store().appendToStream(streamId, newEvents(2), 'no_stream');
      expect(await store().headPosition()).toBe(first.position);
      const second = await store().appendToStream(newStreamId(), newEvents(1), 'no_stream');
      expect(await store().headPosition()).toBe(second.position);
      // What the global log ends with, read page by page, is the same position.
      expect(await headPosition(store())).toBe(second.position);
      // Checkpoints are not events: saving one leaves the head where it was.
      await store().saveCheckpoint(`conformance-${newStreamId()}`, 1n);
      expect(await store().headPosition()).toBe(second.position);
    });

    it('pages through readAll with after (exclusive) and maxCount', async () => {
      const before = await headPosition(store());
      const streamId = newStreamId();
      await writeStream(store(), streamId, 7);

      const pages: RecordedEvent[][] = [];
      for (let after = before; ; ) {
        const page = await store().readAll({ after, maxCount: 3 });
        if (page.length === 0) break;
        pages.push(page);
        after = page[page.length - 1].position;
      }

      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      const all = pages.flat();
      expect(all.map((e) => e.id)).toEqual((await store().readStream(streamId)).map((e) => e.id));
      expect(firstOutOfOrder(all.map((e) => e.position))).toBe(-1);
      const fromSecond = await store().readAll({ after: all[0].position, maxCount: 2 });
      expect(fromSecond.map((e) => e.id)).toEqual([all[1].id, all[2].id]);
    });

    it('handleCommand: 20 concurrent commands on one stream give 20 events and no lost update', async () => {
      const streamId = newStreamId('counter');
      const command = { type: 'IncrementCounter' as const };

      await Promise.all(range(20).map(() => handleCommand(store(), streamId, counter, command, metadata())));

      const events = await store().readStream(streamId);
      expect(events.map((e) => (e.data as { to: number }).to)).toEqual(range(20).map((i) => i + 1));
    }, SLOW_TEST_MS);

    it('chains every event to the one before it in its stream, within one append and across appends', async () => {
      const streamId = newStreamId();
      await store().appendToStream(streamId, newEvents(3), 'no_stream');
      await store().appendToStream(streamId, newEvents(2, 'OtherThingCounted'), 'any');
      const events = await store().readStream(streamId);
      const expected = chainHashes(GENESIS_HASH, 0, events).map((h) => h.toString('hex'));
      expect(events.map((e) => e.hash)).toEqual(expected);
      // The global log carries the same hashes.
      const inLog = (await readAllAfter(store(), undefined)).filter((e) => e.streamId === streamId);
      expect(inLog.map((e) => e.hash)).toEqual(expected);
    });

    const audit = noTamper ? it.skip : it;
    const tampered = async (change: (tamper: Tamper, log: RecordedEvent[]) => Promise<RecordedEvent>, reason: RegExp) => {
      const fresh = await factory();
      try {
        for (const n of [4, 4, 4]) await writeStream(fresh.store, newStreamId(), n);
        const log = await readAllAfter(fresh.store, undefined);
        const clean = await verifyChain(fresh.store, { pageSize: 5 });
        expect(clean).toMatchObject({ events: 12, streams: 3 });
        expect(clean.broken).toBeUndefined();
        const named = await change(fresh.tamper!, log);
        const report = await verifyChain(fresh.store, { pageSize: 5 });
        expect(report.broken).toMatchObject({ position: named.position, streamId: named.streamId, eventId: named.id });
        expect(report.broken?.reason).toMatch(reason);
      } finally {
        await fresh.cleanup();
      }
    };

    audit(`audit: verifyChain names an event whose data was edited in place${noTamper ? ` (skipped: ${noTamper})` : ''}`, async () => {
      await tampered(async (tamper, log) => {
        await tamper.editData(log[5].position, { i: 99 });
        return log[5];
      }, /does not match its hash/);
    }, SLOW_TEST_MS);

    audit(`audit: verifyChain names the event after one that was deleted${noTamper ? ` (skipped: ${noTamper})` : ''}`, async () => {
      await tampered(async (tamper, log) => {
        const [, second, third] = log.filter((e) => e.streamId === log[4].streamId);
        await tamper.remove(second.position);
        return third;
      }, /an event is missing/);
    }, SLOW_TEST_MS);

    audit(`audit: verifyChain names reordered events${noTamper ? ` (skipped: ${noTamper})` : ''}`, async () => {
      await tampered(async (tamper, log) => {
        const stream = log.filter((e) => e.streamId === log[8].streamId);
        await tamper.swapRevisions(stream[1].position, stream[2].position);
        return stream[1];
      }, /out of order|missing/);
    }, SLOW_TEST_MS);
  });
}
