/** Small builders and probes for the conformance suite (jest globals allowed: test code only). */
import { newId } from '@platform/kernel';
import type { Decider } from './decider';
import {
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from './event-store.port';

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A stream id no other test (or earlier run on a shared store) uses. */
export const newStreamId = (category = 'conformance'): string => `${category}-${newId()}`;

export const metadata = (): EventMetadata => ({
  correlationId: newId(),
  causationId: newId(),
  actor: 'system:conformance',
  occurredAt: '2026-11-25T10:00:00.000Z',
});

/** Events whose data exercise JSON edge cases: nesting, arrays, quotes, unicode, null, booleans. */
export const newEvents = (n: number, type = 'ThingCounted'): NewEvent[] =>
  range(n).map((i) => ({
    id: newId(),
    type,
    data: { i, label: `"quoted" \\ ünïcødé ${i}`, tags: ['a', i], nested: { ok: i % 2 === 0, none: null } },
    metadata: metadata(),
  }));

/** The position of the last event in the log (undefined when empty). */
export async function headPosition(store: EventStore): Promise<bigint | undefined> {
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return after;
    after = page[page.length - 1].position;
  }
}

export async function readAllAfter(store: EventStore, after: bigint | undefined): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1].position;
  }
}

/** Appends `count` events to one stream in batches of 1-3, each with the exact expected revision. */
export async function writeStream(store: EventStore, streamId: string, count: number): Promise<void> {
  let expected: ExpectedRevision = 'no_stream';
  for (let written = 0; written < count; ) {
    const size = Math.min(1 + (written % 3), count - written);
    expected = (await store.appendToStream(streamId, newEvents(size), expected)).nextExpectedRevision;
    written += size;
  }
}

export async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** -1 when every position is greater than the one before, else the index of the first that is not. */
export function firstOutOfOrder(positions: bigint[]): number {
  return positions.findIndex((p, i) => i > 0 && p <= positions[i - 1]);
}

export async function expectWrongRevision(
  attempt: Promise<unknown>,
  streamId: string,
  expected: ExpectedRevision,
  actual: number | 'no_stream',
): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ streamId, expected, actual });
}

export type CounterEvent = { type: 'CounterIncremented'; data: { to: number } };

/** Each event records the value it moved the counter to, so a lost update shows as a repeated value. */
export const counter: Decider<{ count: number }, { type: 'IncrementCounter' }, CounterEvent> = {
  initialState: () => ({ count: 0 }),
  evolve: (_state, event) => ({ count: event.data.to }),
  decide: (_command, state) => [{ type: 'CounterIncremented', data: { to: state.count + 1 } }],
};

/**
 * Four subscribers at the same position, ten appends one by one: every subscriber sees every event
 * in order, and the log is read about once per append, not once per subscriber and append.
 */
export async function expectSubscribersShareReads(store: EventStore): Promise<void> {
  const seen: RecordedEvent[][] = [[], [], [], []];
  const subscriptions = seen.map((into) => store.subscribeToAll(async (e) => void into.push(e)));
  try {
    await sleep(200); // all caught up and asleep
    const reads = jest.spyOn(store, 'readAll');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      await store.appendToStream(`shared-${i}`, newEvents(1), 'no_stream');
      ids.push((await store.readStream(`shared-${i}`))[0].id);
      await waitFor(`event ${i} delivered to all`, () => seen.every((s) => s.length === i + 1), 2_000);
    }
    for (const s of seen) expect(s.map((e) => e.id)).toEqual(ids);
    // Unshared, 4 subscribers x 10 appends would be at least 40 reads (each also reads once more to find the end).
    expect(reads.mock.calls.length).toBeLessThanOrEqual(25);
  } finally {
    await Promise.all(subscriptions.map((s) => s.stop()));
  }
}
