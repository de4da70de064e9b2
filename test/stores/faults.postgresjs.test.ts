// PostgreSQL through postgres.js: the connection carrying a compare-and-set is cut (before the
// server runs it, or before its reply arrives): STORE_ERROR, nothing accepted, the account whole.
import { afterAll, describe } from 'vitest';
import { postgresStore } from '../../src/stores/postgres.js';
import { itFailsClosedOnACutConnection } from './helpers/faults.js';
import { newPostgresJs } from './helpers/postgresjs.js';
import { findPostgres, uniqueName } from './helpers/services.js';

const databaseUrl = await findPostgres();

describe.skipIf(databaseUrl === null)('postgres.js: connection cut during a verify', () => {
  const url = new URL(databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/test');
  const table = uniqueName('mfa_faults_js');
  const admin = newPostgresJs(url.href, { max: 1 });
  const migrated = postgresStore(admin, { table }).migrate();
  afterAll(async () => {
    await admin.unsafe(`DROP TABLE IF EXISTS ${table}`);
    await admin.end();
  });

  itFailsClosedOnACutConnection({ host: url.hostname, port: Number(url.port || 5432) }, async (port) => {
    await migrated;
    const proxied = new URL(url.href);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(port);
    const sql = newPostgresJs(proxied.href, { max: 2 });
    // A graceful end() waits for a connection the proxy has half-closed; 1 s, then it is destroyed.
    return { store: postgresStore(sql, { table }), close: () => sql.end({ timeout: 1 }) };
  });
});
