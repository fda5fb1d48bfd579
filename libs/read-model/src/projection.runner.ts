import type { EventStore } from '@platform/event-store';
import type { Projection } from './projection';
import { ProjectionCheckpointSchema } from './projection-checkpoint.entity';
import { ProjectionFaultSchema } from './projection-fault.entity';
import { ProjectionWaitTimeoutError } from './projection.errors';
import { type ProjectionLogger, ProjectionWorker, type RetryFaultsResult } from './projection.worker';
import type { ReadModelOrm } from './read-model.orm';

export interface ProjectionRunnerOptions {
  /** from openReadModelOrm, opened with every projection's entities */
  orm: ReadModelOrm;
  store: EventStore;
  projections: Projection[];
  /** default: errors and warnings to the console, nothing else */
  logger?: ProjectionLogger;
  /** events per transaction while catching up; default 500 */
  batchSize?: number;
  /** how long a live event nobody waits for may wait to share a transaction with others; default 50 ms */
  liveDelayMs?: number;
  /** first retry delay after a failure, doubled per further failure; default 1 s, at most maxRetryDelayMs (30 s) */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /**
   * failures of one event before it is parked in `projection_fault` and the projection goes on past
   * it; default 3 (about 3 s with the default delays, within a reader's 5 s wait)
   */
  maxAttempts?: number;
}

/** How long, and for which projections, a reader waits (a number: the timeout); default 5 s, all of the runner's. */
export interface WaitOptions {
  timeoutMs?: number;
  projections?: readonly string[];
}

const consoleLogger: ProjectionLogger = {
  log: () => undefined,
  warn: (message) => console.warn(message),
  error: (message, error) => console.error(message, error),
};

/**
 * Feeds read model projections from the event store. Each projection runs on its own, with its
 * own checkpoint, so one that fails (and retries) does not hold the others back.
 */
export class ProjectionRunner {
  private readonly workers = new Map<string, ProjectionWorker>();
  private readonly store: EventStore;

  constructor(opts: ProjectionRunnerOptions) {
    this.store = opts.store;
    const metadata = opts.orm.getMetadata();
    if (!metadata.has(ProjectionCheckpointSchema.meta.className) || !metadata.has(ProjectionFaultSchema.meta.className)) {
      throw new Error('ProjectionRunner needs an ORM opened with openReadModelOrm (the checkpoint table is missing).');
    }
    const owners = new Map<string, string>();
    for (const projection of opts.projections) {
      if (this.workers.has(projection.name)) throw new Error(`two projections are named ${projection.name}`);
      // A rebuild deletes every row of the projection's tables: a table must have exactly one owner.
      for (const entity of projection.entities) {
        const table = entity.meta.className;
        const runnerTables = [ProjectionCheckpointSchema.meta.className, ProjectionFaultSchema.meta.className];
        const owner = runnerTables.includes(table) ? 'the runner' : owners.get(table);
        if (owner) throw new Error(`projection ${projection.name} claims ${table}, which belongs to ${owner}`);
        owners.set(table, `projection ${projection.name}`);
      }
      const unknown = projection.entities.filter((e) => !metadata.has(e.meta.className));
      if (unknown.length > 0) {
        const names = unknown.map((e) => e.meta.className).join(', ');
        throw new Error(`projection ${projection.name}: pass ${names} to openReadModelOrm`);
      }
      this.workers.set(
        projection.name,
        new ProjectionWorker({
          orm: opts.orm,
          store: opts.store,
          projection,
          logger: opts.logger ?? consoleLogger,
          batchSize: opts.batchSize ?? 500,
          liveDelayMs: projection.liveDelayMs ?? opts.liveDelayMs ?? 50,
          retryDelayMs: opts.retryDelayMs ?? 1_000,
          maxRetryDelayMs: opts.maxRetryDelayMs ?? 30_000,
          maxAttempts: opts.maxAttempts ?? 3,
        }),
      );
    }
  }

  /** Loads the checkpoints and starts catching up in the background; use waitFor to wait for a position. */
  async start(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.start()));
  }

  /** Resolves once no projection is writing any more. Stop the runner before closing the ORM or the store. */
  async stop(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
  }

  /**
   * Deletes the projection's rows and its checkpoint in one transaction, then replays the log from
   * the start. Resolves once the replay has caught up. Readers see the tables empty, then filling,
   * in the meantime, and every other runner on this database must be stopped while it runs.
   */
  async rebuild(name: string): Promise<void> {
    await this.worker(name).rebuild();
  }

  /**
   * Applies the projection's parked events (those it could not apply and set aside in
   * `projection_fault`) again, in log order; deletes the faults that now apply and keeps the others
   * with their attempts and last error. For the operator, once the cause is fixed.
   */
  async retryFaults(name: string): Promise<RetryFaultsResult> {
    return this.worker(name).retryFaults();
  }

  /** Each projection's last processed position (undefined: none yet), for lag metrics. */
  positions(): { projection: string; position: bigint | undefined }[] {
    return [...this.workers.values()].map((w) => ({ projection: w.name, position: w.processedPosition }));
  }

  private worker(name: string): ProjectionWorker {
    const worker = this.workers.get(name);
    if (!worker) throw new Error(`no projection named ${name}; known: ${[...this.workers.keys()].join(', ')}`);
    return worker;
  }

  /**
   * Read-after-write for readers: resolves once every projection has applied every event that was
   * in the log when this was called, whoever appended it. Costs one head query; a writer that
   * knows its position can use waitFor instead.
   */
  async caughtUp(options: WaitOptions | number = {}): Promise<void> {
    const head = await this.store.headPosition();
    if (head !== undefined) await this.waitFor(head, options);
  }

  /**
   * Resolves once every projection is done with the event at `position` (pass the position an
   * append returned, to read your own writes). Rejects with ProjectionWaitTimeoutError after timeoutMs.
   * A reader names the projections whose tables it reads, so that it never waits on another one.
   */
  async waitFor(position: bigint, options: WaitOptions | number = {}): Promise<void> {
    const { timeoutMs = 5_000, projections } = typeof options === 'number' ? { timeoutMs: options } : options;
    const workers = projections ? projections.map((name) => this.worker(name)) : [...this.workers.values()];
    const waits = workers.map((w) => w.whenReached(position));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const behind = workers
          .filter((w) => w.processedPosition === undefined || w.processedPosition < position)
          .map((w) => `${w.name} at ${w.processedPosition ?? 'none'}`);
        reject(new ProjectionWaitTimeoutError(position, timeoutMs, behind));
      }, timeoutMs);
    });
    try {
      await Promise.race([Promise.all(waits.map((w) => w.promise)), timeout]);
    } finally {
      clearTimeout(timer);
      for (const w of waits) w.cancel();
    }
  }
}
