import { newId } from '@platform/kernel';
import type { Decider, DomainEvent } from './decider';
import {
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  WrongExpectedRevisionError,
} from './event-store.port';

export interface HandleResult<State, Event> {
  state: State;
  /** the events this command produced ([] when it changed nothing) */
  newEvents: Event[];
  /** stream revision after the command (-1: the stream does not exist) */
  revision: number;
  /** global position of the last appended event (undefined when nothing was appended) */
  position?: bigint;
}

/**
 * Folded states by stream, kept in this process, so that a read fetches only the events after the
 * cached revision instead of the whole stream (a subscription's stream grows with every certificate).
 * Safe to share because states are immutable values (evolve returns new objects) and a stale entry
 * is only ever a prefix: the events after it are read before deciding.
 */
export class AggregateCache<State> {
  private readonly entries = new Map<string, { state: State; revision: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(streamId: string): { state: State; revision: number } | undefined {
    return this.entries.get(streamId);
  }

  set(streamId: string, entry: { state: State; revision: number }): void {
    const current = this.entries.get(streamId);
    if (current && current.revision > entry.revision) return; // a slower reader must not roll it back
    this.entries.delete(streamId); // re-insert: Map order is the eviction order (least recently set first)
    this.entries.set(streamId, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}

export interface HandleOptions {
  maxAttempts?: number;
  /** folded states kept between commands (see AggregateCache) */
  cache?: AggregateCache<unknown>;
  /** ids for the new events, by index; makes retried commands produce the same event ids */
  eventIds?: (index: number) => string;
  /**
   * A state the caller already holds (it just read the stream, or made up a new stream's id:
   * `{ state: initialState, revision: -1 }`): decided on without a read, like a cached state.
   */
  assume?: { state: unknown; revision: number };
}

/** Reads a stream and folds it into state; with a cache, only the events after the cached revision. */
export async function aggregateStream<State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  cache?: AggregateCache<State>,
): Promise<{ state: State; revision: number }> {
  const cached = cache?.get(streamId);
  const events = await store.readStream(streamId, cached ? { fromRevision: cached.revision + 1 } : undefined);
  const state = events.reduce((s, e) => decider.evolve(s, e as unknown as Event), cached?.state ?? decider.initialState());
  const revision = (cached?.revision ?? -1) + events.length;
  if (revision >= 0) cache?.set(streamId, { state, revision });
  return { state, revision };
}

/**
 * read → fold → decide → append with the expected revision → retry on conflict.
 * A concurrent writer makes the append fail; the command is then decided again on fresh state,
 * so an invariant (e.g. "never over-issue") holds however many requests race.
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  command: Command,
  metadata: EventMetadata,
  options: HandleOptions = {},
): Promise<HandleResult<State, Event>> {
  const maxAttempts = options.maxAttempts ?? 50;
  const cache = options.cache as AggregateCache<State> | undefined;
  // With a cached state, the first attempt decides on it without reading: the append's expected
  // revision catches a stale cache (another instance wrote), and then the stream is read. A
  // decision to do nothing is only trusted on a fresh read, since a stale state cannot conflict.
  let cached = (options.assume as { state: State; revision: number } | undefined) ?? cache?.get(streamId);
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = cached ?? (await aggregateStream(store, streamId, decider, cache));
    const newEvents = decider.decide(command, state);
    if (newEvents.length === 0) {
      if (cached) {
        cached = undefined;
        attempt--;
        continue;
      }
      return { state, newEvents, revision };
    }
    const expected: ExpectedRevision = revision < 0 ? 'no_stream' : revision;
    try {
      const result = await store.appendToStream(
        streamId,
        newEvents.map((e, i) => ({ id: options.eventIds?.(i) ?? newId(), type: e.type, data: e.data, metadata })),
        expected,
      );
      const next = newEvents.reduce(decider.evolve, state);
      cache?.set(streamId, { state: next, revision: result.nextExpectedRevision });
      return { state: next, newEvents, revision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) throw error;
      if (cached) {
        // The cache (or the assumed state) was behind: read what it missed and decide again, without counting an attempt.
        cached = undefined;
        attempt--;
        continue;
      }
      // Back off a little with jitter so that many racing writers do not collide in lock-step.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, attempt * 2)));
    }
  }
}
