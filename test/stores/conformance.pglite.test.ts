import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, it } from 'vitest';
import { postgresStore } from '../../src/stores/postgres.js';
import { describeStoreConformance } from '../../src/testing/index.js';

// Starting PGlite takes seconds: one instance for the file, shared by every test. The second
// table is schema-qualified, to prove the quoting of `schema.table`.
const db = new PGlite();
afterAll(() => db.close());

for (const table of ['mfa_records', 'public.mfa_qualified']) {
  const store = postgresStore(db, { table });
  await store.migrate();
  describeStoreConformance(
    `postgresStore (PGlite, table ${table})`,
    async () => ({
      store,
      readRaw: async (userId) =>
        JSON.stringify((await db.query(`SELECT * FROM ${table} WHERE user_id = $1`, [userId])).rows),
    }),
    { describe, it },
  );
}
