// The service's read → decide → compare-and-set loop: how many lost races it takes before giving up,
// and the random first version of a record, at the ends of its range.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MfaStore } from '../../src/mfa/store.js';
import { memoryStore } from '../../src/stores/memory.js';
import { expectMfaError, newUser, setup } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the commit loop', () => {
  it('gives up with STORE_CONFLICT after exactly 32 lost races, having read before each', async () => {
    const inner = memoryStore();
    const calls = { get: 0, compareAndSet: 0 };
    const store: MfaStore = {
      get: (userId) => {
        calls.get++;
        return inner.get(userId);
      },
      compareAndSet: async () => {
        calls.compareAndSet++;
        return false;
      },
      delete: (userId) => inner.delete(userId),
    };
    const f = setup({ store });
    await expectMfaError(f.mfa.beginEnable(newUser()), 'STORE_CONFLICT');
    expect(calls).toEqual({ get: 32, compareAndSet: 32 });
    expect(f.events).toEqual([]);
  });

  it('a race lost 31 times and won on the 32nd round is a decision', async () => {
    const inner = memoryStore();
    let losses = 31;
    const store: MfaStore = {
      get: (userId) => inner.get(userId),
      compareAndSet: async (userId, version, record) =>
        losses-- > 0 ? false : inner.compareAndSet(userId, version, record),
      delete: (userId) => inner.delete(userId),
    };
    const f = setup({ store });
    const userId = newUser();
    await f.mfa.beginEnable(userId);
    expect((await f.mfa.status(userId)).state).toBe('pending');
  });

  it('a first version is 1 + 48 random bits: from 1 to 2^48', async () => {
    const real = crypto.getRandomValues.bind(crypto);
    let words: [number, number] = [0, 0];
    vi.spyOn(crypto, 'getRandomValues').mockImplementation(
      <T extends ArrayBufferView | null>(array: T): T => {
        if (array instanceof Uint32Array && array.length === 2) {
          array.set(words);
          return array;
        }
        return real(array as never) as T;
      },
    );
    const f = setup();
    const firstVersion = async (high: number, low: number): Promise<number> => {
      words = [high, low];
      const userId = newUser();
      await f.mfa.beginEnable(userId);
      return (await f.store.get(userId))!.version;
    };
    expect(await firstVersion(0, 0)).toBe(1);
    expect(await firstVersion(0xffff_ffff, 0xffff_ffff)).toBe(2 ** 48);
    expect(await firstVersion(0x0012_3456, 7)).toBe(0x3456 * 2 ** 32 + 8);
    expect(await firstVersion(1, 0)).toBe(2 ** 32 + 1);
  });
});
