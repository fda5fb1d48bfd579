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

export interface HandleOptions {
  maxAttempts?: number;
  /** ids for the new events, by index; makes retried commands produce the same event ids */
  eventIds?: (index: number) => string;
}

/** Reads a stream and folds it into state. */
export async function aggregateStream<State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
): Promise<{ state: State; revision: number }> {
  const events = await store.readStream(streamId);
  const state = events.reduce((s, e) => decider.evolve(s, e as unknown as Event), decider.initialState());
  return { state, revision: events.length - 1 };
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
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = await aggregateStream(store, streamId, decider);
    const newEvents = decider.decide(command, state);
    if (newEvents.length === 0) return { state, newEvents, revision };
    const expected: ExpectedRevision = revision < 0 ? 'no_stream' : revision;
    try {
      const result = await store.appendToStream(
        streamId,
        newEvents.map((e, i) => ({ id: options.eventIds?.(i) ?? newId(), type: e.type, data: e.data, metadata })),
        expected,
      );
      return {
        state: newEvents.reduce(decider.evolve, state),
        newEvents,
        revision: result.nextExpectedRevision,
        position: result.position,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) throw error;
      // Back off a little with jitter so that many racing writers do not collide in lock-step.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, attempt * 2)));
    }
  }
}
