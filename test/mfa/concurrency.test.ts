// Concurrency on one account: single use and the failure budget hold for parallel requests,
// because every decision is committed with one compare-and-set on the record it was made from.
import { describe, expect, it } from 'vitest';
import type { MfaStore } from '../../src/mfa/store.js';
import { memoryStore } from '../../src/stores/memory.js';
import { enabled, newUser, pending, setup } from './helpers.js';

/** A memory store whose calls settle in a random order, to shake out interleavings. */
function jitteryStore(): MfaStore {
  const inner = memoryStore();
  const later = <T>(run: () => Promise<T>): Promise<T> =>
    new Promise((resolve, reject) => setTimeout(() => run().then(resolve, reject), Math.random() * 3));
  return {
    get: (userId) => later(() => inner.get(userId)),
    compareAndSet: (userId, expected, record) => later(() => inner.compareAndSet(userId, expected, record)),
    delete: (userId) => later(() => inner.delete(userId)),
  };
}

describe('concurrency', () => {
  for (const [label, makeStore] of [
    ['memory store', memoryStore],
    ['jittery store', jitteryStore],
  ] as const) {
    it(`40 parallel verifies of one fresh code give exactly one ok (${label})`, async () => {
      const f = setup({ store: makeStore() });
      const userId = newUser();
      const { secret } = await enabled(f, userId);
      const code = f.code(secret);
      const results = await Promise.all(Array.from({ length: 40 }, () => f.mfa.verify(userId, code)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok && result.reason === 'replayed')).toHaveLength(39);
    });

    it(`parallel confirms of one code enable once and issue one set of recovery codes (${label})`, async () => {
      const f = setup({ store: makeStore() });
      const userId = newUser();
      const secret = await pending(f, userId);
      const code = f.code(secret);
      const results = await Promise.all(Array.from({ length: 20 }, () => f.mfa.confirmEnable(userId, code)));
      const winners = results.filter((result) => result.ok);
      expect(winners).toHaveLength(1);
      expect((await f.mfa.status(userId)).recoveryCodesRemaining).toBe(10);
    });

    it(`parallel uses of one recovery code succeed once (${label})`, async () => {
      const f = setup({ store: makeStore() });
      const userId = newUser();
      const { recoveryCodes } = await enabled(f, userId);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect((await f.mfa.status(userId)).recoveryCodesRemaining).toBe(9);
    });

    it(`a burst of wrong guesses in parallel cannot exceed the attempt budget (${label})`, async () => {
      const f = setup({ store: makeStore() });
      const userId = newUser();
      const { secret } = await enabled(f, userId);
      const near = new Set([-1, 0, 1].map((offset) => f.code(secret, offset)));
      const guesses = Array.from({ length: 50 }, (_, i) =>
        String(100_003 + i * 15_485).padStart(6, '0'),
      ).filter((guess) => !near.has(guess));
      const results = await Promise.all(guesses.map((guess) => f.mfa.verify(userId, guess)));
      expect(results.filter((result) => !result.ok && result.reason === 'invalid')).toHaveLength(5);
      expect(results.every((result) => !result.ok)).toBe(true);
    });
  }

  it('a right code racing a burst of wrong guesses is either accepted once or refused as locked, never twice', async () => {
    const f = setup({ store: jitteryStore() });
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const code = f.code(secret);
    const requests = [
      ...Array.from({ length: 10 }, () => f.mfa.verify(userId, code)),
      ...Array.from({ length: 10 }, (_, i) => f.mfa.verify(userId, String(i).repeat(6))),
    ];
    const results = await Promise.all(requests);
    expect(results.filter((result) => result.ok).length).toBeLessThanOrEqual(1);
  });
});
