import { afterAll, describe, it } from 'vitest';
import { postgresStore } from '../../src/stores/postgres.js';
import { describeStoreConformance } from '../../src/testing/index.js';
import { newPostgresJs } from './helpers/postgresjs.js';
import { findPostgres, uniqueName } from './helpers/services.js';

const databaseUrl = await findPostgres();

describe.skipIf(databaseUrl === null)('PostgreSQL server', () => {
  const sql = newPostgresJs(databaseUrl ?? '');
  const table = uniqueName('mfa_conformance_js');
  const store = postgresStore(sql, { table });
  const migrated = store.migrate();
  afterAll(async () => {
    await sql.unsafe(`DROP TABLE IF EXISTS ${table}`);
    await sql.end();
  });

  describeStoreConformance(
    'postgresStore (postgres.js)',
    async () => {
      await migrated;
      return {
        store,
        readRaw: async (userId) =>
          JSON.stringify(await sql.unsafe(`SELECT * FROM ${table} WHERE user_id = $1`, [userId])),
      };
    },
    { describe, it },
  );
});
