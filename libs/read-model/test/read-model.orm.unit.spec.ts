import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadModelOrm, type ReadModelOrm } from '../src';
import { CertificateListItemSchema, readModelEntities } from './certificate-list.fixture';

describe('openReadModelOrm on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-model-orm-'));
  const opened: ReadModelOrm[] = [];
  const open = async (filename: string, entities = readModelEntities) => {
    const orm = await openReadModelOrm({ kind: 'sqlite', filename }, entities);
    opened.push(orm);
    return orm;
  };
  afterEach(async () => {
    for (const orm of opened.splice(0)) await orm.close(true);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tables = (filename: string): string[] => {
    const db = new Database(filename, { readonly: true });
    try {
      const rows = db.prepare("select name from sqlite_master where type = 'table' order by name").all();
      return (rows as { name: string }[]).map((r) => r.name);
    } finally {
      db.close();
    }
  };

  it('creates the checkpoint table and the entities, also in a directory that does not exist yet', async () => {
    const filename = join(dir, 'nested', 'a.sqlite');
    await open(filename);
    expect(tables(filename)).toEqual(expect.arrayContaining(['certificate_list', 'organisation_tally', 'projection_checkpoint']));
  });

  it('opens an existing database without touching its rows or tables it does not know', async () => {
    const filename = join(dir, 'b.sqlite');
    const first = await open(filename);
    await first.em.fork().insert(CertificateListItemSchema, {
      id: 'c1',
      organisationId: 'org-a',
      status: 'issued',
      names: 'a.example',
      issuedAt: new Date('2026-01-01T00:00:00Z'),
      revokedAt: null,
      eventCount: 1,
    });
    await first.close(true);
    opened.splice(0);

    // Reopened by a service that knows only the checkpoint table: nothing may be dropped.
    await (await open(filename, [])).close(true);
    const again = await open(filename);
    expect(await again.em.fork().count(CertificateListItemSchema)).toBe(1);
    expect(tables(filename)).toEqual(expect.arrayContaining(['certificate_list', 'organisation_tally']));
  });

  it('refuses the global EntityManager, so no unit of work leaks state into another', async () => {
    const orm = await open(join(dir, 'c.sqlite'));
    await expect(orm.em.find(CertificateListItemSchema, {})).rejects.toThrow(/global EntityManager/);
  });

  it('read-only: changes nothing (no table made for a new entity) and refuses writes', async () => {
    const filename = join(dir, 'd.sqlite');
    await (await open(filename, [])).close(true);
    opened.splice(0);
    const before = tables(filename);
    const orm = await openReadModelOrm({ kind: 'sqlite', filename }, readModelEntities, undefined, { readOnly: true });
    opened.push(orm);
    expect(tables(filename)).toEqual(before);
    expect(before).not.toContain('certificate_list');
    await expect(orm.em.fork().count(CertificateListItemSchema, {})).rejects.toThrow(/no such table/);
    // The message, not rejects.toThrow: better-sqlite3's error class comes from the first test file's realm (a native module is loaded once).
    const write = await orm.em.getConnection().execute('create table t (x int)').then(() => 'written', (e: Error) => e.message);
    expect(write).toMatch(/readonly database/);
  });
});
