// mysqlStore against a real MySQL or MariaDB server (MYSQL_URL, default
// mysql://root@127.0.0.1:3306/test), through a mysql2 promise pool and a callback pool.
import mysql from 'mysql2';
import { afterAll, describe, expect, it } from 'vitest';
import { mysqlStore } from '../../src/stores/mysql.js';
import { findMysql, newMysqlPool } from './helpers/mysql.js';
import { sampleRecord } from './helpers/records.js';
import { uniqueName } from './helpers/services.js';
import { describeStoreBasics } from './helpers/store-basics.js';

const mysqlUrl = await findMysql();

describe.skipIf(mysqlUrl === null)('MySQL server', () => {
  const url = mysqlUrl ?? '';
  const rawRows = async (pool: ReturnType<typeof newMysqlPool>, table: string, userId: string) =>
    JSON.stringify((await pool.query(`SELECT * FROM ${table} WHERE user_id = ?`, [userId]))[0]);

  describeStoreBasics('mysqlStore (mysql2 promise pool)', async () => {
    const pool = newMysqlPool(url);
    const table = uniqueName('mfa_pool');
    const store = mysqlStore(pool, { table });
    await store.migrate();
    return {
      store,
      readRaw: (userId) => rawRows(pool, table, userId),
      teardown: async () => {
        await pool.query(`DROP TABLE IF EXISTS ${table}`);
        await pool.end();
      },
    };
  });

  describeStoreBasics('mysqlStore (mysql2 callback pool)', async () => {
    const callbackPool = mysql.createPool({ uri: url, connectionLimit: 10 });
    const raw = newMysqlPool(url, { connectionLimit: 1 });
    const table = uniqueName('mfa_callback');
    const store = mysqlStore(callbackPool, { table });
    await store.migrate();
    return {
      store,
      readRaw: (userId) => rawRows(raw, table, userId),
      teardown: async () => {
        await raw.query(`DROP TABLE IF EXISTS ${table}`);
        await raw.end();
        await callbackPool.promise().end();
      },
    };
  });

  describe('mysqlStore specifics', () => {
    const pool = newMysqlPool(url);
    const table = uniqueName('mfa_specifics');
    const store = mysqlStore(pool, { table });
    afterAll(async () => {
      await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.end();
    });

    it('migrate() from 8 separate connections at once: all succeed, one table', async () => {
      const pools = Array.from({ length: 8 }, () => newMysqlPool(url, { connectionLimit: 1 }));
      try {
        await Promise.all(pools.map((each) => mysqlStore(each, { table }).migrate()));
        await store.migrate();
        const [rows] = await pool.query(
          'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
          [table],
        );
        expect(Number((rows as { n: number }[])[0]?.n)).toBe(1);
      } finally {
        await Promise.all(pools.map((each) => each.end()));
      }
    });

    it('user ids that differ only in case, accents or trailing spaces are different accounts', async () => {
      const ids = ['Casey', 'casey', 'casey ', 'cäsey', 'casey\u0000'];
      for (const [i, userId] of ids.entries()) {
        expect(await store.compareAndSet(userId, 0, sampleRecord(userId, 1, { failedAttempts: i }))).toBe(
          true,
        );
      }
      for (const [i, userId] of ids.entries()) {
        expect(await store.get(userId)).toStrictEqual(sampleRecord(userId, 1, { failedAttempts: i }));
      }
      await store.delete('casey');
      expect(await store.get('casey')).toBeNull();
      expect(await store.get('casey ')).not.toBeNull();
    });

    it('a user id longer than the key column is refused before it can be cut short', async () => {
      const longest = 'é'.repeat(256); // 512 bytes in UTF-8: fits exactly
      expect(await store.compareAndSet(longest, 0, sampleRecord(longest))).toBe(true);
      expect(await store.get(longest)).toStrictEqual(sampleRecord(longest));
      const tooLong = `${longest}x`;
      await expect(store.get(tooLong)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.compareAndSet(tooLong, 0, sampleRecord(tooLong))).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(store.delete(tooLong)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('creates exactly the documented columns, with a binary user_id and utf8mb4 text', async () => {
      const [rows] = await pool.query(
        `SELECT column_name AS name, data_type AS type, character_set_name AS charset
           FROM information_schema.columns
          WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position`,
        [table],
      );
      expect(rows).toEqual([
        { name: 'user_id', type: 'varbinary', charset: null },
        { name: 'version', type: 'bigint', charset: null },
        { name: 'state', type: 'varchar', charset: 'utf8mb4' },
        { name: 'record', type: 'mediumtext', charset: 'utf8mb4' },
        { name: 'updated_at_ms', type: 'bigint', charset: null },
      ]);
    });

    it('without CLIENT_FOUND_ROWS (affectedRows counts changed rows) the winner still sees its write', async () => {
      const plain = newMysqlPool(url, { connectionLimit: 2, flags: ['-FOUND_ROWS'] });
      try {
        const onPlain = mysqlStore(plain, { table });
        await onPlain.compareAndSet('flags', 0, sampleRecord('flags', 1));
        expect(await onPlain.compareAndSet('flags', 1, sampleRecord('flags', 2))).toBe(true);
        expect(await onPlain.compareAndSet('flags', 1, sampleRecord('flags', 2))).toBe(false);
        expect(await onPlain.get('flags')).toStrictEqual(sampleRecord('flags', 2));
      } finally {
        await plain.end();
      }
    });
  });
});
