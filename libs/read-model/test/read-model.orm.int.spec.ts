import { openReadModelOrm, type ReadModelOrm } from '../src';
import { CertificateListItemSchema, readModelEntities } from './certificate-list.fixture';
import { TestSchemas } from './postgres';

describe('openReadModelOrm on PostgreSQL', () => {
  const schemas = new TestSchemas();
  const opened: ReadModelOrm[] = [];
  afterEach(async () => {
    for (const orm of opened.splice(0)) await orm.close(true);
  });
  afterAll(() => schemas.dropAll());

  const tablesIn = async (schema: string): Promise<string[]> =>
    (
      await schemas.query<{ table_name: string }>(
        'select table_name from information_schema.tables where table_schema = $1 order by table_name',
        [schema],
      )
    ).map((r) => r.table_name);

  it('creates the schema and its tables, even when several instances start at once', async () => {
    const config = schemas.next();
    // Without the advisory lock these race on CREATE SCHEMA / CREATE TABLE and some fail.
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => openReadModelOrm(config, readModelEntities)));
    for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await tablesIn(config.schema)).toEqual(['certificate_list', 'organisation_tally', 'projection_checkpoint', 'projection_fault']);
    expect(await tablesIn('public')).not.toContain('certificate_list');
  });

  it('opens an existing schema without touching its rows or tables it does not know', async () => {
    const config = schemas.next();
    await schemas.query(`create schema "${config.schema}"; create table "${config.schema}".other_service (id int)`);
    const first = await openReadModelOrm(config, readModelEntities);
    opened.push(first);
    await first.em.fork().insert(CertificateListItemSchema, {
      id: 'c1',
      organisationId: 'org-a',
      status: 'issued',
      names: 'a.example',
      issuedAt: new Date('2026-01-01T00:00:00Z'),
      revokedAt: null,
      eventCount: 1,
    });

    opened.push(await openReadModelOrm(config, []));
    const again = await openReadModelOrm(config, readModelEntities);
    opened.push(again);
    expect(await again.em.fork().count(CertificateListItemSchema)).toBe(1);
    expect(await tablesIn(config.schema)).toEqual([
      'certificate_list',
      'organisation_tally',
      'other_service',
      'projection_checkpoint',
      'projection_fault',
    ]);
  });

  it('reports a connection failure without the password', async () => {
    const config = { ...schemas.next(), connectionString: 'postgres://someone:s3cret-pw@127.0.0.1:1/test' };
    const error = await openReadModelOrm(config, readModelEntities).then(
      () => undefined,
      (e: unknown) => e,
    );
    // (not toBeInstanceOf: errors from pg's realm are not jest's Error)
    const { message, stack } = error as Error;
    expect(message).toMatch(/ECONNREFUSED/);
    expect(`${message}${stack}`).not.toContain('s3cret-pw');
  });

  it('read-only: creates no schema and refuses writes', async () => {
    const config = schemas.next();
    const orm = await openReadModelOrm(config, readModelEntities, undefined, { readOnly: true });
    opened.push(orm);
    expect(await tablesIn(config.schema)).toEqual([]);
    await expect(orm.em.getConnection().execute('create table public.ops_read_only_probe (x int)')).rejects.toThrow(/read-only transaction/);
  });
});
