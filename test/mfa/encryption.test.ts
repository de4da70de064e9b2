// Secrets at rest: AES-256-GCM under the keyring's current key, the user id bound in as associated
// data; key rotation; the unencrypted mode and its warning.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSecretBox } from '../../src/mfa/crypto.js';
import { nobleGcm, platformGcm } from '../../src/mfa/gcm.js';
import { createMfa } from '../../src/mfa/service.js';
import type { MfaRecord, MfaStore } from '../../src/mfa/store.js';
import { totp } from '../../src/otp/index.js';
import { memoryStore } from '../../src/stores/memory.js';
import { enabled, expectMfaError, newUser, sealedOf, setup, T0, testKeyring, withSealed } from './helpers.js';
import * as v01 from './vectors/sealed-0.1.js';

async function overwrite(
  store: MfaStore,
  userId: string,
  change: (record: MfaRecord) => MfaRecord,
): Promise<void> {
  const record = (await store.get(userId))!;
  expect(
    await store.compareAndSet(userId, record.version, { ...change(record), version: record.version + 1 }),
  ).toBe(true);
}

function flipFirstChar(base64: string): string {
  return (base64[0] === 'A' ? 'B' : 'A') + base64.slice(1);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('encryption at rest', () => {
  it('stores the secret sealed under the current key id with a nonce, never as Base32', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const record = (await f.store.get(userId))!;
    expect(sealedOf(record)).toMatchObject({ keyId: 'k1', iv: expect.any(String), data: expect.any(String) });
    expect(JSON.stringify(record)).not.toContain(secret);
    // 20 secret bytes + 16 tag bytes, base64.
    expect(atob(sealedOf(record).data)).toHaveLength(36);
  });

  it('a tampered ciphertext fails with DECRYPT_FAILED and accepts nothing', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    await overwrite(f.store, userId, (r) => ({
      ...r,
      ...withSealed(r, { ...sealedOf(r), data: flipFirstChar(sealedOf(r).data) }),
    }));
    const before = await f.store.get(userId);
    await expectMfaError(f.mfa.verify(userId, f.code(secret)), 'DECRYPT_FAILED');
    expect(await f.store.get(userId)).toStrictEqual(before);
  });

  it('a tampered nonce fails with DECRYPT_FAILED', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    await overwrite(f.store, userId, (r) => ({
      ...r,
      ...withSealed(r, { ...sealedOf(r), iv: flipFirstChar(sealedOf(r).iv!) }),
    }));
    await expectMfaError(f.mfa.verify(userId, f.code(secret)), 'DECRYPT_FAILED');
  });

  it("another account's sealed secret copied into a record fails to decrypt (user id is associated data)", async () => {
    const f = setup();
    const alice = newUser('alice');
    const bob = newUser('bob');
    const aliceEnrolled = await enabled(f, alice);
    await enabled(f, bob);
    const aliceSecret = sealedOf((await f.store.get(alice))!);
    await overwrite(f.store, bob, (r) => withSealed(r, aliceSecret));
    const error = await expectMfaError(f.mfa.verify(bob, f.code(aliceEnrolled.secret)), 'DECRYPT_FAILED');
    expect(error.message).not.toContain(aliceEnrolled.secret);
  });

  it('a record sealed under an unknown key id fails with DECRYPT_FAILED', async () => {
    const store = memoryStore();
    const userId = newUser();
    const f1 = setup({ store, keyring: { current: 'k1', keys: { k1: new Uint8Array(32).fill(1) } } });
    const { secret } = await enabled(f1, userId);
    const f2 = setup({ store, keyring: { current: 'k2', keys: { k2: new Uint8Array(32).fill(2) } } });
    f2.clock.now = f1.clock.now;
    await expectMfaError(f2.mfa.verify(userId, f2.code(secret)), 'DECRYPT_FAILED');
  });

  it('rotation k1 → k2: an old record still verifies and is re-sealed under k2 at its next write', async () => {
    const store = memoryStore();
    const userId = newUser();
    const f1 = setup({ store, keyring: testKeyring('k1') });
    const { secret } = await enabled(f1, userId);
    expect(sealedOf((await store.get(userId))!).keyId).toBe('k1');
    const f2 = setup({ store, keyring: testKeyring('k2') });
    f2.clock.now = f1.clock.now;
    expect(await f2.mfa.verify(userId, f2.code(secret))).toMatchObject({ ok: true });
    expect(sealedOf((await store.get(userId))!).keyId).toBe('k2');
    // k1 can now be retired: a keyring with k2 alone reads the record.
    const f3 = setup({ store, keyring: { current: 'k2', keys: { k2: new Uint8Array(32).fill(2) } } });
    f3.clock.now = f2.clock.now + 30_000;
    expect(await f3.mfa.verify(userId, f3.code(secret))).toMatchObject({ ok: true });
  });

  it('a failed code also re-seals (any write does), and a refusal that writes nothing does not', async () => {
    const store = memoryStore();
    const userId = newUser();
    const f1 = setup({ store, keyring: testKeyring('k1') });
    const { secret } = await enabled(f1, userId);
    const f2 = setup({ store, keyring: testKeyring('k2') });
    f2.clock.now = f1.clock.now;
    await f2.mfa.verify(userId, f2.code(secret, -1)); // replay of the confirming step: no write
    expect(sealedOf((await store.get(userId))!).keyId).toBe('k1');
    await f2.mfa.verify(userId, '000000');
    expect(sealedOf((await store.get(userId))!).keyId).toBe('k2');
  });

  it('without a keyring: stores Base32 text and warns once per createMfa', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const f = setup({ keyring: undefined });
    expect(warn).toHaveBeenCalledTimes(1);
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    await f.mfa.verify(userId, f.code(secret));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(sealedOf((await f.store.get(userId))!)).toEqual({ keyId: null, iv: null, data: secret });
    expect(String(warn.mock.calls[0]![0])).not.toContain(secret);
    setup({ keyring: undefined });
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('adding a keyring later: with acceptUnsealedSecrets, unencrypted records verify and are sealed at their next write', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = memoryStore();
    const userId = newUser();
    const plain = setup({ store, keyring: undefined });
    const { secret } = await enabled(plain, userId);
    const sealed = setup({ store, keyring: { ...testKeyring(), acceptUnsealedSecrets: true } });
    sealed.clock.now = plain.clock.now;
    expect(await sealed.mfa.verify(userId, sealed.code(secret))).toMatchObject({ ok: true });
    expect(sealedOf((await store.get(userId))!).keyId).toBe('k1');
  });

  it('with a keyring, an unencrypted secret (planted by a database writer) is refused as CORRUPT_RECORD', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = memoryStore();
    const userId = newUser();
    const plain = setup({ store, keyring: undefined });
    const { secret } = await enabled(plain, userId);
    const sealed = setup({ store });
    sealed.clock.now = plain.clock.now;
    await expectMfaError(sealed.mfa.verify(userId, sealed.code(secret)), 'CORRUPT_RECORD');
    expect(sealedOf((await store.get(userId))!).keyId).toBeNull();
  });

  it('an encrypted record read without a keyring fails with DECRYPT_FAILED', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = memoryStore();
    const userId = newUser();
    const f = setup({ store });
    const { secret } = await enabled(f, userId);
    const plain = setup({ store, keyring: undefined });
    plain.clock.now = f.clock.now;
    await expectMfaError(plain.mfa.verify(userId, plain.code(secret)), 'DECRYPT_FAILED');
  });

  it('validates the keyring: 32-byte keys, current must exist', () => {
    const base = { store: memoryStore(), issuer: 'Acme', clock: () => T0 };
    const bad = [
      { current: 'k1', keys: { k1: new Uint8Array(16) } },
      { current: 'k1', keys: { k1: 'x'.repeat(32) } },
      { current: 'k9', keys: { k1: new Uint8Array(32) } },
      { current: 'k1', keys: null },
      { current: 'k1', keys: { '': new Uint8Array(32), k1: new Uint8Array(32) } },
    ];
    for (const keyring of bad) {
      expect(() => createMfa({ ...base, keyring: keyring as never })).toThrowError(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
  });

  it('keeps a private copy of the keys: wiping the caller array later changes nothing', async () => {
    const keyring = testKeyring();
    const f = setup({ keyring });
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    keyring.keys['k1']!.fill(0);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });
});

describe('records sealed by mfakit 0.1', () => {
  const keyring = () => ({
    current: v01.keyId,
    keys: { [v01.keyId]: Uint8Array.from(Buffer.from(v01.keyHex, 'hex')) },
  });

  it.each([platformGcm(), nobleGcm].map((backend) => [backend.name, backend] as const))(
    'open with %s into the secret that was sealed',
    (_, backend) => {
      const box = createSecretBox(keyring(), backend);
      const opened = box.open(v01.userId, { ...v01.record.secret });
      expect(Buffer.from(opened).toString('hex')).toBe(v01.secretHex);
      expect(() => box.open('Zoe-0.1-fixture', { ...v01.record.secret })).toThrowError(
        expect.objectContaining({ code: 'DECRYPT_FAILED' }),
      );
    },
  );

  it('verify a fresh code of the account, and are sealed again under the new key at that write', async () => {
    const store = memoryStore();
    const stored = structuredClone(v01.record) as unknown as MfaRecord;
    expect(await store.compareAndSet(v01.userId, 0, { ...stored, version: 1 })).toBe(true);
    expect(await store.compareAndSet(v01.userId, 1, stored)).toBe(true);
    const clock = { now: v01.confirmedAt + 60_000 };
    const keys = { ...keyring().keys, k2026: new Uint8Array(32).fill(4) };
    const mfa = createMfa({
      store,
      issuer: 'Acme',
      keyring: { current: 'k2026', keys },
      clock: () => clock.now,
    });
    expect(await mfa.verify(v01.userId, totp(v01.secretBase32, { time: clock.now }))).toMatchObject({
      ok: true,
    });
    const rewritten = (await store.get(v01.userId))!;
    expect(sealedOf(rewritten).keyId).toBe('k2026');
    clock.now += 30_000;
    const next = createMfa({
      store,
      issuer: 'Acme',
      keyring: { current: 'k2026', keys },
      clock: () => clock.now,
    });
    expect(await next.verify(v01.userId, totp(v01.secretBase32, { time: clock.now }))).toMatchObject({
      ok: true,
    });
  });
});
