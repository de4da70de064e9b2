import { afterAll, describe } from 'vitest';
import { mysqlStore } from '../../src/stores/mysql.js';
import { describeStoreConformance } from '../../src/testing/index.js';
import { findMysql, newMysqlPool } from './helpers/mysql.js';
import { uniqueName } from './helpers/services.js';

const mysqlUrl = await findMysql();

describe.skipIf(mysqlUrl === null)('MySQL server', () => {
  const pool = newMysqlPool(mysqlUrl ?? '');
  const table = uniqueName('mfa_conformance');
  const store = mysqlStore(pool, { table });
  const migrated = store.migrate();
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  describeStoreConformance('mysqlStore (mysql2 promise pool)', async () => {
    await migrated;
    return {
      store,
      readRaw: async (userId) =>
        JSON.stringify((await pool.query(`SELECT * FROM ${table} WHERE user_id = ?`, [userId]))[0]),
    };
  });
});
