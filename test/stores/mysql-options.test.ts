// Argument checks of mysqlStore that need no database, and how it reads mysql2's replies.
import { describe, expect, it } from 'vitest';
import { MfaError } from '../../src/shared/index.js';
import { MYSQL_SCHEMA, mysqlSchema, mysqlStore } from '../../src/stores/mysql.js';
import { sampleRecord } from '../../src/testing/index.js';

/** A promise client that answers every statement with `reply` and remembers what it was asked. */
function fakeClient(reply: () => Promise<[unknown, unknown]>) {
  const calls: { sql: string; values: (string | number)[] | undefined }[] = [];
  return {
    calls,
    execute: async (sql: string, values?: (string | number)[]) => {
      calls.push({ sql, values });
      return reply();
    },
  };
}

describe('mysqlStore arguments', () => {
  it('a SQL injection attempt in the table name is refused with INVALID_OPTION before any query', () => {
    const client = fakeClient(async () => [[], []]);
    for (const table of [
      'mfa; DROP TABLE users',
      'mfa`; --',
      'mfa"',
      "mfa'",
      'a b',
      '9lives',
      'a.b.c',
      '',
      42,
    ]) {
      expect(() => mysqlStore(client, { table: table as string })).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
    expect(client.calls).toEqual([]);
    expect(() => mysqlSchema('x;y')).toThrow(MfaError);
  });

  it('quotes plain and database-qualified names with backticks', () => {
    expect(mysqlSchema('auth.mfa_records')).toContain('CREATE TABLE IF NOT EXISTS `auth`.`mfa_records` (');
    expect(MYSQL_SCHEMA).toContain('CREATE TABLE IF NOT EXISTS `mfa_records` (');
    expect(MYSQL_SCHEMA).not.toContain('"');
  });

  it('refuses a client that is not a mysql2 pool or connection with INVALID_ARGUMENT', () => {
    for (const client of [
      null,
      undefined,
      {},
      { query: async () => [[], []] },
      { execute: 'SELECT 1' },
      { promise: () => ({}) },
      'mysql://localhost',
    ]) {
      expect(() => mysqlStore(client as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
  });

  it('uses the promise wrapper of a callback client', async () => {
    const wrapped = fakeClient(async () => [[], []]);
    const store = mysqlStore({ promise: () => wrapped });
    expect(await store.get('u')).toBeNull();
    expect(wrapped.calls).toHaveLength(1);
    expect(wrapped.calls[0]?.values).toEqual(['u']);
  });

  it('a duplicate key on create is a lost race; any other error is passed on', async () => {
    const duplicate = mysqlStore(
      fakeClient(() => Promise.reject(Object.assign(new Error('Duplicate entry'), { errno: 1062 }))),
    );
    expect(await duplicate.compareAndSet('u', 0, sampleRecord('u', 1))).toBe(false);
    const broken = mysqlStore(
      fakeClient(() => Promise.reject(Object.assign(new Error('Lock wait timeout'), { errno: 1205 }))),
    );
    await expect(broken.compareAndSet('u', 0, sampleRecord('u', 1))).rejects.toThrow('Lock wait timeout');
    await expect(broken.compareAndSet('u', 1, sampleRecord('u', 2))).rejects.toThrow('Lock wait timeout');
    await expect(broken.get('u')).rejects.toThrow('Lock wait timeout');
    await expect(broken.delete('u')).rejects.toThrow('Lock wait timeout');
  });

  it('an update is written only when exactly one row was affected', async () => {
    for (const [affectedRows, written] of [
      [1, true],
      [0, false],
      [2, false],
      [undefined, false],
    ] as const) {
      const store = mysqlStore(fakeClient(async () => [{ affectedRows }, undefined]));
      expect(await store.compareAndSet('u', 1, sampleRecord('u', 2))).toBe(written);
    }
  });

  it('a stored value that is not a JSON object is CORRUPT_RECORD, without quoting it', async () => {
    const store = mysqlStore(fakeClient(async () => [[{ record: 'JBSWY3DPEHPK3PXP' }], []]));
    const error = await store.get('u').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CORRUPT_RECORD' });
    expect(String((error as Error).message)).not.toContain('JBSWY3DPEHPK3PXP');
  });
});
