import type { EventStore } from '@platform/event-store';
import type { Projection } from './projection';
import { ProjectionCheckpointSchema } from './projection-checkpoint.entity';
import { ProjectionWaitTimeoutError } from './projection.errors';
import { type ProjectionLogger, ProjectionWorker } from './projection.worker';
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
    if (!metadata.has(ProjectionCheckpointSchema.meta.className)) {
      throw new Error('ProjectionRunner needs an ORM opened with openReadModelOrm (the checkpoint table is missing).');
    }
    const owners = new Map<string, string>();
    for (const projection of opts.projections) {
      if (this.workers.has(projection.name)) throw new Error(`two projections are named ${projection.name}`);
      // A rebuild deletes every row of the projection's tables: a table must have exactly one owner.
      for (const entity of projection.entities) {
        const table = entity.meta.className;
        const owner = table === ProjectionCheckpointSchema.meta.className ? 'the runner' : owners.get(table);
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
    const worker = this.workers.get(name);
    if (!worker) throw new Error(`no projection named ${name}; known: ${[...this.workers.keys()].join(', ')}`);
    await worker.rebuild();
  }

  /**
   * Read-after-write for readers: resolves once every projection has applied every event that was
   * in the log when this was called, whoever appended it. Costs one head query; a writer that
   * knows its position can use waitFor instead.
   */
  async caughtUp(timeoutMs = 5_000): Promise<void> {
    const head = await this.store.headPosition();
    if (head !== undefined) await this.waitFor(head, timeoutMs);
  }

  /**
   * Resolves once every projection is done with the event at `position` (pass the position an
   * append returned, to read your own writes). Rejects with ProjectionWaitTimeoutError after timeoutMs.
   */
  async waitFor(position: bigint, timeoutMs = 5_000): Promise<void> {
    const workers = [...this.workers.values()];
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
