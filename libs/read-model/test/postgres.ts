/** The real PostgreSQL of the int tier: one fresh schema per test, all dropped when the file ends. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { ReadModelDbConfig } from '../src';

export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export class TestSchemas {
  private readonly base = `read_model_${randomBytes(4).toString('hex')}`;
  private readonly created: string[] = [];

  next(): Extract<ReadModelDbConfig, { kind: 'postgres' }> {
    const schema = `${this.base}_${this.created.length + 1}`;
    this.created.push(schema);
    return { kind: 'postgres', connectionString: databaseUrl, schema };
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  async dropAll(): Promise<void> {
    if (this.created.length === 0) return;
    await this.query(this.created.map((s) => `drop schema if exists "${s}" cascade;`).join('\n'));
  }
}
