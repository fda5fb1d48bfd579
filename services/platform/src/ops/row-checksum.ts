import { createHash } from 'node:crypto';
import type { EntityMetadata, EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { ReadModelOrm } from '@platform/read-model';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEntity = EntitySchema<any, any>;
type Row = Record<string, unknown>;

/**
 * One table's rows as the ORM hydrates them (so a date is a Date, a boolean a boolean, whatever the
 * backend stores), each turned into canonical JSON: columns in name order, dates as ISO strings,
 * keys of JSON values sorted. Two rows with the same meaning have the same checksum.
 */
export interface TableReader {
  table: string;
  /**
   * the row's primary key, as printed: `id=…` or `a=…,b=…` (every column but a generated number, for a
   * table keyed by one; identical such rows are told apart by the caller)
   */
  key(row: Row): string;
  checksum(row: Row): string;
  /** the columns whose canonical values differ */
  differences(live: Row, replayed: Row): { column: string; live: string; replayed: string }[];
  /** every row, in pages by primary key (constant memory per page) */
  rows(em: EntityManager): AsyncGenerator<Row>;
  /** the row with the primary key of `row`, or null */
  find(em: EntityManager, row: Row): Promise<Row | null>;
}

const PAGE = 1000;

export function tableReader(orm: ReadModelOrm, entity: AnyEntity): TableReader {
  const meta: EntityMetadata = orm.getMetadata().get(entity.meta.className);
  // A generated number (autoincrement) says nothing about the row, and a PostgreSQL sequence goes on
  // counting after a rebuild: such a table is compared on everything else, the row being its own key.
  const surrogate = meta.primaryKeys.length === 1 && meta.properties[meta.primaryKeys[0]].autoincrement === true;
  const columns = Object.values(meta.properties)
    .filter((p) => p.persist !== false && !p.embedded && !(surrogate && p.primary))
    .map((p) => p.name as string)
    .sort();
  const keys = surrogate ? columns : (meta.primaryKeys as string[]);
  const primary = meta.primaryKeys as string[];
  const canonical = (row: Row): Record<string, unknown> => Object.fromEntries(columns.map((c) => [c, normalise(row[c])]));
  const text = (value: unknown): string => JSON.stringify(normalise(value)) ?? 'null';
  return {
    table: meta.tableName,
    key: (row) => keys.map((k) => `${k}=${typeof row[k] === 'string' ? (row[k] as string) : text(row[k])}`).join(','),
    checksum: (row) => createHash('sha256').update(JSON.stringify(canonical(row))).digest('base64url'),
    differences(live, replayed) {
      const a = canonical(live);
      const b = canonical(replayed);
      return columns.filter((c) => JSON.stringify(a[c]) !== JSON.stringify(b[c])).map((c) => ({ column: c, live: text(a[c]), replayed: text(b[c]) }));
    },
    async *rows(em) {
      const orderBy = Object.fromEntries(primary.map((k) => [k, 'asc' as const]));
      for (let offset = 0; ; offset += PAGE) {
        const page = (await em.find(entity, {}, { orderBy, limit: PAGE, offset, disableIdentityMap: true })) as Row[];
        yield* page;
        if (page.length < PAGE) return;
      }
    },
    async find(em, row) {
      return (await em.findOne(entity, Object.fromEntries(keys.map((k) => [k, row[k] ?? null])), { disableIdentityMap: true })) as Row | null;
    },
  };
}

/** The backends' representations made alike: what the value means, not how it was stored. */
function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}
