/**
 * Substring search over certificate names without reading every name: a trigram index, which no
 * entity schema can declare. SQLite: an FTS5 table with the trigram tokenizer (better-sqlite3 builds
 * SQLite with FTS5) over `certificate_listing_name`, kept by triggers, so the projection writes names
 * through the unit of work like any row and a rebuild's delete empties it too. PostgreSQL: a GIN
 * index with pg_trgm's operator class, which `name LIKE '%...%'` uses.
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { ReadModelBackend } from '@platform/read-model';

const SQLITE = [
  `create virtual table if not exists certificate_listing_name_fts using fts5(name, content='certificate_listing_name', content_rowid='id', tokenize='trigram')`,
  `create trigger if not exists certificate_listing_name_fts_insert after insert on certificate_listing_name begin
     insert into certificate_listing_name_fts(rowid, name) values (new.id, new.name);
   end`,
  `create trigger if not exists certificate_listing_name_fts_delete after delete on certificate_listing_name begin
     insert into certificate_listing_name_fts(certificate_listing_name_fts, rowid, name) values ('delete', old.id, old.name);
   end`,
];

export async function prepareNameSearch(em: EntityManager, backend: ReadModelBackend): Promise<void> {
  if (backend === 'sqlite') {
    for (const statement of SQLITE) await em.execute(statement);
    return;
  }
  const schema = em.config.get('schema') as string;
  // One database, one pg_trgm, whichever schema (service) asks first; serialised across schemas.
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', ['read-model-ddl:pg_trgm']);
  let [installed] = await em.execute<{ schema: string }[]>(
    "select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'",
  );
  if (!installed) {
    // A role that may not create it (no CREATE on the database) leaves substring search unindexed:
    // still right, slower on large read models; the operator installs pg_trgm once.
    const [{ allowed }] = await em.execute<{ allowed: boolean }[]>(
      "select has_database_privilege(current_database(), 'CREATE') and exists (select 1 from pg_available_extensions where name = 'pg_trgm') as allowed",
    );
    if (!allowed) return;
    await em.execute('create extension if not exists pg_trgm with schema public');
    installed = { schema: 'public' };
  }
  const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
  await em.execute(
    `create index if not exists certificate_listing_name_trgm on ${quote(schema)}.certificate_listing_name using gin (name ${quote(installed.schema)}.gin_trgm_ops)`,
  );
}
