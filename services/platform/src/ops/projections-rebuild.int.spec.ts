import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testDatabaseUrl } from '@platform/testing';
import { rebuildSuite } from './projections-rebuild.suite';

rebuildSuite(
  'PostgreSQL',
  () => ({ kind: 'postgres', connectionString: testDatabaseUrl(), schema: `ops_rebuild_${randomBytes(4).toString('hex')}` }),
  async (db) => {
    if (db.kind !== 'postgres') return;
    const client = new Client({ connectionString: db.connectionString });
    await client.connect();
    await client.query(`drop schema if exists "${db.schema}" cascade`);
    await client.end();
  },
);
