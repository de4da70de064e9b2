import mysql from 'mysql2';
import { afterAll, describe, it } from 'vitest';
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
  // A callback pool too (the store takes its .promise()), with a table of its own.
  const callbackPool = mysql.createPool({ uri: mysqlUrl ?? '', connectionLimit: 10 });
  const callbackTable = uniqueName('mfa_conformance_cb');
  const callbackStore = mysqlStore(callbackPool, { table: callbackTable });
  const callbackMigrated = callbackStore.migrate();
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}, ${callbackTable}`);
    await pool.end();
    await callbackPool.promise().end();
  });

  describeStoreConformance(
    'mysqlStore (mysql2 promise pool)',
    async () => {
      await migrated;
      return {
        store,
        readRaw: async (userId) =>
          JSON.stringify((await pool.query(`SELECT * FROM ${table} WHERE user_id = ?`, [userId]))[0]),
      };
    },
    { describe, it },
  );

  describeStoreConformance(
    'mysqlStore (mysql2 callback pool)',
    async () => {
      await callbackMigrated;
      return {
        store: callbackStore,
        readRaw: async (userId) =>
          JSON.stringify((await pool.query(`SELECT * FROM ${callbackTable} WHERE user_id = ?`, [userId]))[0]),
      };
    },
    { describe, it },
  );
});
