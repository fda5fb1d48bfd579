import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { EventStore } from '@platform/event-store';
import { type Projection, ProjectionCheckpointSchema, ProjectionFaultSchema, type ReadModelDbConfig, type ReadModelOrm, checkpointName } from '@platform/read-model';
import type { PlatformConfig } from '@platform/runtime';
import { byService, type ChosenProjection, liveReadModel, openLiveReadModel } from './ops-projections';
import { openServiceStore } from './ops-stores';
import { type TableReader, tableReader } from './row-checksum';
import { openShadow, replayInto } from './shadow-replay';

/** Differing rows printed per table; the counts cover them all. */
export const SAMPLES_PER_TABLE = 20;

export interface TableComparison {
  table: string;
  rows: number;
  /** in the replay, not in the live table */
  missing: number;
  /** in the live table, not in the replay */
  extra: number;
  changed: number;
  /** up to SAMPLES_PER_TABLE lines naming differing rows by primary key */
  samples: string[];
}

export interface VerifyResult {
  service: string;
  projection: string;
  /** the live checkpoint the replay went up to (undefined: the live projection has applied nothing) */
  upTo?: string;
  /** parked events of the live projection, left out of the replay as well */
  parked: number;
  tables: TableComparison[];
  /** the live tables could not be read, or the replay failed */
  error?: string;
  equal: boolean;
}

interface LiveSnapshot {
  checkpoint: bigint | undefined;
  parked: Set<bigint>;
  /** per table: primary key → checksum */
  tables: Map<string, Map<string, string>>;
}

/**
 * `ops projections verify`: replays each projection into a shadow database from the event store, up
 * to the live checkpoint, and compares the shadow with the live tables row by row. Works while the
 * platform runs: the live rows and their checkpoint are read in one snapshot.
 */
export async function projectionsVerify(config: PlatformConfig, chosen: readonly ChosenProjection[], out: (line: string) => void, report: (line: string) => void): Promise<VerifyResult[]> {
  const results: VerifyResult[] = [];
  for (const [service, projections] of byService(chosen)) {
    const db = liveReadModel(service, config, report);
    if (!db) continue;
    const store = await openServiceStore(service, config, report);
    if (!store) continue;
    let live: ReadModelOrm | undefined;
    try {
      live = await openLiveReadModel(db, projections);
      for (const projection of projections) {
        const result = await verifyProjection(live, db, store, service, projection, report);
        results.push(result);
        for (const line of describe(result)) out(line);
      }
    } finally {
      await live?.close(true);
      await store.close();
    }
  }
  return results;
}

/** Verifies one projection of an open live read model against a replay from `store` (see projectionsVerify). */
export async function verifyProjection(live: ReadModelOrm, db: ReadModelDbConfig, store: EventStore, service: string, projection: Projection, report: (line: string) => void): Promise<VerifyResult> {
  const result: VerifyResult = { service, projection: projection.name, parked: 0, tables: [], equal: false };
  try {
    const snapshot = await readLive(live, db, projection, projection.entities.map((e) => tableReader(live, e)));
    result.parked = snapshot.parked.size;
    if (snapshot.checkpoint !== undefined) result.upTo = snapshot.checkpoint.toString();
    report(`${service}/${projection.name}: replaying up to position ${result.upTo ?? 'none'} into a shadow`);
    const shadow = await openShadow(db, projection);
    try {
      if (snapshot.checkpoint !== undefined) await replayInto(shadow, store, projection, snapshot.checkpoint, snapshot.parked);
      const em = shadow.orm.em.fork() as unknown as EntityManager;
      for (const entity of projection.entities) {
        const replayed = tableReader(shadow.orm, entity);
        result.tables.push(await compare(replayed, snapshot.tables.get(replayed.table)!, em, live.em.fork() as unknown as EntityManager, tableReader(live, entity)));
      }
    } finally {
      await shadow.dispose();
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  result.equal = result.error === undefined && result.tables.every((t) => t.missing + t.extra + t.changed === 0);
  return result;
}

/** The checkpoint, the parked events and every row's checksum, in one read transaction (a consistent snapshot). */
async function readLive(orm: ReadModelOrm, db: ReadModelDbConfig, projection: Projection, readers: TableReader[]): Promise<LiveSnapshot> {
  return orm.em.fork().transactional(
    async (txn) => {
      const em = txn as unknown as EntityManager;
      const row = await em.findOne(ProjectionCheckpointSchema, { name: checkpointName(projection.name) }, { disableIdentityMap: true });
      const faults = await em.find(ProjectionFaultSchema, { projection: projection.name }, { disableIdentityMap: true });
      const tables = new Map<string, Map<string, string>>();
      for (const reader of readers) {
        const sums = new Map<string, string>();
        const key = occurrences();
        for await (const r of reader.rows(em)) sums.set(key(reader.key(r)), reader.checksum(r));
        tables.set(reader.table, sums);
      }
      return { checkpoint: row ? BigInt(row.position) : undefined, parked: new Set(faults.map((f) => BigInt(f.position))), tables };
    },
    // SQLite's read transaction is a snapshot already (WAL); PostgreSQL needs repeatable read for one.
    db.kind === 'postgres' ? { isolationLevel: IsolationLevel.REPEATABLE_READ } : {},
  );
}

async function compare(replayed: TableReader, live: Map<string, string>, shadowEm: EntityManager, liveEm: EntityManager, liveReader: TableReader): Promise<TableComparison> {
  const result: TableComparison = { table: replayed.table, rows: 0, missing: 0, extra: 0, changed: 0, samples: [] };
  const unmatched = new Set(live.keys());
  const sample = (line: string) => {
    if (result.samples.length < SAMPLES_PER_TABLE) result.samples.push(line);
  };
  const occurrence = occurrences();
  for await (const row of replayed.rows(shadowEm)) {
    result.rows += 1;
    const key = occurrence(replayed.key(row));
    const sum = live.get(key);
    unmatched.delete(key);
    if (sum === undefined) {
      result.missing += 1;
      sample(`missing ${key} (in the replay, not in the live table)`);
    } else if (sum !== replayed.checksum(row)) {
      result.changed += 1;
      if (result.samples.length >= SAMPLES_PER_TABLE) continue;
      // Read again outside the snapshot: on a running platform the row may have moved on since.
      const now = await liveReader.find(liveEm, row);
      const columns = now ? replayed.differences(now, row).map((d) => `${d.column}: live ${clip(d.live)}, replayed ${clip(d.replayed)}`) : ['(deleted since)'];
      sample(`changed ${key}: ${columns.join('; ') || '(changed back since)'}`);
    }
  }
  for (const key of unmatched) {
    result.extra += 1;
    sample(`extra ${key} (in the live table, not in the replay)`);
  }
  return result;
}

/** Tells identical keys apart (`k`, `k #2`, …): rows of a table keyed by a generated number may repeat. */
function occurrences(): (key: string) => string {
  const seen = new Map<string, number>();
  return (key) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key} #${n}`;
  };
}

const clip = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

function describe(r: VerifyResult): string[] {
  const name = `${r.service}/${r.projection}`;
  const parked = r.parked > 0 ? `, ${r.parked} parked event(s) left out as live did` : '';
  if (r.error) return [`${name}: FAILED (up to position ${r.upTo ?? 'none'}): ${r.error}`];
  const rows = r.tables.map((t) => `${t.table} ${t.rows}`).join(', ');
  if (r.equal) return [`${name}: ok, up to position ${r.upTo ?? 'none'} (${rows} rows)${parked}`];
  const lines = [`${name}: DIFFERENT from a replay up to position ${r.upTo ?? 'none'}${parked}`];
  for (const t of r.tables.filter((t) => t.missing + t.extra + t.changed > 0)) {
    lines.push(`  ${t.table}: ${t.missing} missing, ${t.extra} extra, ${t.changed} changed`);
    for (const s of t.samples) lines.push(`    ${s}`);
  }
  return lines;
}
