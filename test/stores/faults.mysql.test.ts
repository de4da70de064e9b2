// MySQL: the connection carrying a compare-and-set is cut (before the server runs it, or before
// its reply arrives): the service gets STORE_ERROR, accepts nothing, and the account is whole.
import { afterAll, describe } from 'vitest';
import { mysqlStore } from '../../src/stores/mysql.js';
import { itFailsClosedOnACutConnection } from './helpers/faults.js';
import { findMysql, newMysqlPool } from './helpers/mysql.js';
import { uniqueName } from './helpers/services.js';

const mysqlUrl = await findMysql();

describe.skipIf(mysqlUrl === null)('MySQL: connection cut during a verify', () => {
  const url = new URL(mysqlUrl ?? 'mysql://root@127.0.0.1:3306/test');
  const table = uniqueName('mfa_faults');
  const admin = newMysqlPool(url.href, { connectionLimit: 1 });
  const migrated = mysqlStore(admin, { table }).migrate();
  afterAll(async () => {
    await admin.query(`DROP TABLE IF EXISTS ${table}`);
    await admin.end();
  });

  itFailsClosedOnACutConnection({ host: url.hostname, port: Number(url.port || 3306) }, async (port) => {
    await migrated;
    const proxied = new URL(url.href);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(port);
    const pool = newMysqlPool(proxied.href, { connectionLimit: 2 });
    return { store: mysqlStore(pool, { table }), close: () => pool.end() };
  });
});
