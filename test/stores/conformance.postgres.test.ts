import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { postgresStore } from '../../src/stores/postgres.js';
import { describeStoreConformance } from '../../src/testing/index.js';
import { findPostgres, uniqueName } from './helpers/services.js';

const databaseUrl = await findPostgres();

describe.skipIf(databaseUrl === null)('PostgreSQL server', () => {
  const pool = new pg.Pool({ connectionString: databaseUrl ?? undefined });
  const table = uniqueName('mfa_conformance');
  const store = postgresStore(pool, { table });
  const migrated = store.migrate();
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  describeStoreConformance('postgresStore (pg Pool)', async () => {
    await migrated;
    return {
      store,
      readRaw: async (userId) =>
        JSON.stringify((await pool.query(`SELECT * FROM ${table} WHERE user_id = $1`, [userId])).rows),
    };
  });
});
