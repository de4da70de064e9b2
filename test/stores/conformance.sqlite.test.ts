import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { sqliteStore } from '../../src/stores/sqlite.js';
import { describeStoreConformance } from '../../src/testing/index.js';

// One database for the file; the suite's user ids never collide, so each test may share it.
const db = new Database(':memory:');
const store = sqliteStore(db);
await store.migrate();
afterAll(() => db.close());

describeStoreConformance('sqliteStore', async () => ({
  store,
  readRaw: async (userId) =>
    JSON.stringify(db.prepare('SELECT * FROM mfa_records WHERE user_id = ?').all(userId)),
}));
