import { PGlite } from '@electric-sql/pglite';
import { afterAll } from 'vitest';
import { postgresStore } from '../../src/stores/postgres.js';
import { describeStoreConformance } from '../../src/testing/index.js';

// Starting PGlite takes seconds: one instance for the file, shared by every test.
const db = new PGlite();
const store = postgresStore(db);
await store.migrate();
afterAll(() => db.close());

describeStoreConformance('postgresStore (PGlite)', async () => ({
  store,
  readRaw: async (userId) =>
    JSON.stringify((await db.query('SELECT * FROM mfa_records WHERE user_id = $1', [userId])).rows),
}));
