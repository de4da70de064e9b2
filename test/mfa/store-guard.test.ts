// The guard around the application's store: it must have the three methods; a failure names the
// method that failed; an MfaError thrown by the store itself is still a STORE_ERROR.
import { describe, expect, it } from 'vitest';
import type { MfaStore } from '../../src/mfa/store.js';
import { MfaError } from '../../src/shared/index.js';
import { memoryStore } from '../../src/stores/memory.js';
import { enabled, expectMfaError, newUser, setup } from './helpers.js';

describe('the store guard', () => {
  it('refuses a store that is not an object or lacks any of get, compareAndSet and delete', () => {
    const inner = memoryStore();
    const full = { get: inner.get, compareAndSet: inner.compareAndSet, delete: inner.delete };
    const { get: _g, ...noGet } = full;
    const { compareAndSet: _c, ...noCompareAndSet } = full;
    const { delete: _d, ...noDelete } = full;
    for (const store of [null, 'store', noGet, noCompareAndSet, noDelete, { ...full, delete: 'x' }]) {
      expect(() => setup({ store: store as unknown as MfaStore })).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
    expect(() => setup({ store: full })).not.toThrow();
  });

  it('a failing call is a STORE_ERROR naming the method, also when the store threw an MfaError', async () => {
    const inner = memoryStore();
    const own = new MfaError('CORRUPT_RECORD', 'the store says no');
    const failing = { get: false, compareAndSet: false, delete: false };
    const store: MfaStore = {
      get: (userId) => (failing.get ? Promise.reject(own) : inner.get(userId)),
      compareAndSet: (userId, version, record) =>
        failing.compareAndSet ? Promise.reject(own) : inner.compareAndSet(userId, version, record),
      delete: (userId) => (failing.delete ? Promise.reject(own) : inner.delete(userId)),
    };
    const f = setup({ store });
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    for (const method of ['get', 'compareAndSet', 'delete'] as const) {
      failing[method] = true;
      const call = method === 'delete' ? f.mfa.deleteUser(userId) : f.mfa.verify(userId, f.code(secret));
      const error = await expectMfaError(call, 'STORE_ERROR');
      expect(error.message).toContain(`store's ${method} `);
      expect(error.cause).toBe(own);
      failing[method] = false;
    }
  });
});
