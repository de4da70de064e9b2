import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { POSTGRES_SCHEMA, postgresSchema, postgresStore } from '../../src/stores/postgres.js';
import { sampleRecord } from '../../src/testing/index.js';

// Starting PGlite takes seconds: one instance for the whole file. The last test closes it.
const db = new PGlite();
await db.waitReady;

describe('postgresStore specifics (PGlite)', () => {
  it('migrate() is idempotent, also when called concurrently', async () => {
    const store = postgresStore(db);
    await Promise.all([store.migrate(), store.migrate(), store.migrate()]);
    await store.migrate();
    const { rows } = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'mfa_records' ORDER BY ordinal_position",
    );
    expect(rows.map((row) => row.column_name)).toEqual([
      'user_id',
      'version',
      'state',
      'record',
      'updated_at_ms',
    ]);
    expect(store.schemaSql).toBe(POSTGRES_SCHEMA);
  });

  it('honours a schema-qualified table name', async () => {
    await db.query('CREATE SCHEMA auth');
    const store = postgresStore(db, { table: 'auth.mfa' });
    await store.migrate();
    await store.compareAndSet('u', 0, sampleRecord('u'));
    const { rows } = await db.query('SELECT version, state FROM auth.mfa');
    expect(rows).toEqual([{ version: 1, state: 'enabled' }]);
    expect(postgresSchema('auth.mfa')).toContain('"auth"."mfa"');
  });

  it('a closed database is a rejection, never a false or a null', async () => {
    const store = postgresStore(db);
    await db.close();
    await expect(store.get('u')).rejects.toThrow();
    await expect(store.compareAndSet('u', 0, sampleRecord('u'))).rejects.toThrow();
  });
});
