// disable and regenerateRecoveryCodes: their refusals are reported under their own action, and in
// the hard stop they take a recovery code but not a TOTP code.
import { describe, expect, it } from 'vitest';
import { enabled, newUser, setup, wrongCode } from './helpers.js';

describe('refusals of disable and regenerateRecoveryCodes', () => {
  it('a code-taking action on an account without MFA is reported under that action', async () => {
    const f = setup();
    const userId = newUser();
    expect(await f.mfa.verify(userId, '123456')).toEqual({ ok: false, reason: 'not_enabled' });
    expect(await f.mfa.useRecoveryCode(userId, 'AAAA-BBBB-CCCC-DDDD')).toEqual({
      ok: false,
      reason: 'not_enabled',
    });
    expect(await f.mfa.disable(userId, '123456')).toEqual({ ok: false, reason: 'not_enabled' });
    expect(await f.mfa.regenerateRecoveryCodes(userId, '123456')).toEqual({
      ok: false,
      reason: 'not_enabled',
    });
    expect(f.events).toEqual(
      ['verify', 'useRecoveryCode', 'disable', 'regenerateRecoveryCodes'].map((action) => ({
        type: 'verify_failed',
        userId,
        at: f.clock.now,
        action,
        reason: 'not_enabled',
        failedAttempts: 0,
      })),
    );
  });

  it('in the hard stop, regenerateRecoveryCodes and disable refuse a TOTP code and take a recovery code', async () => {
    const f = setup({ throttle: { maxFailures: 1, maxConsecutiveFailures: 1 } });
    const userId = newUser();
    const { secret, recoveryCodes } = await enabled(f, userId);
    await f.mfa.verify(userId, wrongCode(f, secret));
    expect((await f.mfa.status(userId)).lockedUntilReset).toBe(true);
    expect(await f.mfa.regenerateRecoveryCodes(userId, f.code(secret))).toEqual({
      ok: false,
      reason: 'locked',
    });
    expect(await f.mfa.disable(userId, f.code(secret))).toEqual({ ok: false, reason: 'locked' });
    const regenerated = await f.mfa.regenerateRecoveryCodes(userId, recoveryCodes[0]!);
    expect(regenerated).toMatchObject({ ok: true });
    expect(f.events.at(-1)).toMatchObject({
      type: 'recovery_codes_regenerated',
      method: 'recovery_code',
      count: 10,
    });
    expect((await f.mfa.status(userId)).lockedUntilReset).toBe(false);

    await f.mfa.verify(userId, wrongCode(f, secret));
    expect((await f.mfa.status(userId)).lockedUntilReset).toBe(true);
    const fresh = (regenerated as { recoveryCodes: string[] }).recoveryCodes;
    expect(await f.mfa.disable(userId, fresh[0]!)).toMatchObject({ ok: true });
    expect(f.events.at(-1)).toMatchObject({ type: 'disabled', method: 'recovery_code' });
  });

  it('disable and regenerateRecoveryCodes report which kind of code proved them', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    expect(await f.mfa.regenerateRecoveryCodes(userId, f.code(secret))).toMatchObject({ ok: true });
    expect(f.events.at(-1)).toMatchObject({ type: 'recovery_codes_regenerated', method: 'totp' });
    f.advance(30_000);
    expect(await f.mfa.disable(userId, f.code(secret))).toMatchObject({ ok: true });
    expect(f.events.at(-1)).toMatchObject({ type: 'disabled', method: 'totp' });
  });

  it('in the hard stop, input too long to be a TOTP code is judged as a recovery code (and is wrong)', async () => {
    const f = setup({ throttle: { maxFailures: 1, maxConsecutiveFailures: 1 } });
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    await f.mfa.verify(userId, wrongCode(f, secret));
    expect(await f.mfa.disable(userId, '1'.repeat(65))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.disable(userId, '1'.repeat(64))).toEqual({ ok: false, reason: 'locked' });
  });

  it('every spent recovery code stays spent: each is refused as replayed', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    const [a, b, c] = recoveryCodes as [string, string, string];
    expect(await f.mfa.useRecoveryCode(userId, a)).toMatchObject({ ok: true, remaining: 9 });
    expect(await f.mfa.useRecoveryCode(userId, b)).toMatchObject({ ok: true, remaining: 8 });
    expect(await f.mfa.useRecoveryCode(userId, a)).toEqual({ ok: false, reason: 'replayed' });
    expect(await f.mfa.useRecoveryCode(userId, b)).toEqual({ ok: false, reason: 'replayed' });
    expect((await f.store.get(userId))!.spentRecoveryCodeHashes).toHaveLength(2);
    expect(await f.mfa.useRecoveryCode(userId, c)).toMatchObject({ ok: true, remaining: 7 });
  });

  it('a wrong code given to disable or regenerateRecoveryCodes is reported under that action', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    f.events.length = 0;
    expect(await f.mfa.disable(userId, wrongCode(f, secret))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.regenerateRecoveryCodes(userId, wrongCode(f, secret))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(f.events).toEqual([
      expect.objectContaining({
        type: 'verify_failed',
        action: 'disable',
        reason: 'invalid',
        failedAttempts: 1,
      }),
      expect.objectContaining({
        type: 'verify_failed',
        action: 'regenerateRecoveryCodes',
        reason: 'invalid',
        failedAttempts: 2,
      }),
    ]);
  });
});
