import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';

/** The PostgreSQL that int tests use: DATABASE_URL, else the local trust-auth server. */
export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export interface TemporarySchema {
  schema: string;
  /** testDatabaseUrl() with `search_path` set to the schema, for code that does not qualify names */
  connectionString: string;
  /** drops the schema and everything in it */
  drop(): Promise<void>;
}

/** A fresh, randomly named schema, so that test runs never see each other's rows. */
export async function createTemporarySchema(prefix = 'test'): Promise<TemporarySchema> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const base = testDatabaseUrl();
  await withClient(base, (c) => c.query(`CREATE SCHEMA ${escapeIdentifier(schema)}`));
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    connectionString: url.toString(),
    drop: () => withClient(base, (c) => c.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`)),
  };
}

/** Runs `fn` with a temporary schema and drops it afterwards, whatever happens. */
export async function withTemporarySchema<T>(fn: (schema: TemporarySchema) => Promise<T>, prefix?: string): Promise<T> {
  const schema = await createTemporarySchema(prefix);
  try {
    return await fn(schema);
  } finally {
    await schema.drop();
  }
}

async function withClient(connectionString: string, fn: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
