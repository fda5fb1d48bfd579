/**
 * Values reach the read model's SQL as bound parameters, never inlined into the statement: run
 * against each backend (SQLite in the unit tier, PostgreSQL in the int tier).
 */
import { openReadModelOrm, type ReadModelDbConfig, type ReadModelOrm } from '../src';
import { CertificateListItemSchema, readModelEntities } from './certificate-list.fixture';

/** Strings a hostile or careless client could get into an event. */
export const awkward = {
  nul: 'PO\u0000X',
  quote: "O'Brien's \"PO\"",
  backslash: 'C:\\po\\1\\',
  question: 'what? ?? \\? $1 :name',
  loneSurrogate: 'x\uD800y',
  emoji: 'café 😀',
};

export interface DriverSuiteOptions {
  newDatabase(): Promise<ReadModelDbConfig>;
  /** how the backend stores each awkward string */
  stored: Record<keyof typeof awkward, string>;
}

export function readModelDriverSuite({ newDatabase, stored }: DriverSuiteOptions): void {
  let orm: ReadModelOrm;
  beforeEach(async () => {
    orm = await openReadModelOrm(await newDatabase(), readModelEntities);
  });
  afterEach(() => orm.close(true));

  const row = (id: string, names: string) => ({
    id,
    organisationId: 'org-a',
    status: 'issued',
    names,
    issuedAt: new Date('2026-01-01T12:00:00Z'),
    revokedAt: null,
    eventCount: 1,
  });
  const names = async () => {
    const rows = await orm.em.fork().find(CertificateListItemSchema, {}, { orderBy: { id: 'asc' } });
    return Object.fromEntries(rows.map((r) => [r.id, r.names]));
  };
  const keys = Object.keys(awkward) as (keyof typeof awkward)[];

  it('stores awkward strings through the unit of work (one multi-row insert, then updates), sent as parameters', async () => {
    const statements: { sql: string; bindings: unknown[] }[] = [];
    orm.em.getConnection().getKnex().on('query', (q: { sql: string; bindings?: unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] }));
    const em = orm.em.fork();
    for (const key of keys) em.create(CertificateListItemSchema, row(key, awkward[key]));
    await em.flush();
    expect(await names()).toEqual(stored);

    const insert = statements.find((s) => /^insert into/i.test(s.sql))!;
    expect(insert.bindings).toContain(awkward.quote);
    expect(insert.sql).not.toContain('Brien');

    // Changed rows are written in one batched update.
    const managed = await em.find(CertificateListItemSchema, {});
    for (const r of managed) r.names = `${r.names}|${awkward.nul}`;
    await em.flush();
    const after = await names();
    for (const key of keys) expect(after[key]).toBe(`${stored[key]}|${stored.nul}`);
  });

  it('finds by awkward strings and lists of them, and runs native SQL with them as parameters', async () => {
    const em = orm.em.fork();
    await em.insertMany(CertificateListItemSchema, keys.map((key) => row(key, awkward[key])));
    for (const key of keys) {
      const found = await orm.em.fork().find(CertificateListItemSchema, { names: awkward[key] });
      expect([key, found.map((r) => r.id)]).toEqual([key, [key]]);
    }
    const some = await orm.em.fork().find(CertificateListItemSchema, { names: { $in: [awkward.nul, awkward.quote, 'none'] } }, { orderBy: { id: 'asc' } });
    expect(some.map((r) => r.id)).toEqual(['nul', 'quote']);

    await orm.em.fork().nativeUpdate(CertificateListItemSchema, { id: 'question' }, { status: awkward.question });
    const schema = orm.config.get('schema');
    const table = `${schema ? `${schema}.` : ''}${CertificateListItemSchema.meta.tableName}`;
    const rows: { id: string }[] = await orm.em.fork().execute(`select id from ${table} where status = ? and names = ?`, [awkward.question, awkward.question]);
    expect(rows.map((r) => r.id)).toEqual(['question']);
  });
}
