import type { EventStore } from '@platform/event-store';
import { type Projection, ProjectionCheckpointSchema, ProjectionFaultSchema, type ReadModelOrm, checkpointName } from '@platform/read-model';
import { type PlatformConfig } from '@platform/runtime';
import { byService, type ChosenProjection, liveReadModel, openLiveReadModel } from './ops-projections';
import { openServiceStore } from './ops-stores';

/** Events scanned after a checkpoint to count the lag: bounded work on a projection that is far behind. */
export const LAG_SCAN_LIMIT = 100_000;

export interface ProjectionStatus {
  service: string;
  projection: string;
  /** last position applied (undefined: nothing yet) */
  checkpoint?: string;
  head?: string;
  /** events after the checkpoint that this projection handles; `lagExact` false: at least this many */
  lagEvents: number;
  lagExact: boolean;
  /** now minus the occurredAt of the first event after the checkpoint that it handles (0: caught up) */
  lagSeconds: number;
  /** rows per table */
  rows: Record<string, number>;
  faults: number;
  lastError?: string;
  /** the read model could not be read (e.g. a table that does not exist yet) */
  error?: string;
}

/** `ops projections list`: where every projection stands against its service's event store. */
export async function projectionsList(config: PlatformConfig, chosen: readonly ChosenProjection[], report: (line: string) => void, now = new Date()): Promise<ProjectionStatus[]> {
  const statuses: ProjectionStatus[] = [];
  for (const [service, projections] of byService(chosen)) {
    const db = liveReadModel(service, config, report);
    if (!db) continue;
    const store = await openServiceStore(service, config, report);
    if (!store) continue;
    let orm: ReadModelOrm | undefined;
    try {
      orm = await openLiveReadModel(db, projections);
      const head = await store.headPosition();
      for (const projection of projections) statuses.push(await status(orm, store, service, projection, head, now));
    } finally {
      await orm?.close(true);
      await store.close();
    }
  }
  return statuses;
}

async function status(orm: ReadModelOrm, store: EventStore, service: string, projection: Projection, head: bigint | undefined, now: Date): Promise<ProjectionStatus> {
  const base: ProjectionStatus = { service, projection: projection.name, ...(head !== undefined ? { head: head.toString() } : {}), lagEvents: 0, lagExact: true, lagSeconds: 0, rows: {}, faults: 0 };
  const em = orm.em.fork();
  try {
    const row = await em.findOne(ProjectionCheckpointSchema, { name: checkpointName(projection.name) });
    const checkpoint = row ? BigInt(row.position) : undefined;
    if (checkpoint !== undefined) base.checkpoint = checkpoint.toString();
    for (const entity of projection.entities) base.rows[orm.getMetadata().get(entity.meta.className).tableName] = await em.count(entity, {});
    base.faults = await em.count(ProjectionFaultSchema, { projection: projection.name });
    const last = await em.findOne(ProjectionFaultSchema, { projection: projection.name }, { orderBy: { lastSeenAt: 'desc' } });
    if (last) base.lastError = `${last.eventType} at ${last.position}: ${last.error}`;
    Object.assign(base, await lag(store, projection, checkpoint, now));
  } catch (error) {
    base.error = error instanceof Error ? error.message : String(error);
  }
  return base;
}

/**
 * Lag counts only the events the projection handles: one that ignores the newest events is not
 * behind, although its stored checkpoint may be (the runner saves progress over ignored events lazily).
 */
async function lag(store: EventStore, projection: Projection, after: bigint | undefined, now: Date): Promise<Pick<ProjectionStatus, 'lagEvents' | 'lagExact' | 'lagSeconds'>> {
  let events = 0;
  let scanned = 0;
  let firstAt: string | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: Math.min(1000, LAG_SCAN_LIMIT - scanned) });
    if (page.length === 0) break;
    for (const e of page) {
      if (!projection.handles(e.type)) continue;
      events += 1;
      firstAt ??= e.metadata.occurredAt;
    }
    scanned += page.length;
    after = page[page.length - 1].position;
    if (scanned >= LAG_SCAN_LIMIT) {
      const more = await store.readAll({ after, maxCount: 1 });
      return { lagEvents: events, lagExact: more.length === 0, lagSeconds: seconds(now, firstAt) };
    }
  }
  return { lagEvents: events, lagExact: true, lagSeconds: seconds(now, firstAt) };
}

const seconds = (now: Date, since: string | undefined): number => (since === undefined ? 0 : Math.max(0, Math.round((now.getTime() - Date.parse(since)) / 1000)));

/** The statuses as an aligned text table. */
export function statusTable(statuses: readonly ProjectionStatus[]): string[] {
  const header = ['SERVICE', 'PROJECTION', 'CHECKPOINT', 'HEAD', 'LAG', 'LAG_S', 'ROWS', 'FAULTS', 'LAST ERROR'];
  const rows = statuses.map((s) => [
    s.service,
    s.projection,
    s.checkpoint ?? '-',
    s.head ?? '-',
    `${s.lagExact ? '' : '>'}${s.lagEvents}`,
    String(s.lagSeconds),
    Object.entries(s.rows).map(([table, n]) => `${table}=${n}`).join(' ') || '-',
    String(s.faults),
    s.error ? `cannot read: ${s.error}` : (s.lastError ?? '-'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}
