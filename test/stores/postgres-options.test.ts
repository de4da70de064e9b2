// Argument checks of postgresStore that need no database.
import { describe, expect, it } from 'vitest';
import { MfaError } from '../../src/shared/index.js';
import { postgresSchema, postgresStore } from '../../src/stores/postgres.js';

const fakeClient = { query: async () => ({ rows: [] }) };

describe('postgresStore arguments', () => {
  it('a SQL injection attempt in the table name is refused with INVALID_OPTION before any query', () => {
    let queried = false;
    const client = {
      query: async () => {
        queried = true;
        return { rows: [] };
      },
    };
    for (const table of [
      'mfa; DROP TABLE users',
      'mfa"; --',
      "mfa'",
      'a b',
      '9lives',
      'a.b.c',
      '',
      'a'.repeat(64),
      'public.',
      42,
    ]) {
      expect(() => postgresStore(client, { table: table as string })).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
    expect(queried).toBe(false);
    expect(() => postgresSchema('x;y')).toThrow(MfaError);
  });

  it('accepts plain and schema-qualified identifiers', () => {
    for (const table of ['mfa_records', 'auth.mfa_records', '_t1', `s.${'a'.repeat(63)}`]) {
      expect(() => postgresStore(fakeClient, { table })).not.toThrow();
    }
  });

  it('refuses a client without query() with INVALID_ARGUMENT', () => {
    for (const client of [null, undefined, {}, { query: 'SELECT 1' }, 'postgres://localhost']) {
      expect(() => postgresStore(client as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
  });

  it('a query that rejects propagates as a rejection', async () => {
    const failing = postgresStore({ query: () => Promise.reject(new Error('connection terminated')) });
    await expect(failing.get('u')).rejects.toThrow('connection terminated');
    await expect(failing.delete('u')).rejects.toThrow('connection terminated');
  });

  it('migrate() retries once when a concurrent CREATE TABLE wins the race, and rethrows other errors', async () => {
    let calls = 0;
    const racing = postgresStore({
      query: async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('duplicate key value'), { code: '23505' });
        return { rows: [] };
      },
    });
    await racing.migrate();
    expect(calls).toBe(2);
    const denied = postgresStore({
      query: () => Promise.reject(Object.assign(new Error('permission denied'), { code: '42501' })),
    });
    await expect(denied.migrate()).rejects.toThrow('permission denied');
  });

  it('takes a postgres.js client (a function with unsafe) and passes parameters only when there are some', async () => {
    const calls: unknown[][] = [];
    const sql = Object.assign(() => {}, {
      unsafe: (...args: unknown[]) => {
        calls.push(args);
        return Promise.resolve(args.length === 1 ? [] : [{ record: '{"userId":"u"}' }]);
      },
    });
    const store = postgresStore(sql);
    await store.migrate();
    expect(await store.get('u')).toEqual({ userId: 'u' });
    expect(calls.map((args) => args.length)).toEqual([1, 2]);
    expect(calls[1]?.[1]).toEqual(['u']);
    expect(() => postgresStore(Object.assign(() => {}, { unsafe: 'no' }) as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
