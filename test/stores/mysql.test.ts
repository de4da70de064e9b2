// mysqlStore against a real MySQL or MariaDB server (MYSQL_URL, default
// mysql://root@127.0.0.1:3306/test): what is particular to MySQL. The contract itself is checked by
// conformance.mysql.test.ts, through a promise pool and a callback pool.
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_USER_ID_LENGTH } from '../../src/shared/index.js';
import { mysqlStore } from '../../src/stores/mysql.js';
import { sampleRecord } from '../../src/testing/index.js';
import { findMysql, newMysqlPool } from './helpers/mysql.js';
import { uniqueName } from './helpers/services.js';

const mysqlUrl = await findMysql();

describe.skipIf(mysqlUrl === null)('MySQL server', () => {
  const url = mysqlUrl ?? '';
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

    it('the longest user id the service accepts fits the key column whole; a longer one is refused', async () => {
      const longest = '€'.repeat(MAX_USER_ID_LENGTH); // 3 bytes each in UTF-8: the column's width
      expect(await store.compareAndSet(longest, 0, sampleRecord(longest))).toBe(true);
      expect(await store.get(longest)).toStrictEqual(sampleRecord(longest));
      expect(await store.get(`${longest.slice(1)}x`)).toBeNull();
      const tooLong = `${longest}€`;
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
