import type { EventStore } from '@platform/event-store';
import type { Projection } from './projection';
import { ProjectionRunner, type WaitOptions } from './projection.runner';
import { type ReadModelDbConfig, type ReadModelOrm, openReadModelOrm } from './read-model.orm';

/** The read models open in this process: what its /metrics and /readyz look at. */
const openHosts = new Set<ReadModelHost>();
export const openReadModels = (): readonly ReadModelHost[] => [...openHosts];

/**
 * A service's read model database and the runner that feeds its projections, with the lifecycle a
 * Nest provider needs (the hook names are Nest's; no import of Nest here). Opened with exactly the
 * projections' tables; stopped before the ORM closes, so no projection writes into a closed pool.
 */
export abstract class ReadModelHost {
  private opened?: { orm: ReadModelOrm; runner: ProjectionRunner };

  protected constructor(
    private readonly store: EventStore,
    private readonly config: ReadModelDbConfig,
    private readonly projections: Projection[],
  ) {}

  async onModuleInit(): Promise<void> {
    const orm = await openReadModelOrm(this.config, this.projections.flatMap((p) => p.entities), async (em, backend) => {
      for (const projection of this.projections) await projection.prepare?.(em, backend);
    });
    const runner = new ProjectionRunner({ orm, store: this.store, projections: this.projections });
    this.opened = { orm, runner };
    await runner.start();
    openHosts.add(this);
  }

  async onApplicationShutdown(): Promise<void> {
    openHosts.delete(this);
    await this.opened?.runner.stop();
    await this.opened?.orm.close(true);
  }

  /** Read-your-writes: resolves once the projections (all, or those named) have the event at `position`. */
  waitFor(position: bigint, options?: WaitOptions | number): Promise<void> {
    return this.started.runner.waitFor(position, options);
  }

  /**
   * Read-after-write for readers: resolves once the projections have every event appended before the
   * call. A reader names the projections it reads, so that a failing other one never holds it up.
   */
  caughtUp(options?: WaitOptions | number): Promise<void> {
    return this.started.runner.caughtUp(options);
  }

  /** How far each projection is behind the head of the store, in log positions. */
  async projectionLag(): Promise<{ projection: string; events: number }[]> {
    const head = (await this.store.headPosition()) ?? 0n;
    return this.started.runner.positions().map(({ projection, position }) => ({ projection, events: Number(head - (position ?? 0n)) }));
  }

  protected get orm(): ReadModelOrm {
    return this.started.orm;
  }

  protected get runner(): ProjectionRunner {
    return this.started.runner;
  }

  private get started(): { orm: ReadModelOrm; runner: ProjectionRunner } {
    if (!this.opened) throw new Error('the read model is not open yet (onModuleInit has not run)');
    return this.opened;
  }
}
