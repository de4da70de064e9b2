// Enrolment as the store and the listener see it: refusals of confirmEnable are reported as such,
// the hard stop holds an enrolment's codes too, and a new set of recovery codes starts with none spent.
import { describe, expect, it } from 'vitest';
import { enabled, newUser, pending, setup, wrongCode } from './helpers.js';

describe('enrolment records and events', () => {
  it('each refusal of confirmEnable is reported with its action and reason', async () => {
    const f = setup();
    const never = newUser();
    expect(await f.mfa.confirmEnable(never, '123456')).toEqual({ ok: false, reason: 'not_pending' });
    const userId = newUser();
    const secret = await pending(f, userId);
    expect(await f.mfa.confirmEnable(userId, wrongCode(f, secret))).toEqual({ ok: false, reason: 'invalid' });
    f.advance(10 * 60_000);
    expect(await f.mfa.confirmEnable(userId, f.code(secret))).toEqual({ ok: false, reason: 'expired' });
    const refusals = f.events.filter((event) => event.type === 'verify_failed');
    expect(refusals).toEqual([
      expect.objectContaining({
        userId: never,
        action: 'confirmEnable',
        reason: 'not_pending',
        failedAttempts: 0,
      }),
      expect.objectContaining({ userId, action: 'confirmEnable', reason: 'invalid', failedAttempts: 1 }),
      expect.objectContaining({ userId, action: 'confirmEnable', reason: 'expired', failedAttempts: 1 }),
    ]);
  });

  it('the hard stop reached while enrolling refuses the right code as locked', async () => {
    const f = setup({ throttle: { maxFailures: 1, maxConsecutiveFailures: 1 } });
    const userId = newUser();
    const secret = await pending(f, userId);
    expect(await f.mfa.confirmEnable(userId, wrongCode(f, secret))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.confirmEnable(userId, f.code(secret))).toEqual({ ok: false, reason: 'locked' });
    expect((await f.mfa.status(userId)).state).toBe('pending');
  });

  it('confirmEnable, importEnrolment and regenerateRecoveryCodes store fresh codes with none spent', async () => {
    const f = setup();
    const userId = newUser();
    const { secret, recoveryCodes } = await enabled(f, userId);
    expect((await f.store.get(userId))!.spentRecoveryCodeHashes).toEqual([]);
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ ok: true });
    expect((await f.store.get(userId))!.spentRecoveryCodeHashes).toHaveLength(1);
    expect(await f.mfa.regenerateRecoveryCodes(userId, f.code(secret))).toMatchObject({ ok: true });
    expect((await f.store.get(userId))!.spentRecoveryCodeHashes).toEqual([]);

    const imported = newUser();
    await f.mfa.importEnrolment(imported, { secret });
    const record = (await f.store.get(imported))!;
    expect(record.spentRecoveryCodeHashes).toEqual([]);
    expect(record.recoveryCodeHashes).toHaveLength(10);
  });
});
