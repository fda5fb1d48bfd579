/**
 * Event store on EventStoreDB (gRPC client 6.2.1).
 *
 * - `position` is the event's commit position in $all; `after` is passed as {commit, prepare} = position.
 * - System events (types starting with `$`) and our checkpoint streams are not part of the log we expose.
 * - Checkpoints are events in `checkpoint-<name>` (the category `checkpoint` is reserved); the last one wins.
 * - Every call runs under our own timeout: the client waits forever on a port that speaks TCP but
 *   not gRPC, whatever deadline it is given.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type JSONType,
  type ReadPosition,
  type RecordedEvent as DbRecordedEvent,
} from '@eventstore/db-client';
import {
  type AppendResult,
  type EventHandler,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { newId } from '@platform/kernel';
import { GENESIS_HASH, chainHashes } from '../hash-chain';
import { SubscriptionRegistry } from './catch-up-subscription';
import { assertMaxCount } from './expected-revision';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://127.0.0.1:2113?tls=false` */
  connectionString: string;
  /** per call; default 10 s */
  timeoutMs?: number;
}

const CHECKPOINT_PREFIX = 'checkpoint-';
/** Where an event's chain hash travels: in its metadata (events are immutable here), taken out again on read. */
const HASH_KEY = 'chainHash';

export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new SubscriptionRegistry();
  private readonly timeoutMs: number;
  private closed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Connects lazily: the first call reports an unreachable server. */
  static connect(opts: EventStoreDbEventStoreOptions): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(opts.connectionString), opts);
  }

  /**
   * The chain (hash-chain.ts) needs the stream's last hash, so an append first reads the last event
   * and then appends expecting exactly its revision; with 'any', a concurrent append makes it read
   * and chain again. One more round trip than EventStoreDB alone needs.
   */
  async appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const head = await this.streamHead(streamId);
      const current = head?.revision ?? -1;
      const against = expected === 'any' ? current : expected === 'no_stream' ? -1 : expected;
      const expectedRevision: AppendExpectedRevision = against === -1 ? NO_STREAM : BigInt(against);
      const ids = events.map((e) => e.id ?? newId());
      const hashes = chainHashes(head?.hash ?? GENESIS_HASH, against + 1, events.map((e, i) => ({ ...e, streamId, id: ids[i] })));
      try {
        const result = await this.withTimeout(
          'appendToStream',
          this.client.appendToStream(
            streamId,
            events.map((e, i) =>
              jsonEvent({ id: ids[i], type: e.type, data: e.data as JSONType, metadata: { ...e.metadata, [HASH_KEY]: hashes[i].toString('hex') } as JSONType }),
            ),
            { expectedRevision },
          ),
        );
        return { nextExpectedRevision: Number(result.nextExpectedRevision), position: result.position?.commit ?? 0n };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (expected === 'any' && attempt < 10) continue;
        const actual = error.actualVersion === NO_STREAM ? 'no_stream' : Number(error.actualVersion);
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
    }
  }

  private async streamHead(streamId: string): Promise<{ revision: number; hash?: Buffer } | undefined> {
    try {
      const [last] = await this.collect('readStream', this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
      if (!last?.event) return undefined;
      const hash = (last.event.metadata as Record<string, unknown> | undefined)?.[HASH_KEY];
      return { revision: Number(last.event.revision), ...(typeof hash === 'string' ? { hash: Buffer.from(hash, 'hex') } : {}) };
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    try {
      const read = this.client.readStream(streamId, {
        fromRevision: BigInt(options.fromRevision ?? 0),
        maxCount: options.maxCount,
        direction: FORWARDS,
      });
      const resolved = await this.collect('readStream', read);
      return resolved.flatMap((r) => (r.event ? [toRecordedEvent(r.event)] : []));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    assertMaxCount(options.maxCount);
    const out: RecordedEvent[] = [];
    // Reads of $all start *at* the given position; one extra per page makes up for skipping it.
    const pageSize = Math.min(options.maxCount, 4095) + 1;
    let from: ReadPosition = options.after === undefined ? START : { commit: options.after, prepare: options.after };
    let seen = options.after ?? -1n;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await this.collect('readAll', this.client.readAll({ fromPosition: from, maxCount: pageSize }));
      for (const { event } of page) {
        if (!event || event.position.commit <= seen) continue;
        seen = event.position.commit;
        from = event.position;
        if (isOurs(event)) out.push(toRecordedEvent(event));
        if (out.length === options.maxCount) return out;
      }
      // System events were filtered out of a full page: read on.
      if (page.length < pageSize) return out;
    }
  }

  async headPosition(): Promise<bigint | undefined> {
    // Backwards from the end, past system events and checkpoints, to the last event of ours.
    let from: ReadPosition = END;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await this.collect('headPosition', this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: 256 }));
      const ours = page.find(({ event }) => event && isOurs(event));
      if (ours?.event) return ours.event.position.commit;
      const last = page.at(-1)?.event;
      if (page.length < 256 || !last) return undefined;
      from = last.position;
    }
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    const after = options.after;
    const source = this.client.subscribeToAll({
      fromPosition: after === undefined ? START : { commit: after, prepare: after },
      filter: excludeSystemEvents(),
    });
    let stopped = false;
    // Async iteration pulls the next event only once the handler has finished with this one.
    const run = async (): Promise<void> => {
      for await (const { event } of source) {
        if (stopped) return;
        if (!event || !isOurs(event) || (after !== undefined && event.position.commit <= after)) continue;
        await handler(toRecordedEvent(event));
      }
    };
    const finished = run().catch((error: unknown) => {
      if (!stopped) (options.onError ?? ((e) => console.error('event store subscription stopped', e)))(error);
    });
    return this.subscriptions.track({
      stop: async () => {
        stopped = true;
        await this.withTimeout('unsubscribe', source.unsubscribe()).catch(() => source.destroy());
        await finished;
      },
    });
  }

  async loadCheckpoint(name: string): Promise<bigint | undefined> {
    try {
      const read = this.client.readStream(CHECKPOINT_PREFIX + name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      const [last] = await this.collect('loadCheckpoint', read);
      const data = last?.event?.data as { position?: string } | undefined;
      return data?.position === undefined ? undefined : BigInt(data.position);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  async saveCheckpoint(name: string, position: bigint): Promise<void> {
    const stream = CHECKPOINT_PREFIX + name;
    const event = jsonEvent({ type: 'CheckpointSaved', data: { position: position.toString() } });
    const result = await this.withTimeout('saveCheckpoint', this.client.appendToStream(stream, event));
    // Only the last checkpoint matters: let the server scavenge the rest.
    if (result.nextExpectedRevision === 0n) {
      await this.withTimeout('saveCheckpoint', this.client.setStreamMetadata(stream, { maxCount: 1 }));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    await this.withTimeout('dispose', this.client.dispose()).catch(() => undefined);
  }

  private async collect<E>(what: string, read: AsyncIterable<E> & { cancel(): Promise<void> }): Promise<E[]> {
    const drain = async (): Promise<E[]> => {
      const out: E[] = [];
      for await (const item of read) out.push(item);
      return out;
    };
    return this.withTimeout(what, drain(), () => void read.cancel().catch(() => undefined));
  }

  private withTimeout<T>(what: string, work: Promise<T>, onTimeout?: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout?.();
        reject(new Error(`EventStoreDB ${what}: no answer within ${this.timeoutMs} ms (is it a gRPC endpoint?)`));
      }, this.timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}

function isOurs(event: DbRecordedEvent): boolean {
  return !event.type.startsWith('$') && !event.streamId.startsWith('$') && !event.streamId.startsWith(CHECKPOINT_PREFIX);
}

function toRecordedEvent(event: DbRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  const { [HASH_KEY]: hash, ...metadata } = (event.metadata ?? {}) as unknown as RecordedEvent['metadata'] & { [HASH_KEY]?: unknown };
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    // Only reads of $all carry the position; stream reads leave it out.
    position: event.position?.commit ?? -1n,
    type: event.type,
    data: event.data,
    metadata,
    ...(typeof hash === 'string' ? { hash } : {}),
  };
}
