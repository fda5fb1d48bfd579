/** Opens a read model, an event store and a runner for one test, and closes them all afterwards. */
import { type EventStore, SqliteEventStore } from '@platform/event-store';
import {
  openReadModelOrm,
  type Projection,
  ProjectionCheckpointSchema,
  ProjectionFaultSchema,
  type ProjectionLogger,
  ProjectionRunner,
  type ReadModelDbConfig,
  type ReadModelOrm,
} from '../src';
import {
  CertificateListItemSchema,
  CertificateListProjection,
  OrganisationTallyProjection,
  OrganisationTallySchema,
  readModelEntities,
} from './certificate-list.fixture';

export class CapturingLogger implements ProjectionLogger {
  readonly errors: unknown[] = [];
  readonly errorMessages: string[] = [];
  log(): void {}
  warn(): void {}
  error(message: string, error?: unknown): void {
    this.errors.push(error);
    this.errorMessages.push(message);
  }
}

export class Harness {
  private readonly closers: Array<() => Promise<void>> = [];
  readonly store: EventStore = SqliteEventStore.open(':memory:');

  constructor(readonly config: ReadModelDbConfig) {
    this.closers.push(() => this.store.close());
  }

  async openOrm(): Promise<ReadModelOrm> {
    const orm = await openReadModelOrm(this.config, readModelEntities);
    this.closers.push(() => orm.close(true));
    return orm;
  }

  /** A runner over fresh projection instances (application counts start at 0). */
  /** Events are never parked unless a test asks for it (maxAttempts): the retry tests fix the fault by hand. */
  runner(orm: ReadModelOrm, opts: { batchSize?: number; liveDelayMs?: number; maxAttempts?: number } = {}) {
    const list = new CertificateListProjection();
    const tally = new OrganisationTallyProjection();
    const logger = new CapturingLogger();
    const projections: Projection[] = [list, tally];
    const runner = new ProjectionRunner({ orm, store: this.store, projections, logger, retryDelayMs: 20, maxAttempts: Infinity, ...opts });
    this.closers.push(() => runner.stop());
    return { runner, list, tally, logger };
  }

  /** Closes in reverse order of opening: runners before the ORM and the store. */
  async close(): Promise<void> {
    for (const close of this.closers.reverse()) await close();
  }
}

/** Rows as plain data, in a stable order, for comparisons. */
export async function certificateRows(orm: ReadModelOrm) {
  const rows = await orm.em.fork().find(CertificateListItemSchema, {}, { orderBy: { id: 'asc' } });
  return rows.map((r) => ({
    ...r,
    issuedAt: r.issuedAt.toISOString(),
    revokedAt: r.revokedAt ? r.revokedAt.toISOString() : null,
  }));
}

export async function tallyRows(orm: ReadModelOrm) {
  const rows = await orm.em.fork().find(OrganisationTallySchema, {}, { orderBy: { organisationId: 'asc' } });
  return rows.map((r) => ({ ...r }));
}

export async function faultRows(orm: ReadModelOrm) {
  const rows = await orm.em.fork().find(ProjectionFaultSchema, {}, { orderBy: { id: 'asc' } });
  return rows.map((r) => ({ ...r }));
}

export async function storedCheckpoint(orm: ReadModelOrm, projection: string): Promise<bigint | undefined> {
  const row = await orm.em.fork().findOne(ProjectionCheckpointSchema, { name: `projection:${projection}` });
  return row ? BigInt(row.position) : undefined;
}

/** Test-side polling for states the runner has no signal for (e.g. "has failed twice"). */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
