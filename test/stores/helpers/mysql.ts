// Finds the MySQL or MariaDB server the MySQL store tests run against (MYSQL_URL, default
// mysql://root@127.0.0.1:3306/test). As for PostgreSQL and Redis in services.ts: when none answers
// the suites are skipped with one line, unless MFAKIT_REQUIRE_SERVICES=1, where that is a failure.
import mysql from 'mysql2/promise';

export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/test';

/** A promise pool on `url` whose idle connections' errors are not unhandled. */
export function newMysqlPool(url: string, options: mysql.PoolOptions = {}): mysql.Pool {
  const pool = mysql.createPool({ uri: url, connectionLimit: 10, ...options });
  pool.on('connection', (connection) => connection.on('error', () => {}));
  return pool;
}

/** The MySQL URL to test against, or null (after one console line) when none answers. */
export async function findMysql(): Promise<string | null> {
  const url = process.env.MYSQL_URL || DEFAULT_MYSQL_URL;
  try {
    const connection = await mysql.createConnection({ uri: url, connectTimeout: 1500 });
    await connection.query('SELECT 1');
    await connection.end();
    return url;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.MFAKIT_REQUIRE_SERVICES === '1') {
      throw new Error(`MySQL is required (MFAKIT_REQUIRE_SERVICES=1) but unreachable at ${url}: ${reason}`);
    }
    console.log(`MySQL suites skipped: no server at ${url}; set MYSQL_URL (or start one) to run them.`);
    return null;
  }
}
