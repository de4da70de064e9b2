// Recovery codes: 10 of 80 bits each, shown once, stored only as hashes, single use, compared in
// constant time, typed input normalised.
import { describe, expect, it } from 'vitest';
import {
  equalConstantTime,
  findRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  keyedHasher,
  normaliseRecoveryCode,
  recoveryCodeCandidate,
  UNKEYED_HASHER,
} from '../../src/mfa/recovery.js';
import { RECORD_FORMAT } from '../../src/mfa/store.js';
import { enabled, expectMfaError, newUser, setup, testKeyring } from './helpers.js';

describe('recovery codes', () => {
  it('confirmEnable issues 10 distinct XXXX-XXXX-XXXX-XXXX Base32 codes (80 bits each)', async () => {
    const f = setup();
    const { recoveryCodes } = await enabled(f, newUser());
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes)
      expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
  });

  it('are stored only as hashes keyed under the keyring (HMAC over the salted SHA-256)', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    const record = (await f.store.get(userId))!;
    const json = JSON.stringify(record);
    expect(record.recoveryCodeKeyId).toBe('k1');
    const keyed = keyedHasher('k1', testKeyring().keys['k1']!);
    for (const code of recoveryCodes) {
      expect(json).not.toContain(code);
      expect(json).not.toContain(code.replaceAll('-', ''));
      expect(json).not.toContain(hashRecoveryCode(userId, code.replaceAll('-', '')));
      expect(record.recoveryCodeHashes).toContain(keyed.hash(userId, code.replaceAll('-', '')));
    }
    // The user id salts the hash: the same code hashes differently for another account.
    expect(hashRecoveryCode('a', 'ABCDEFGHIJKLMNOP')).not.toBe(hashRecoveryCode('b', 'ABCDEFGHIJKLMNOP'));
  });

  it('each code signs in once; the count of remaining codes goes down', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[3]!)).toMatchObject({ ok: true, remaining: 9 });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[3]!)).toEqual({ ok: false, reason: 'replayed' });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ ok: true, remaining: 8 });
    expect((await f.mfa.status(userId)).recoveryCodesRemaining).toBe(8);
  });

  it('accepts any case, spaces and hyphens', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    const [a, b, c] = recoveryCodes as [string, string, string];
    expect((await f.mfa.useRecoveryCode(userId, a.toLowerCase())).ok).toBe(true);
    expect((await f.mfa.useRecoveryCode(userId, ` ${b.replaceAll('-', ' ')} `)).ok).toBe(true);
    expect((await f.mfa.useRecoveryCode(userId, c.replaceAll('-', ''))).ok).toBe(true);
  });

  it("another account's code is refused", async () => {
    const f = setup();
    const alice = newUser('alice');
    const bob = newUser('bob');
    const aliceCodes = (await enabled(f, alice)).recoveryCodes;
    await enabled(f, bob);
    expect(await f.mfa.useRecoveryCode(bob, aliceCodes[0]!)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('regenerating replaces every old code', async () => {
    const f = setup();
    const userId = newUser();
    const { secret, recoveryCodes } = await enabled(f, userId);
    const regenerated = await f.mfa.regenerateRecoveryCodes(userId, f.code(secret));
    if (!regenerated.ok) throw new Error(regenerated.reason);
    expect(regenerated.recoveryCodes).toHaveLength(10);
    // Four of the old codes (a fifth failure would lock the account).
    for (const old of recoveryCodes.slice(0, 4)) {
      expect(await f.mfa.useRecoveryCode(userId, old)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect((await f.mfa.useRecoveryCode(userId, regenerated.recoveryCodes[0]!)).ok).toBe(true);
  });

  it('a recovery code can regenerate the codes and is used up by it', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    const regenerated = await f.mfa.regenerateRecoveryCodes(userId, recoveryCodes[0]!);
    expect(regenerated).toMatchObject({ ok: true });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ ok: false });
  });

  it('a recovery code can disable MFA; the secret and codes are wiped', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    expect(await f.mfa.disable(userId, recoveryCodes[5]!.toLowerCase())).toMatchObject({ ok: true });
    const record = (await f.store.get(userId))!;
    expect(record).toMatchObject({ state: 'disabled', secret: null, recoveryCodeHashes: [] });
  });

  it('honours recoveryCodes.count, including 0', async () => {
    for (const count of [0, 3]) {
      const f = setup({ recoveryCodes: { count } });
      expect((await enabled(f, newUser())).recoveryCodes).toHaveLength(count);
    }
  });

  it('normalisation, lookup and constant-time comparison', () => {
    expect(normaliseRecoveryCode('abcd efgh-ijkl-mn23')).toBe('ABCDEFGHIJKLMN23');
    expect(normaliseRecoveryCode('ABCD-EFGH-IJKL-MN01')).toBeNull(); // 0 and 1 are not Base32
    expect(normaliseRecoveryCode('ABCD-EFGH-IJKL')).toBeNull();
    expect(normaliseRecoveryCode('A'.repeat(100))).toBeNull();
    const { codes, hashes } = generateRecoveryCodes('u', 10, UNKEYED_HASHER);
    expect(findRecoveryCode(recoveryCodeCandidate('u', codes[7]!, UNKEYED_HASHER), hashes)).toBe(7);
    expect(findRecoveryCode(recoveryCodeCandidate('v', codes[7]!, UNKEYED_HASHER), hashes)).toBe(-1);
    expect(findRecoveryCode(recoveryCodeCandidate('u', 'not a code', UNKEYED_HASHER), hashes)).toBe(-1);
    expect(equalConstantTime('abc', 'abc')).toBe(true);
    expect(equalConstantTime('abc', 'abd')).toBe(false);
    expect(equalConstantTime('abc', 'ab')).toBe(false);
  });
});

describe('recovery-code hashes a database writer cannot plant', () => {
  it('a hash planted without the keyring does not verify; a keyed one does', async () => {
    const f = setup();
    const userId = newUser();
    await enabled(f, userId);
    const record = (await f.store.get(userId))!;
    const planted = 'PLNT-PLNT-PLNT-PLNT';
    const unkeyed = hashRecoveryCode(userId, 'PLNTPLNTPLNTPLNT');
    await f.store.compareAndSet(userId, record.version, {
      ...record,
      version: record.version + 1,
      recoveryCodeHashes: [...record.recoveryCodeHashes, unkeyed],
    });
    expect(await f.mfa.useRecoveryCode(userId, planted)).toMatchObject({ ok: false, reason: 'invalid' });
    // Unkeyed hashes claimed by a format-2 record (the writer drops the key id) are refused outright.
    const again = (await f.store.get(userId))!;
    await f.store.compareAndSet(userId, again.version, {
      ...again,
      version: again.version + 1,
      recoveryCodeKeyId: null,
      recoveryCodeHashes: [unkeyed],
    });
    await expectMfaError(f.mfa.useRecoveryCode(userId, planted), 'CORRUPT_RECORD');
  });

  it("a 0.1 record's unkeyed hashes keep working and are keyed at its next write", async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    const record = (await f.store.get(userId))!;
    // What 0.1 wrote: format 1, unkeyed SHA-256 hashes, no key id, no spent list, no budget.
    const {
      recoveryCodeKeyId: _k,
      spentRecoveryCodeHashes: _s,
      failureBudgetClearsAt: _b,
      authenticators,
      devices: _d,
      ...v01
    } = record;
    const [only] = authenticators!;
    const legacy = {
      ...v01,
      format: 1,
      version: record.version + 1,
      secret: only!.secret,
      lastUsedStep: only!.lastUsedStep,
    };
    legacy.recoveryCodeHashes = recoveryCodes.map((code) =>
      hashRecoveryCode(userId, code.replaceAll('-', '')),
    );
    await f.store.compareAndSet(userId, record.version, legacy);
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ ok: true, remaining: 9 });
    const upgraded = (await f.store.get(userId))!;
    expect(upgraded.format).toBe(RECORD_FORMAT);
    expect(upgraded.recoveryCodeKeyId).toBe('k1');
    const keyed = keyedHasher('k1', testKeyring().keys['k1']!);
    expect(upgraded.recoveryCodeHashes).toEqual(legacy.recoveryCodeHashes.slice(1).map(keyed.upgrade));
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[1]!)).toMatchObject({ ok: true, remaining: 8 });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ reason: 'replayed' });
  });
});
