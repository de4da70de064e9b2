// postgresStore over a postgres.js client (the `postgres` package) against a real PostgreSQL
// server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
import { describe, expect, it } from 'vitest';
import { postgresStore } from '../../src/stores/postgres.js';
import { sampleRecord } from '../../src/testing/index.js';
import { newPostgresJs } from './helpers/postgresjs.js';
import { findPostgres, uniqueName } from './helpers/services.js';

const databaseUrl = await findPostgres();

describe.skipIf(databaseUrl === null)('PostgreSQL server', () => {
  const url = databaseUrl ?? '';

  describe('postgresStore (postgres.js) specifics', () => {
    it('migrate() from 8 separate postgres.js clients at once: all succeed, one table', async () => {
      const table = uniqueName('mfa_js_migrate');
      const clients = Array.from({ length: 8 }, () => newPostgresJs(url, { max: 1 }));
      try {
        await Promise.all(clients.map((sql) => postgresStore(sql, { table }).migrate()));
        const [first] = clients;
        const rows = await first!.unsafe('SELECT count(*)::int AS n FROM pg_tables WHERE tablename = $1', [
          table,
        ]);
        expect(rows[0]?.n).toBe(1);
        await first!.unsafe(`DROP TABLE ${table}`);
      } finally {
        await Promise.all(clients.map((sql) => sql.end()));
      }
    });

    it('a record written through pg is read through postgres.js, and the other way round', async () => {
      const { default: pg } = await import('pg');
      const pool = new pg.Pool({ connectionString: url });
      const sql = newPostgresJs(url, { max: 2 });
      const table = uniqueName('mfa_js_pg');
      try {
        const viaPg = postgresStore(pool, { table });
        const viaJs = postgresStore(sql, { table });
        await viaPg.migrate();
        await viaPg.compareAndSet('shared', 0, sampleRecord('shared', 1));
        expect(await viaJs.get('shared')).toStrictEqual(sampleRecord('shared', 1));
        expect(await viaJs.compareAndSet('shared', 1, sampleRecord('shared', 2))).toBe(true);
        expect(await viaPg.compareAndSet('shared', 1, sampleRecord('shared', 2, { failedAttempts: 9 }))).toBe(
          false,
        );
        expect(await viaPg.get('shared')).toStrictEqual(sampleRecord('shared', 2));
      } finally {
        await pool.query(`DROP TABLE IF EXISTS ${table}`);
        await pool.end();
        await sql.end();
      }
    });
  });
});
