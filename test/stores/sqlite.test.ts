import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MfaError } from '../../src/shared/index.js';
import { SQLITE_SCHEMA, sqliteSchema, sqliteStore } from '../../src/stores/sqlite.js';
import { sampleRecord } from '../../src/testing/index.js';

// The conformance suite runs in conformance.sqlite.test.ts; these are SQLite's own behaviours.
describe('sqliteStore specifics', () => {
  it('migrate() is idempotent and creates the documented columns', async () => {
    const db = new Database(':memory:');
    const store = sqliteStore(db);
    await store.migrate();
    await store.migrate();
    const columns = db.prepare("SELECT name FROM pragma_table_info('mfa_records')").all() as {
      name: string;
    }[];
    expect(columns.map((column) => column.name)).toEqual([
      'user_id',
      'version',
      'state',
      'record',
      'updated_at_ms',
    ]);
    expect(store.schemaSql).toBe(SQLITE_SCHEMA);
    db.close();
  });

  it('keeps the version and state columns in step with the record', async () => {
    const db = new Database(':memory:');
    const store = sqliteStore(db);
    await store.migrate();
    await store.compareAndSet('u', 0, sampleRecord('u', 1, { state: 'pending' }));
    await store.compareAndSet('u', 1, sampleRecord('u', 2, { state: 'enabled', updatedAt: 99 }));
    expect(db.prepare('SELECT version, state, updated_at_ms FROM mfa_records').get()).toEqual({
      version: 2,
      state: 'enabled',
      updated_at_ms: 99,
    });
    db.close();
  });

  it('prepares its statements once, not per call', async () => {
    const db = new Database(':memory:');
    let prepared = 0;
    const counting = {
      prepare: (sql: string) => {
        prepared++;
        return db.prepare(sql);
      },
      exec: (sql: string) => db.exec(sql),
    };
    const store = sqliteStore(counting);
    await store.migrate();
    for (let version = 0; version < 20; version++) {
      await store.compareAndSet('u', version, sampleRecord('u', version + 1));
      await store.get('u');
    }
    await store.delete('u');
    expect(prepared).toBe(4);
    db.close();
  });

  it('a SQL injection attempt in the table name is refused with INVALID_OPTION', () => {
    const db = new Database(':memory:');
    for (const table of ['x; DROP TABLE users', 'a"b', 'a b', '1abc', 'a.b.c', '', 'x--', 'a'.repeat(64)]) {
      expect(() => sqliteStore(db, { table })).toThrow(MfaError);
      expect(() => sqliteSchema(table)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    }
    expect(() => sqliteStore(db, { table: 'main.mfa_records' })).not.toThrow();
    db.close();
  });

  it('refuses something that is not a database with INVALID_ARGUMENT', () => {
    for (const db of [null, undefined, {}, { prepare: () => null }, 'mfa.db']) {
      expect(() => sqliteStore(db as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('a driver error (missing table, closed database) is a rejection, never a false or a null', async () => {
    const db = new Database(':memory:');
    const store = sqliteStore(db);
    await expect(store.get('u')).rejects.toThrow(/no such table/);
    await store.migrate();
    db.close();
    await expect(store.get('u')).rejects.toThrow();
    await expect(store.compareAndSet('u', 0, sampleRecord('u'))).rejects.toThrow();
    await expect(store.delete('u')).rejects.toThrow();
  });

  it('a stored record that is not JSON is reported as CORRUPT_RECORD without its contents', async () => {
    const db = new Database(':memory:');
    const store = sqliteStore(db);
    await store.migrate();
    db.prepare("INSERT INTO mfa_records VALUES ('u', 1, 'enabled', 'JBSWY3DPEHPK3PXP{', 0)").run();
    const error = await store.get('u').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CORRUPT_RECORD' });
    expect((error as Error).message).not.toContain('JBSWY3DPEHPK3PXP');
    db.close();
  });
});
