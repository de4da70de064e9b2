// importEnrolment: moving users whose authenticators already hold a secret from another TOTP system.
// The account is enabled with that secret (sealed like any other), new recovery codes are issued,
// codes from the old system's last accepted step stay used, and an attacker's failure count survives.
import { describe, expect, it } from 'vitest';
import { encodeBase32, generateSecret } from '../../src/otp/index.js';
import { enabled, expectMfaError, newUser, pending, sealedOf, setup, wrongCode } from './helpers.js';

describe('importEnrolment', () => {
  it('enables MFA with an existing secret as people paste it, and issues recovery codes', async () => {
    const f = setup();
    const userId = newUser();
    const secret = generateSecret();
    const pasted = secret.toLowerCase().replace(/(.{4})/g, '$1 ');
    const { recoveryCodes } = await f.mfa.importEnrolment(userId, {
      secret: pasted,
      accountName: 'ada@acme.test',
    });
    expect(recoveryCodes).toHaveLength(10);
    expect(await f.mfa.status(userId)).toMatchObject({ state: 'enabled', recoveryCodesRemaining: 10 });
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({ ok: false, reason: 'replayed' });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ ok: true, remaining: 9 });
  });

  it('takes a secret whose last Base32 character carries leftover bits, as other systems write them', async () => {
    const f = setup();
    const userId = newUser();
    // pyotp's test secret: its last character, V, sets a bit that belongs to no byte; U is canonical.
    await f.mfa.importEnrolment(userId, { secret: 'S46SQCPPTCNPROMHWYBDCTBZXV' });
    expect(await f.mfa.verify(userId, f.code('S46SQCPPTCNPROMHWYBDCTBZXU'))).toMatchObject({ ok: true });
  });

  it('seals the imported secret under the keyring and reports it without the secret or the codes', async () => {
    const f = setup();
    const userId = newUser();
    const secret = generateSecret();
    const { recoveryCodes } = await f.mfa.importEnrolment(userId, { secret });
    const stored = JSON.stringify(await f.store.get(userId));
    expect(sealedOf((await f.store.get(userId))!).keyId).toBe('k1');
    expect(stored).not.toContain(secret);
    const events = JSON.stringify(f.events);
    expect(f.events.at(-1)).toMatchObject({ type: 'enrolment_imported', userId, recoveryCodes: 10 });
    for (const text of [secret, ...recoveryCodes]) expect(events).not.toContain(text);
  });

  it('takes the secret as bytes without changing the caller’s array', async () => {
    const f = setup();
    const userId = newUser();
    const bytes = new Uint8Array(20).map((_, i) => i * 11);
    const copy = bytes.slice();
    await f.mfa.importEnrolment(userId, { secret: bytes });
    expect(bytes).toEqual(copy);
    expect(await f.mfa.verify(userId, f.code(encodeBase32(bytes)))).toMatchObject({ ok: true });
  });

  it('keeps the old system’s last accepted step used', async () => {
    const f = setup();
    const userId = newUser();
    const secret = generateSecret();
    const currentStep = Math.floor(f.clock.now / 30_000);
    await f.mfa.importEnrolment(userId, { secret, lastUsedStep: currentStep });
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({ ok: false, reason: 'replayed' });
    expect(await f.mfa.verify(userId, f.code(secret, 1))).toMatchObject({ ok: true });
  });

  it('replaces a pending enrolment, refuses an enabled account, and keeps a lock', async () => {
    const f = setup();
    const userId = newUser();
    const pendingSecret = await pending(f, userId);
    for (let i = 0; i < 5; i++) await f.mfa.confirmEnable(userId, wrongCode(f, pendingSecret));
    const secret = generateSecret();
    await f.mfa.importEnrolment(userId, { secret });
    // Importing is no way around the throttle: the lock from the failed confirmations stands.
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: false, reason: 'locked' });
    const other = newUser();
    await enabled(f, other);
    await expectMfaError(f.mfa.importEnrolment(other, { secret }), 'INVALID_STATE');
  });

  it('refuses bad secrets and options with typed errors and writes nothing', async () => {
    const f = setup();
    const userId = newUser();
    const cases: [unknown, string][] = [
      [null, 'INVALID_ARGUMENT'],
      [{}, 'INVALID_SECRET'],
      [{ secret: 'not base32!' }, 'INVALID_SECRET'],
      [{ secret: encodeBase32(new Uint8Array(8).fill(1)) }, 'INVALID_SECRET'],
      [{ secret: 42 }, 'INVALID_SECRET'],
      [{ secret: generateSecret(), lastUsedStep: -1 }, 'INVALID_ARGUMENT'],
      [{ secret: generateSecret(), lastUsedStep: 1.5 }, 'INVALID_ARGUMENT'],
      [{ secret: generateSecret(), accountName: 'a:b' }, 'INVALID_ARGUMENT'],
      [{ secret: generateSecret(), accountName: 7 }, 'INVALID_ARGUMENT'],
    ];
    for (const [options, code] of cases) {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong argument types
      const error = await expectMfaError(f.mfa.importEnrolment(userId, options as any), code);
      expect(error.message).not.toMatch(/[A-Z2-7]{16}/);
    }
    expect(await f.store.get(userId)).toBeNull();
  });
});
