// postgresStore against a real PostgreSQL server (DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/test), through a pg Pool and a single pg Client.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../../src/stores/postgres.js';
import { sampleRecord } from '../../src/testing/index.js';
import { findPostgres, uniqueName } from './helpers/services.js';

const databaseUrl = await findPostgres();

function newPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl ?? undefined, max: 10 });
  pool.on('error', () => {}); // an idle client whose backend was terminated; the next query reconnects
  return pool;
}

describe.skipIf(databaseUrl === null)('PostgreSQL server', () => {
  describe('postgresStore specifics', () => {
    const pool = newPool();
    const table = uniqueName('mfa_specifics');
    afterAll(async () => {
      await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.end();
    });

    it('migrate() from 8 separate connections at once: all succeed, one table', async () => {
      const clients = Array.from(
        { length: 8 },
        () => new pg.Client({ connectionString: databaseUrl ?? undefined }),
      );
      await Promise.all(clients.map((client) => client.connect()));
      try {
        await Promise.all(clients.map((client) => postgresStore(client, { table }).migrate()));
        await postgresStore(pool, { table }).migrate();
        const { rows } = await pool.query('SELECT count(*)::int AS n FROM pg_tables WHERE tablename = $1', [
          table,
        ]);
        expect(rows[0].n).toBe(1);
      } finally {
        await Promise.all(clients.map((client) => client.end()));
      }
    });

    describe('a connection dropped in the middle of a compare-and-set', () => {
      const admin = new pg.Client({ connectionString: databaseUrl ?? undefined });
      beforeAll(async () => {
        await admin.connect();
        await postgresStore(pool, { table }).migrate();
      });
      afterAll(() => admin.end());

      it('rejects, and the stored record is unchanged', async () => {
        const victim = new pg.Client({ connectionString: databaseUrl ?? undefined });
        victim.on('error', () => {});
        await victim.connect();
        const store = postgresStore(victim, { table });
        await store.compareAndSet('dropped', 0, sampleRecord('dropped', 1));
        const { rows } = await victim.query('SELECT pg_backend_pid() AS pid');
        const pid = rows[0].pid as number;

        // Hold the row lock so the store's UPDATE is provably in flight when its backend dies.
        await admin.query('BEGIN');
        await admin.query(`SELECT 1 FROM ${table} WHERE user_id = 'dropped' FOR UPDATE`);
        const outcome = store
          .compareAndSet('dropped', 1, sampleRecord('dropped', 2, { lastUsedStep: 1 }))
          .then(
            (written) => ({ written }),
            (error: unknown) => ({ error }),
          );
        await waitUntil(async () => {
          const waiting = await pool.query(
            "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
            [pid],
          );
          return waiting.rows.length === 1;
        });
        await pool.query('SELECT pg_terminate_backend($1)', [pid]);
        await admin.query('COMMIT');

        expect(await outcome).toMatchObject({ error: expect.objectContaining({ code: '57P01' }) });
        expect(await postgresStore(pool, { table }).get('dropped')).toStrictEqual(sampleRecord('dropped', 1));
        await victim.end().catch(() => {});
      });
    });
  });
});

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}
