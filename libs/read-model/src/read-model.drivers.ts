import { type Configuration, JsonProperty, type Transaction, Utils } from '@mikro-orm/core';
import { AbstractSqlConnection, AbstractSqlDriver, type AbstractSqlPlatform, type Knex } from '@mikro-orm/knex';

/**
 * MikroORM 6 writes every value into the SQL text (`platform.formatQuery`) and sends the query without
 * parameters (mikro-orm#6827: deliberate in the knex era). A string holding a NUL then cuts the
 * statement short on SQLite (`SQLITE_ERROR`), so one odd value in one event stopped a projection. These
 * drivers send the same statements with the values as bound parameters instead: what an event holds
 * reaches the database byte for byte, or not at all.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SqlConnectionClass = new (...args: any[]) => AbstractSqlConnection;

export interface BoundQuery {
  sql: string;
  bindings: unknown[];
}

/**
 * The placeholders of a MikroORM query (`?` a value, `??` an identifier, `\?` a literal question mark,
 * as `Platform.formatQuery` reads them), each value kept as a binding. Arrays expand to one
 * placeholder per element and raw fragments are bound recursively, as formatQuery would inline them.
 */
export function bindParameters(platform: AbstractSqlPlatform, sql: string, params: readonly unknown[], toBinding: (value: unknown) => unknown): BoundQuery {
  const bindings: unknown[] = [];
  const placeholder = (value: unknown): string => {
    if (Utils.isRawSql(value)) {
      const inner = bindParameters(platform, value.sql, value.params ?? [], toBinding);
      bindings.push(...inner.bindings);
      return inner.sql;
    }
    if (platform.isRaw(value)) return String(value); // a knex Raw renders itself, as formatQuery does
    if (Array.isArray(value) && !(value as { [JsonProperty]?: boolean })[JsonProperty]) {
      return value.map((v) => (Array.isArray(v) ? `(${placeholder(v)})` : placeholder(v))).join(', ');
    }
    bindings.push(toBinding(Utils.isPlainObject(value) || (value as { [JsonProperty]?: boolean } | null)?.[JsonProperty] ? JSON.stringify(value) : value));
    return '?';
  };
  let out = '';
  let next = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === '\\' && sql[i + 1] === '?') {
      out += '\\?'; // knex's own escape: PostgreSQL's client turns it back into a literal `?`
      i++;
    } else if (c === '?' && sql[i + 1] === '?') {
      out += platform.quoteIdentifier(params[next++] as string);
      i++;
    } else if (c === '?') {
      out += placeholder(params[next++]);
    } else {
      out += c;
    }
  }
  return { sql: out, bindings };
}

/** A connection class like `Base`, whose `execute` sends values as bound parameters. */
function withBoundParameters<C extends SqlConnectionClass>(Base: C, toBinding: (value: unknown) => unknown): C {
  // Abstract to the compiler only: Base is a concrete driver connection at run time.
  abstract class BoundParametersConnection extends Base {
    override async execute<T>(
      queryOrKnex: string | Knex.QueryBuilder | Knex.Raw,
      params: unknown[] = [],
      method: 'all' | 'get' | 'run' = 'all',
      ctx?: Transaction,
      loggerContext?: Parameters<AbstractSqlConnection['execute']>[4],
    ): Promise<T> {
      await this.ensureConnection();
      let sql: string;
      if (typeof queryOrKnex === 'string') sql = queryOrKnex;
      else {
        ctx ??= (queryOrKnex as unknown as { client: { transacting?: boolean } }).client.transacting ? (queryOrKnex as unknown as Transaction) : undefined;
        const compiled = queryOrKnex.toSQL();
        sql = compiled.sql;
        params = [...(compiled.bindings ?? [])];
      }
      sql = this.config.get('onQuery')(sql, params);
      const bound = params.length === 0 ? { sql, bindings: [] } : bindParameters(this.platform as AbstractSqlPlatform, sql, params, toBinding);
      return this.executeQuery(
        sql,
        async () => {
          // Without parameters, knex must not look for placeholders at all (a `?` may sit in a literal).
          const query = bound.bindings.length === 0 ? this.getKnex().raw(bound.sql) : this.getKnex().raw(bound.sql, bound.bindings as Knex.RawBinding[]);
          if (ctx) query.transacting(ctx as Knex.Transaction);
          return this.transformRawResult<T>(await query, method);
        },
        { query: sql, params, ...loggerContext },
      );
    }
  }
  return BoundParametersConnection as unknown as C;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A lone surrogate has no UTF-8 form: better-sqlite3 would write invalid UTF-8 (read back as three
 * U+FFFD), pg one U+FFFD. Such strings must never get this far (the edges refuse them), but an old
 * event may hold one: the read model stores U+FFFD in its place on both backends.
 */
const wellFormed = (value: string): string => value.replace(LONE_SURROGATE, '\uFFFD');

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; knex turns dates and booleans into numbers. */
const sqliteBinding = (value: unknown): unknown => {
  if (value === undefined) return null;
  return typeof value === 'string' ? wellFormed(value) : value;
};

/** PostgreSQL text cannot hold U+0000 (22P05): the read model stores U+FFFD in its place, as for a lone surrogate. */
const postgresBinding = (value: unknown): unknown => {
  if (value === undefined) return null;
  return typeof value === 'string' ? wellFormed(value).replaceAll('\u0000', '\uFFFD') : value;
};

export async function boundSqliteDriver() {
  const { BetterSqliteConnection, BetterSqlitePlatform } = await import('@mikro-orm/better-sqlite');
  const connection = withBoundParameters(BetterSqliteConnection as unknown as SqlConnectionClass, sqliteBinding);
  return class BoundBetterSqliteDriver extends AbstractSqlDriver {
    constructor(config: Configuration) {
      super(config, new BetterSqlitePlatform(), connection as never, ['knex', 'better-sqlite3']);
    }
  };
}

export async function boundPostgresDriver() {
  const { PostgreSqlConnection, PostgreSqlPlatform } = await import('@mikro-orm/postgresql');
  const connection = withBoundParameters(PostgreSqlConnection as unknown as SqlConnectionClass, postgresBinding);
  return class BoundPostgreSqlDriver extends AbstractSqlDriver {
    constructor(config: Configuration) {
      super(config, new PostgreSqlPlatform(), connection as never, ['knex', 'pg']);
    }
  };
}
