import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, it } from 'vitest';
import { sqliteStore } from '../../src/stores/sqlite.js';
import { describeStoreConformance } from '../../src/testing/index.js';

// One in-memory database for the file; the suite's user ids never collide, so tests share it.
const db = new Database(':memory:');
const store = sqliteStore(db);
await store.migrate();
afterAll(() => db.close());

describeStoreConformance(
  'sqliteStore (in memory)',
  async () => ({
    store,
    readRaw: async (userId) =>
      JSON.stringify(db.prepare('SELECT * FROM mfa_records WHERE user_id = ?').all(userId)),
  }),
  { describe, it },
);

// A WAL file written through one connection and read back through another, under a custom table.
const dir = mkdtempSync(join(tmpdir(), 'mfakit-sqlite-'));
const writer = new Database(join(dir, 'mfa.db'));
writer.pragma('journal_mode = WAL');
const reader = new Database(join(dir, 'mfa.db'));
const fileStore = sqliteStore(writer, { table: 'auth_mfa' });
await fileStore.migrate();
afterAll(() => {
  writer.close();
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

describeStoreConformance(
  'sqliteStore (file, two connections, custom table)',
  async () => ({
    store: fileStore,
    readRaw: async (userId) =>
      JSON.stringify(reader.prepare('SELECT * FROM auth_mfa WHERE user_id = ?').all(userId)),
  }),
  { describe, it },
);
