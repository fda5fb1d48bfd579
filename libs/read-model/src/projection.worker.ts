import type { EventStore, RecordedEvent, Subscription } from '@platform/event-store';
import type { Projection } from './projection';
import { deleteCheckpoint, loadCheckpoint, lockCheckpoint } from './projection-checkpoint.entity';
import { ProjectionApplyError } from './projection.errors';
import type { ReadModelOrm } from './read-model.orm';

/** Structurally compatible with Nest's Logger. */
export interface ProjectionLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface ProjectionWorkerOptions {
  orm: ReadModelOrm;
  store: EventStore;
  projection: Projection;
  logger: ProjectionLogger;
  /** events per transaction while catching up; live, a gathered batch this large is applied at once */
  batchSize: number;
  /**
   * How long a live event may wait for others to share its transaction. Nobody waits on it: an
   * event someone waits for (whenReached) is applied at once, with whatever is pending before it.
   */
  liveDelayMs: number;
  /** first retry delay after a failure; doubles on each further failure up to maxRetryDelayMs */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

interface Waiter {
  position: bigint;
  resolve(): void;
}

/**
 * Keeps one projection up to date: catches up from its checkpoint by reading the log in pages
 * (one transaction per page), then follows a live subscription (one transaction per event).
 * Every transaction applies the events and moves the checkpoint together, after re-reading the
 * checkpoint under a lock, so an event is never lost and never applied twice.
 */
export class ProjectionWorker {
  /** last event this projection is done with: applied and committed, or ignored */
  private position: bigint | undefined;
  /** `position` is ahead of the stored checkpoint, by events this projection ignores */
  private unsaved = false;
  private running = false;
  /** bumped by every stop and failure, so a stale loop or subscription can no longer write */
  private generation = 0;
  private loop: Promise<void> | undefined;
  private subscription: Subscription | undefined;
  private dyingSubscription: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** where the last failure happened: the next attempt commits what precedes it on its own */
  private failedAt: bigint | undefined;
  private readonly waiters = new Set<Waiter>();
  /** live events received and not yet applied, in log order */
  private pending: RecordedEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  /** the live transaction in progress (one at a time, in order) */
  private flushing: Promise<void> = Promise.resolve();
  private caughtUp: { resolve(): void; reject(error: unknown): void } | undefined;

  constructor(private readonly opts: ProjectionWorkerOptions) {}

  get name(): string {
    return this.opts.projection.name;
  }

  get processedPosition(): bigint | undefined {
    return this.position;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.position = await loadCheckpoint(this.opts.orm.em.fork(), this.name);
    this.unsaved = false;
    this.running = true;
    this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.dropPending();
    await this.loop;
    await this.flushing;
    await this.subscription?.stop();
    await this.dyingSubscription;
    this.subscription = this.dyingSubscription = undefined;
    this.caughtUp?.reject(new Error(`projection ${this.name} was stopped before it caught up`));
    this.caughtUp = undefined;
    await this.saveSkippedProgress();
  }

  /**
   * Deletes the projection's rows and checkpoint in one transaction, then replays the whole log.
   * Resolves once the replay has caught up; rejects on the first failure (a running worker keeps
   * retrying in the background).
   */
  async rebuild(): Promise<void> {
    const wasRunning = this.running;
    await this.stop();
    const { projection } = this.opts;
    await this.opts.orm.em.fork().transactional(async (em) => {
      // Reverse order, so a table that refers to an earlier one is emptied first.
      for (const entity of [...projection.entities].reverse()) await em.nativeDelete(entity, {});
      await deleteCheckpoint(em, projection.name);
    });
    this.position = undefined;
    this.unsaved = false;
    this.failures = 0;
    this.failedAt = undefined;
    this.opts.logger.log(`projection ${this.name}: rows and checkpoint deleted, replaying from the start`);
    if (!wasRunning) {
      // Offline rebuild (e.g. from a maintenance script): replay to the head and stay stopped.
      await this.catchUp(this.generation);
      await this.saveSkippedProgress();
      return;
    }
    const caughtUp = new Promise<void>((resolve, reject) => (this.caughtUp = { resolve, reject }));
    this.running = true;
    this.run();
    await caughtUp;
  }

  /** Resolves once this projection is done with the event at `position`; `cancel` forgets the waiter. */
  whenReached(position: bigint): { promise: Promise<void>; cancel(): void } {
    if (this.position !== undefined && this.position >= position) {
      return { promise: Promise.resolve(), cancel: () => undefined };
    }
    let waiter!: Waiter;
    const promise = new Promise<void>((resolve) => {
      waiter = { position, resolve };
      this.waiters.add(waiter);
    });
    if (this.pending.some((e) => e.position >= position)) this.flushSoon(0);
    return { promise, cancel: () => this.waiters.delete(waiter) };
  }

  private run(): void {
    const generation = this.generation;
    this.loop = this.catchUp(generation)
      .then(() => {
        if (generation !== this.generation) return;
        this.caughtUp?.resolve();
        this.caughtUp = undefined;
        this.follow(generation);
      })
      .catch((error: unknown) => this.fail(error, generation));
  }

  /** Reads the log in pages, one transaction per page, until a page comes back short. */
  private async catchUp(generation: number): Promise<void> {
    for (;;) {
      const page = await this.opts.store.readAll({ after: this.position, maxCount: this.opts.batchSize });
      if (generation !== this.generation) return;
      await this.process(page);
      if (page.length < this.opts.batchSize) return;
    }
  }

  /**
   * Live events, gathered for up to liveDelayMs so that a burst shares one transaction. The
   * subscription's own catch-up covers appends since the last page.
   */
  private follow(generation: number): void {
    this.subscription = this.opts.store.subscribeToAll(
      async (event) => {
        if (generation !== this.generation) return;
        this.pending.push(event);
        const awaited = [...this.waiters].some((w) => w.position <= event.position);
        if (awaited || this.pending.length >= this.opts.batchSize) this.flushSoon(0);
        else this.flushSoon(this.opts.liveDelayMs);
        // Back-pressure: let the transaction in progress finish before the subscription reads on.
        if (this.pending.length >= this.opts.batchSize) await this.flushing;
      },
      { after: this.position, onError: (error) => this.fail(error, generation) },
    );
  }

  /** Applies the pending events in one transaction within `delayMs` (sooner if already due). */
  private flushSoon(delayMs: number): void {
    if (this.flushTimer && delayMs > 0) return;
    clearTimeout(this.flushTimer);
    const generation = this.generation;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushing = this.flushing.then(async () => {
        const batch = this.pending;
        this.pending = [];
        if (generation !== this.generation || batch.length === 0) return;
        await this.process(batch).catch((error: unknown) => this.fail(error, generation));
      });
    }, delayMs);
  }

  private dropPending(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
  }

  private fail(error: unknown, generation: number): void {
    if (generation !== this.generation || !this.running) return;
    this.generation++;
    this.failures++;
    if (error instanceof ProjectionApplyError) this.failedAt = error.position;
    // Pending events come again: the next attempt reads on from the last one applied.
    this.dropPending();
    this.caughtUp?.reject(error);
    this.caughtUp = undefined;
    // Not awaited: we may be running inside the dying subscription's own error path.
    this.dyingSubscription = this.subscription?.stop().catch(() => undefined);
    this.subscription = undefined;
    const delay = Math.min(this.opts.retryDelayMs * 2 ** (this.failures - 1), this.opts.maxRetryDelayMs);
    this.opts.logger.error(
      `projection ${this.name} stopped after position ${this.position ?? 'none'}; retrying in ${delay} ms`,
      error,
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.running) this.run();
    }, delay);
  }

  private async process(events: readonly RecordedEvent[]): Promise<void> {
    // Guards against a store that delivers an event twice.
    const fresh = events.filter((e) => this.position === undefined || e.position > this.position);
    const failedAt = this.failedAt;
    // After a failure, commit what precedes the failing event first, so progress stops right at the fault.
    const cut = failedAt === undefined ? -1 : fresh.findIndex((e) => e.position >= failedAt);
    if (cut > 0) {
      await this.commit(fresh.slice(0, cut));
      await this.commit(fresh.slice(cut));
    } else {
      await this.commit(fresh);
    }
  }

  private async commit(events: readonly RecordedEvent[], perEvent = this.opts.projection.flush !== 'per-batch'): Promise<void> {
    if (events.length === 0) return;
    const { projection } = this.opts;
    const last = events[events.length - 1].position;
    const handled = events.filter((e) => projection.handles(e.type));
    if (handled.length === 0) {
      // Nothing to write: a transaction just to move the checkpoint over ignored events is not worth
      // it. Replaying them after a crash is harmless; the checkpoint catches up with the next write.
      this.advance(last, true);
      return;
    }
    try {
      await this.opts.orm.em.fork().transactional(async (em) => {
        const checkpoint = await lockCheckpoint(em, projection.name);
        for (const event of handled) {
          // Another runner on the same database may have applied it already.
          if (checkpoint.position !== undefined && event.position <= checkpoint.position) continue;
          try {
            await projection.apply(em, event);
            // Flushed per event so the next event's queries (native ones included) see this one's rows.
            if (perEvent) await em.flush();
          } catch (error) {
            throw new ProjectionApplyError(projection.name, event, error);
          }
        }
        if (!perEvent) await em.flush().catch((error: unknown) => Promise.reject(new BatchFlushFailed(error)));
        if (checkpoint.position === undefined || last > checkpoint.position) await checkpoint.save(last);
      });
    } catch (error) {
      // The batch's rows failed together: the same events again, flushed one by one, name the one at fault.
      if (error instanceof BatchFlushFailed) return this.commit(events, true);
      throw error;
    }
    this.advance(last, false);
  }

  private advance(position: bigint, unsaved: boolean): void {
    this.position = position;
    this.unsaved = unsaved;
    if (!unsaved) this.failures = 0;
    if (this.failedAt !== undefined && position >= this.failedAt) this.failedAt = undefined;
    for (const waiter of this.waiters) {
      if (position >= waiter.position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Stores the position reached over ignored events, so a restart does not read them again. */
  private async saveSkippedProgress(): Promise<void> {
    const position = this.position;
    if (!this.unsaved || position === undefined) return;
    try {
      await this.opts.orm.em.fork().transactional(async (em) => {
        const checkpoint = await lockCheckpoint(em, this.name);
        if (checkpoint.position === undefined || position > checkpoint.position) await checkpoint.save(position);
      });
      this.unsaved = false;
    } catch (error) {
      // Only an optimisation: the next start reads those events again and ignores them again.
      this.opts.logger.warn(`projection ${this.name}: could not save its checkpoint on stop: ${String(error)}`);
    }
  }
}

/** A per-batch flush failed: no single event can be blamed yet. */
class BatchFlushFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('the batch could not be flushed');
  }
}
