import type { EventHandler, RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';

/** What a table-backed store gives the catch-up loop. */
export interface CatchUpSource {
  /**
   * The next page of the global log, strictly after `after`, in position order. `fresh`: the
   * subscriber woke by its poll, not by a notification, so a shared page must not be reused.
   */
  readPage(after: bigint | undefined, maxCount: number, fresh: boolean): Promise<RecordedEvent[]>;
  /** calls `listener` when something may have been appended; returns the unregister function */
  onAppend(listener: () => void): () => void;
  /** fallback poll, for appends the notification cannot see (another process, a lost notification) */
  pollIntervalMs: number;
  pageSize?: number;
}

/**
 * Catch-up subscription over a store whose readers only ever see the log without gaps
 * (each adapter guarantees that). Reads pages after the last handled position, awaits the
 * handler for each event, then sleeps until an append is signalled or the poll interval ends.
 */
export function startCatchUpSubscription(
  source: CatchUpSource,
  handler: EventHandler,
  options: SubscribeOptions = {},
): Subscription {
  const pageSize = source.pageSize ?? 500;
  let position = options.after;
  let stopped = false;
  // Set by every notification; cleared before each read, so one that arrives mid-read is not lost.
  let signalled = false;
  let polled = false;
  let wake: (() => void) | undefined;

  const unlisten = source.onAppend(() => {
    signalled = true;
    wake?.();
  });

  const sleep = (): Promise<void> =>
    new Promise((resolve) => {
      if (signalled || stopped) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(() => {
        polled = true;
        done();
      }, source.pollIntervalMs);
      wake = done;
    });

  const run = async (): Promise<void> => {
    while (!stopped) {
      signalled = false;
      const fresh = polled;
      polled = false;
      const page = await source.readPage(position, pageSize, fresh);
      for (const event of page) {
        if (stopped) return;
        await handler(event);
        position = event.position;
      }
      if (page.length < pageSize) await sleep();
    }
  };

  const finished = run()
    .catch((error: unknown) => {
      // After stop() the store may be closing under us: that is not a failure worth reporting.
      if (!stopped) (options.onError ?? reportDeadSubscription)(error);
    })
    .finally(() => {
      stopped = true;
      unlisten();
    });

  return {
    async stop() {
      stopped = true;
      wake?.();
      await finished;
    },
  };
}

function reportDeadSubscription(error: unknown): void {
  console.error('event store subscription stopped: pass onError to handle this', error);
}

/**
 * The subscribers of one store (projections, relays, other subscribers) usually sit at the same
 * position and wake on the same append: one query answers all of them. A page is reused only for
 * the same `after` and size, and only while no append was signalled since it was read (a later
 * signal starts a new generation); a subscriber woken by its poll reads anew. Events are shared
 * between subscribers, as they are within one: handlers must not mutate them.
 */
export class SharedPageReader {
  private generation = 0;
  private last: { generation: number; after: bigint | undefined; maxCount: number; page: Promise<RecordedEvent[]> } | undefined;

  constructor(private readonly read: (after: bigint | undefined, maxCount: number) => Promise<RecordedEvent[]>) {}

  /** An append was signalled: pages read before it may be missing it. */
  appended(): void {
    this.generation++;
  }

  readPage(after: bigint | undefined, maxCount: number, fresh: boolean): Promise<RecordedEvent[]> {
    const last = this.last;
    if (!fresh && last && last.generation === this.generation && last.after === after && last.maxCount === maxCount) return last.page;
    if (fresh) this.generation++;
    const page = this.read(after, maxCount);
    const entry = { generation: this.generation, after, maxCount, page };
    this.last = entry;
    page.catch(() => {
      if (this.last === entry) this.last = undefined;
    });
    return page;
  }
}

/** Tracks a store's live subscriptions so that close() can stop them first. */
export class SubscriptionRegistry {
  private readonly live = new Set<Subscription>();

  track(subscription: Subscription): Subscription {
    const tracked: Subscription = {
      stop: async () => {
        await subscription.stop();
        this.live.delete(tracked);
      },
    };
    this.live.add(tracked);
    return tracked;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((s) => s.stop()));
  }
}
