import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { postgresStore } from '../../src/stores/postgres.js';
import { describeStoreConformance } from '../../src/testing/index.js';
import { findPostgres, uniqueName } from './helpers/services.js';

const databaseUrl = await findPostgres();

describe.skipIf(databaseUrl === null)('PostgreSQL server', () => {
  const pool = new pg.Pool({ connectionString: databaseUrl ?? undefined });
  const client = new pg.Client({ connectionString: databaseUrl ?? undefined });
  const tables: string[] = [];
  let clientConnected = false;
  afterAll(async () => {
    for (const table of tables) await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
    if (clientConnected) await client.end();
  });

  // Through a Pool (a connection per query) and through one Client, each with its own table.
  for (const queryable of [pool, client]) {
    const label = queryable === pool ? 'pg Pool' : 'pg Client';
    const table = uniqueName('mfa_conformance');
    tables.push(table);
    const store = postgresStore(queryable, { table });
    let ready: Promise<void> | undefined;
    describeStoreConformance(
      `postgresStore (${label})`,
      async () => {
        ready ??= (async () => {
          if (queryable === client && !clientConnected) {
            clientConnected = true;
            await client.connect();
          }
          await store.migrate();
        })();
        await ready;
        return {
          store,
          readRaw: async (userId) =>
            JSON.stringify((await pool.query(`SELECT * FROM ${table} WHERE user_id = $1`, [userId])).rows),
        };
      },
      { describe, it },
    );
  }
});
