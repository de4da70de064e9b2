// A record's identity survives deleteUser: a compare-and-set delayed from before the delete never
// lands on the record created after it (first versions are random).
import { describe, expect, it } from 'vitest';
import type { MfaRecord, MfaStore } from '../../src/mfa/store.js';
import { memoryStore } from '../../src/stores/memory.js';
import { enabled, newUser, setup } from './helpers.js';

/** A store whose compare-and-set can be held back, as a slow request's would be. */
function delayingStore(): MfaStore & { hold(): Promise<() => Promise<boolean>> } {
  const inner = memoryStore();
  let holding: ((write: () => Promise<boolean>) => void) | null = null;
  return {
    get: (userId) => inner.get(userId),
    delete: (userId) => inner.delete(userId),
    compareAndSet(userId: string, expectedVersion: number, record: MfaRecord) {
      const write = () => inner.compareAndSet(userId, expectedVersion, record);
      if (holding === null) return write();
      const release = holding;
      holding = null;
      release(write);
      return Promise.resolve(true);
    },
    hold: () =>
      new Promise((resolve) => {
        holding = resolve;
      }),
  };
}

describe('record identity across deleteUser', () => {
  it('a write delayed from before deleteUser cannot bring back the old secret', async () => {
    const store = delayingStore();
    const f = setup({ store });
    const userId = newUser();
    const old = await enabled(f, userId);
    // A verify with the old secret decides, and its compare-and-set is held back.
    const held = store.hold();
    expect(await f.mfa.verify(userId, f.code(old.secret))).toMatchObject({ ok: true });
    const delayedWrite = await held;
    await f.mfa.deleteUser(userId);
    f.advance(30_000);
    const fresh = await enabled(f, userId);
    for (let i = 0; i < 3; i++) {
      await f.mfa.verify(userId, f.code(fresh.secret));
      f.advance(30_000);
    }
    // The old request's write lands now: it must lose.
    expect(await delayedWrite()).toBe(false);
    expect(await f.mfa.verify(userId, f.code(old.secret))).toMatchObject({ ok: false });
    expect(await f.mfa.verify(userId, f.code(fresh.secret))).toMatchObject({ ok: true });
  });

  it('first versions are random and large, then count up by one', async () => {
    const f = setup();
    const versions = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const userId = newUser();
      await f.mfa.beginEnable(userId);
      const first = (await f.store.get(userId))!.version;
      expect(Number.isSafeInteger(first) && first >= 1).toBe(true);
      versions.add(first);
      await f.mfa.cancelEnable(userId);
      expect((await f.store.get(userId))!.version).toBe(first + 1);
    }
    expect(versions.size).toBe(20);
  });
});
