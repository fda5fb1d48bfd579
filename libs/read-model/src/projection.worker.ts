import { ConnectionException, DeadlockException, LockWaitTimeoutException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { EventStore, RecordedEvent, Subscription } from '@platform/event-store';
import type { Projection } from './projection';
import { deleteCheckpoint, loadCheckpoint, lockCheckpoint } from './projection-checkpoint.entity';
import { type ProjectionFault, ProjectionFaultSchema, faultId } from './projection-fault.entity';
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
  /**
   * Times one event may fail before it is parked in the fault table and the projection goes on
   * past it. Failures of the database itself (connection lost, lock timeouts) never park an event.
   */
  maxAttempts: number;
}

/** What retryFaults did: the faults applied now, and those still failing. */
export interface RetryFaultsResult {
  fixed: ProjectionFault[];
  failing: ProjectionFault[];
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
  /** the event at failedAt: how often and since when it failed, and why (last) */
  private fault: { error: ProjectionApplyError; attempts: number; since: Date } | undefined;
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
      // The replay meets the parked events again: they fail (and are parked) again, or now apply.
      await em.nativeDelete(ProjectionFaultSchema, { projection: projection.name });
      await deleteCheckpoint(em, projection.name);
    });
    this.position = undefined;
    this.unsaved = false;
    this.failures = 0;
    this.failedAt = undefined;
    this.fault = undefined;
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
    if (error instanceof ProjectionApplyError) {
      const again = this.fault !== undefined && this.failedAt === error.position;
      this.fault = { error, attempts: again ? this.fault!.attempts + 1 : 1, since: again ? this.fault!.since : new Date() };
      this.failedAt = error.position;
    }
    // Pending events come again: the next attempt reads on from the last one applied.
    this.dropPending();
    this.caughtUp?.reject(error);
    this.caughtUp = undefined;
    // Not awaited: we may be running inside the dying subscription's own error path.
    this.dyingSubscription = this.subscription?.stop().catch(() => undefined);
    this.subscription = undefined;
    // An event that has failed often enough is parked by the next attempt: no point waiting for it
    // (unless this failure was the database's: then back off as usual).
    const delay = error instanceof ProjectionApplyError && this.parkable()
      ? 0
      : Math.min(this.opts.retryDelayMs * 2 ** (this.failures - 1), this.opts.maxRetryDelayMs);
    const attempt = this.fault && error instanceof ProjectionApplyError ? ` (attempt ${this.fault.attempts} of ${this.opts.maxAttempts})` : '';
    this.opts.logger.error(
      `projection ${this.name} stopped after position ${this.position ?? 'none'}${attempt}; retrying in ${delay} ms`,
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
    if (cut < 0) return this.commit(fresh);
    await this.commit(fresh.slice(0, cut));
    const rest = fresh.slice(cut);
    if (rest[0].position === failedAt && this.parkable()) {
      await this.park(rest[0]);
      await this.commit(rest.slice(1));
    } else {
      await this.commit(rest);
    }
  }

  /** The event at failedAt failed maxAttempts times, through no fault of the database's. */
  private parkable(): boolean {
    const fault = this.fault;
    if (!fault || fault.attempts < this.opts.maxAttempts) return false;
    const cause = fault.error.cause;
    return !(cause instanceof ConnectionException || cause instanceof LockWaitTimeoutException || cause instanceof DeadlockException);
  }

  /**
   * Sets the failing event aside in the fault table and moves the checkpoint over it, in one
   * transaction: the projection's other work (other organisations' rows) goes on, and the operator
   * is told loudly what is missing and how to bring it back.
   */
  private async park(event: RecordedEvent): Promise<void> {
    const { error, attempts, since } = this.fault!;
    await this.opts.orm.em.fork().transactional(async (em) => {
      const checkpoint = await lockCheckpoint(em, this.name);
      // Another runner on the same database parked (or applied) it already.
      if (checkpoint.position !== undefined && event.position <= checkpoint.position) return;
      await recordFault(em, this.name, event, errorMessage(error.cause), attempts, since);
      await checkpoint.save(event.position);
    });
    this.opts.logger.error(
      `projection ${this.name} PARKED event ${event.type} ${event.id} of stream ${event.streamId} at position ${event.position} ` +
        `after ${attempts} failed attempts: ${errorMessage(error.cause)}. Its changes are missing from the read model; ` +
        `the projection goes on with the events after it. Fix the cause, then retry the parked events ` +
        `(ProjectionRunner.retryFaults('${this.name}')); they are listed in the projection_fault table.`,
      error,
    );
    this.fault = undefined;
    this.advance(event.position, false);
  }

  /**
   * Applies this projection's parked events again, in log order, each in its own transaction
   * (serialised with the live work by the checkpoint lock); a fault that now applies is deleted,
   * one that still fails is kept with its attempts and error brought up to date.
   */
  async retryFaults(): Promise<RetryFaultsResult> {
    const faults = await this.opts.orm.em.fork().find(ProjectionFaultSchema, { projection: this.name });
    faults.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
    const result: RetryFaultsResult = { fixed: [], failing: [] };
    for (const fault of faults) {
      const position = BigInt(fault.position);
      const [event] = await this.opts.store.readAll({ after: position - 1n, maxCount: 1 });
      try {
        if (!event || event.position !== position || event.id !== fault.eventId) throw new Error(`event ${fault.eventId} is no longer at position ${position} of the log`);
        await this.opts.orm.em.fork().transactional(async (em) => {
          await lockCheckpoint(em, this.name);
          await this.opts.projection.apply(em, event);
          await em.flush();
          await em.nativeDelete(ProjectionFaultSchema, { id: fault.id });
        });
        result.fixed.push(fault);
        this.opts.logger.log(`projection ${this.name}: parked event ${fault.eventType} ${fault.eventId} at position ${position} applied now`);
      } catch (error) {
        const updated = { ...fault, error: errorMessage(error), lastSeenAt: new Date(), attempts: fault.attempts + 1 };
        await this.opts.orm.em.fork().nativeUpdate(ProjectionFaultSchema, { id: fault.id }, { error: updated.error, lastSeenAt: updated.lastSeenAt, attempts: updated.attempts });
        result.failing.push(updated);
        this.opts.logger.error(`projection ${this.name}: parked event ${fault.eventType} ${fault.eventId} at position ${position} still fails: ${updated.error}`, error);
      }
    }
    return result;
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
    if (this.failedAt !== undefined && position >= this.failedAt) {
      this.failedAt = undefined;
      this.fault = undefined;
    }
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

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function recordFault(em: EntityManager, projection: string, event: RecordedEvent, error: string, attempts: number, since: Date): Promise<void> {
  const id = faultId(projection, event.position);
  const now = new Date();
  const existing = await em.findOne(ProjectionFaultSchema, { id });
  if (existing) Object.assign(existing, { error, lastSeenAt: now, attempts: existing.attempts + attempts });
  else
    em.create(ProjectionFaultSchema, {
      id,
      projection,
      position: event.position.toString(),
      eventId: event.id,
      streamId: event.streamId,
      eventType: event.type,
      error,
      firstSeenAt: since,
      lastSeenAt: now,
      attempts,
    });
  await em.flush();
}

/** A per-batch flush failed: no single event can be blamed yet. */
class BatchFlushFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('the batch could not be flushed');
  }
}
