/**
 * The event store port. Adapters: PostgreSQL, embedded (SQLite), EventStoreDB.
 * Every adapter passes the same conformance suite (event-store.conformance.ts).
 */

export interface EventMetadata {
  /** the request that started it all */
  correlationId: string;
  /** the message (command or event id) that caused this event */
  causationId?: string;
  /** the admin (or system component, as `system:<name>`) who acted */
  actor?: string;
  /** ISO-8601 instant of the business fact, from the injected clock */
  occurredAt: string;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** uuid; generated when absent */
  id?: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  streamId: string;
  /** 0-based position of the event in its stream */
  revision: number;
  /** position in the global log; strictly increasing in commit order */
  position: bigint;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  /** SHA-256 (hex) chaining the event to the previous one of its stream (hash-chain.ts); set by every adapter */
  hash?: string;
}

/** `no_stream`: the stream must not exist; `any`: no check; a number: the stream's last revision. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export interface AppendResult {
  /** revision of the last appended event: pass it as the next expected revision */
  nextExpectedRevision: number;
  /** global position of the last appended event */
  position: bigint;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** the stream's last revision; 'unknown' when only the database's unique index caught the conflict */
    readonly actual: number | 'no_stream' | 'unknown',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, found ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export interface ReadStreamOptions {
  /** inclusive; default 0 */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** exclusive: events strictly after this position; default: from the start */
  after?: bigint;
  maxCount: number;
}

export type EventHandler = (event: RecordedEvent) => Promise<void>;

export interface SubscribeOptions {
  /** exclusive checkpoint: deliver events strictly after it; default: from the start */
  after?: bigint;
  /** called when the subscription dies (the handler threw, or the store failed) */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** resolves once the handler is no longer running */
  stop(): Promise<void>;
}

export interface EventStore {
  /** Appends all events atomically, or none (WrongExpectedRevisionError when the revision check fails). */
  appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order; [] when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The global log in commit order, with no gaps visible to readers. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event of the global log (undefined while it is empty): what a reader waits for to see every write so far. */
  headPosition(): Promise<bigint | undefined>;
  /**
   * Catch-up subscription on the global log: every event after the checkpoint, in order, once,
   * then live events as they commit. The handler is awaited before the next event is delivered.
   */
  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Subscription;
  /** Durable named checkpoints for subscribers (publishers, projections kept outside a read model DB). */
  loadCheckpoint(name: string): Promise<bigint | undefined>;
  saveCheckpoint(name: string, position: bigint): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
