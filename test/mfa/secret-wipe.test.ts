// A decrypted TOTP secret lives only as long as the decision that needed it: every secret the service
// opens is all zeros once the call is over, whether the code was accepted, refused, replayed, the
// record re-sealed under a new key, or the call threw.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as crypto from '../../src/mfa/crypto.js';
import type { MfaStore } from '../../src/mfa/store.js';
import { memoryStore } from '../../src/stores/memory.js';
import { enabled, newUser, sealedOf, setup, testKeyring, wrongCode } from './helpers.js';

/** Every secret any box opened since the last reset. */
const opened: Uint8Array[] = [];
/** Every secret any box sealed since the last reset (the bytes it was given). */
const sealed: Uint8Array[] = [];

vi.mock('../../src/mfa/crypto.js', async (importOriginal) => {
  const original = await importOriginal<typeof crypto>();
  return {
    ...original,
    createSecretBox: (...args: Parameters<typeof original.createSecretBox>) => {
      const box = original.createSecretBox(...args);
      return {
        ...box,
        open(userId: string, stored: Parameters<typeof box.open>[1]) {
          const secret = box.open(userId, stored);
          opened.push(secret);
          return secret;
        },
        seal(userId: string, secret: Uint8Array) {
          sealed.push(secret);
          return box.seal(userId, secret);
        },
      };
    },
  };
});

afterEach(() => {
  opened.length = 0;
  sealed.length = 0;
});

function expectAllWiped(): void {
  expect(opened.length).toBeGreaterThan(0);
  for (const secret of opened) {
    expect(secret.length).toBeGreaterThan(0);
    expect(secret.every((byte) => byte === 0)).toBe(true);
  }
}

describe('decrypted secrets are wiped after use', () => {
  it('after an accepted code, a wrong code and a replayed code', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    for (const code of [f.code(secret), wrongCode(f, secret), f.code(secret)]) {
      opened.length = 0;
      await f.mfa.verify(userId, code);
      expectAllWiped();
    }
  });

  it('after a record is opened again to be sealed under the new current key', async () => {
    const store = memoryStore();
    const userId = newUser();
    const f1 = setup({ store, keyring: testKeyring('k1') });
    const { secret } = await enabled(f1, userId);
    const f2 = setup({ store, keyring: testKeyring('k2') });
    f2.clock.now = f1.clock.now;
    opened.length = 0;
    expect(await f2.mfa.verify(userId, f2.code(secret))).toMatchObject({ ok: true });
    expect(sealedOf((await store.get(userId))!).keyId).toBe('k2');
    expect(opened).toHaveLength(2);
    expectAllWiped();
  });

  it('when the call throws after the secret was opened', async () => {
    const inner = memoryStore();
    let failWrites = false;
    const store: MfaStore = {
      get: (userId) => inner.get(userId),
      delete: (userId) => inner.delete(userId),
      compareAndSet: (userId, version, record) =>
        failWrites ? Promise.reject(new Error('disk full')) : inner.compareAndSet(userId, version, record),
    };
    const f = setup({ store });
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    failWrites = true;
    opened.length = 0;
    await expect(f.mfa.verify(userId, f.code(secret))).rejects.toThrow();
    expectAllWiped();
  });

  it('whatever a clock with fractions of a millisecond makes of the call', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const code = f.code(secret);
    f.clock.now += 0.5;
    opened.length = 0;
    await f.mfa.verify(userId, code).catch(() => undefined);
    expectAllWiped();
  });

  it('after importEnrolment seals the imported secret, given as text or as bytes, leaving the caller’s bytes', async () => {
    const f = setup();
    const bytes = new Uint8Array(20).map((_, i) => i + 1);
    for (const secret of ['JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', bytes]) {
      sealed.length = 0;
      await f.mfa.importEnrolment(newUser(), { secret });
      expect(sealed).toHaveLength(1);
      expect(sealed[0]!.length).toBe(20);
      expect(sealed[0]!.every((byte) => byte === 0)).toBe(true);
    }
    expect(bytes).toEqual(new Uint8Array(20).map((_, i) => i + 1));
  });
});
