/**
 * The listing's SQL, one statement for both backends: the caller's scope, every filter and the order,
 * with every value a bound parameter (`?`); only table and column names, fixed here, are in the text.
 * Kept apart from the projection so that the bench and the tests time and read the very same query.
 */
import { type CertificateSummary, Issuance } from '@platform/contracts';
import { type Actor, visibleDepartments, visibleOrganisations } from '@platform/kernel';
import type { ReadModelBackend } from '@platform/read-model';

export type ListFilters = Omit<Issuance.ListCertificatesRequest, 'actor'>;

export interface Sql {
  text: string;
  params: unknown[];
}

/** Table names as the statements use them (schema-qualified on PostgreSQL, where raw SQL does not get MikroORM's schema). */
export interface ListingTables {
  rows: string;
  names: string;
  /** SQLite only: the FTS5 trigram table over names */
  namesFts: string;
}

export const listingTables = (backend: ReadModelBackend, schema?: string): ListingTables => {
  const q = (table: string) => (backend === 'postgres' && schema ? `"${schema.replace(/"/g, '""')}"."${table}"` : `"${table}"`);
  return { rows: q('certificate_listing'), names: q('certificate_listing_name'), namesFts: q('certificate_listing_name_fts') };
};

const DAY_MS = 86_400_000;

const ORDER_BY: Record<ListFilters['sort'], string> = {
  '-issuedAt': 'issued_at desc, id desc',
  issuedAt: 'issued_at asc, id asc',
  '-notAfter': 'not_after desc, id desc',
  notAfter: 'not_after asc, id asc',
};

/** A LIKE pattern for `text` anywhere, with the wildcards in it taken literally (escaped with a backslash, PostgreSQL's default escape). */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** An FTS5 phrase: with the trigram tokenizer, rows holding `text` as a substring. */
const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * The WHERE clause of a listing, or undefined when the caller can see nothing that matches (an
 * organisation outside its scope, a DRAO without departments there). `now` is issuance's clock, for
 * `expiringWithinDays`.
 */
export function listingWhere(actor: Actor, q: ListFilters, now: Date, backend: ReadModelBackend, tables: ListingTables): Sql | undefined {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  // SQLite keeps MikroORM datetimes as milliseconds; PostgreSQL as timestamptz.
  const instant = (iso: string | Date) => (backend === 'sqlite' ? new Date(iso).getTime() : new Date(iso));

  const visible = visibleOrganisations(actor);
  /** the organisations the rows can be of, when that is narrower than every one */
  let organisations: string[] | undefined;
  if (visible) {
    // Per organisation: the whole of it (RAO) or its departments (DRAO), never a certificate of another.
    const scopes: string[] = [];
    organisations = [];
    for (const organisationId of visible) {
      if (q.organisationId && organisationId !== q.organisationId) continue;
      const departments = visibleDepartments(actor, organisationId);
      if (departments === undefined) {
        scopes.push('organisation_id = ?');
        params.push(organisationId);
      } else if (departments.length > 0) {
        scopes.push(`(organisation_id = ? and department_id in (${departments.map(() => '?').join(', ')}))`);
        params.push(organisationId, ...departments);
      } else continue;
      organisations.push(organisationId);
    }
    if (scopes.length === 0) return undefined;
    where.push(scopes.length === 1 ? scopes[0] : `(${scopes.join(' or ')})`);
  } else if (q.organisationId) {
    add('organisation_id = ?', q.organisationId);
    organisations = [q.organisationId];
  }

  if (q.departmentId) add('department_id = ?', q.departmentId);
  if (q.status) add('status = ?', q.status);
  if (q.certificateType) add('certificate_type = ?', q.certificateType);
  if (q.requestedBy) add('requested_by = ?', q.requestedBy);
  if (q.method) add('method = ?', q.method);
  if (q.keyType) add('key_type = ?', q.keyType);
  if (q.name) {
    const name = q.name.toLowerCase();
    if (q.nameMatch === 'exact') add(`id in (select certificate_id from ${tables.names} where name = ?)`, name);
    // Within organisations (an RAO's, a DRAO's, one asked for), their names are read from one index
    // range: cheaper than a trigram search for a common substring, whose postings span every organisation.
    else if (organisations)
      add(
        `id in (select certificate_id from ${tables.names} where organisation_id in (${organisations.map(() => '?').join(', ')}) and name like ? escape '\\')`,
        ...organisations,
        containsPattern(name),
      );
    else if (backend === 'sqlite')
      add(`id in (select n.certificate_id from ${tables.names} n where n.id in (select rowid from ${tables.namesFts} where ${tables.namesFts} match ?))`, ftsPhrase(name));
    else add(`id in (select certificate_id from ${tables.names} where name like ?)`, containsPattern(name));
  }
  if (q.issuedFrom) add('issued_at >= ?', instant(q.issuedFrom));
  if (q.issuedTo) add('issued_at <= ?', instant(q.issuedTo));
  if (q.expiresFrom) add('not_after >= ?', instant(q.expiresFrom));
  if (q.expiresTo) add('not_after <= ?', instant(q.expiresTo));
  if (q.expiringWithinDays !== undefined) {
    add('not_after >= ?', instant(now));
    add('not_after <= ?', instant(new Date(now.getTime() + q.expiringWithinDays * DAY_MS)));
  }
  if (q.revokedFrom) add('revoked_at >= ?', instant(q.revokedFrom));
  if (q.revokedTo) add('revoked_at <= ?', instant(q.revokedTo));
  return { text: where.length ? `where ${where.join(' and ')}` : '', params };
}

/** The page's rows, in the order asked for, the id last so that equal dates never swap between pages. */
export function pageQuery(where: Sql, q: ListFilters, tables: ListingTables): Sql {
  return {
    text: `select * from ${tables.rows} ${where.text} order by ${ORDER_BY[q.sort]} limit ? offset ?`,
    params: [...where.params, q.pageSize, (q.page - 1) * q.pageSize],
  };
}

/**
 * How many rows match, counted up to Issuance.LIST_COUNT_LIMIT + 1: an exact count of a million rows costs
 * more than the page itself, and past ten thousand a listing is narrowed, not paged through.
 */
export function countQuery(where: Sql, tables: ListingTables): Sql {
  return { text: `select count(*) as n from (select 1 from ${tables.rows} ${where.text} limit ?) matching`, params: [...where.params, Issuance.LIST_COUNT_LIMIT + 1] };
}

/** A row as the database hands it back (snake_case; dates as milliseconds on SQLite, Date on PostgreSQL). */
export type ListingRecord = Record<string, unknown>;

const iso = (value: unknown) => new Date(value as string | number | Date).toISOString();

export function toSummary(r: ListingRecord): CertificateSummary {
  return {
    id: r.id as string,
    organisationId: r.organisation_id as string,
    ...(r.department_id ? { departmentId: r.department_id as string } : {}),
    status: r.status as CertificateSummary['status'],
    commonName: r.common_name as string,
    names: (r.names as string).split(' '),
    serialNumber: r.serial_number as string,
    keyAlgorithm: r.key_algorithm as string,
    keyType: r.key_type as string,
    certificateType: r.certificate_type as CertificateSummary['certificateType'],
    profile: r.profile as string,
    issuerId: r.issuer_id as string,
    method: r.method as CertificateSummary['method'],
    notBefore: iso(r.not_before),
    notAfter: iso(r.not_after),
    requestedBy: r.requested_by as string,
    issuedAt: iso(r.issued_at),
    ...(r.revoked_at !== null && r.revoked_at !== undefined ? { revokedAt: iso(r.revoked_at) } : {}),
    ...(r.revocation_reason ? { revocationReason: r.revocation_reason as CertificateSummary['revocationReason'] } : {}),
  };
}

/** 'RSA 2048' → 'rsa-2048', 'ECDSA P-256' → 'ecdsa-p256': the key as a query parameter can name it. */
export const keyTypeOf = (keyAlgorithm: string): string => {
  const [algorithm, size = ''] = keyAlgorithm.toLowerCase().split(' ');
  return `${algorithm}-${size.replace('-', '')}`;
};
