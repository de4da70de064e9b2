// The events and results of each kind of lock: a back-off lock, a spent failure budget and the
// hard stop, as they start and as they refuse codes; and which codes each lets through.
import { describe, expect, it } from 'vitest';
import { enabled, newUser, setup, wrongCode } from './helpers.js';

describe('lock events and results', () => {
  it('the hard stop starts with a locked event without an end, and then holds TOTP codes but not recovery codes', async () => {
    const f = setup({
      throttle: {
        maxFailures: 2,
        baseLockMs: 1_000,
        maxLockMs: 1_000,
        maxConsecutiveFailures: 4,
        failureBudget: 1_000,
      },
    });
    const userId = newUser();
    const { secret, recoveryCodes } = await enabled(f, userId);
    await f.mfa.verify(userId, wrongCode(f, secret));
    expect(await f.mfa.verify(userId, wrongCode(f, secret))).toEqual({
      ok: false,
      reason: 'invalid',
      retryAfterMs: 1_000,
    });
    f.advance(1_000);
    await f.mfa.verify(userId, wrongCode(f, secret));
    f.events.length = 0;
    // The 4th failure in a row: the hard stop.
    expect(await f.mfa.verify(userId, wrongCode(f, secret))).toEqual({ ok: false, reason: 'invalid' });
    const at = f.clock.now;
    expect(f.events).toEqual([
      { type: 'verify_failed', userId, at, action: 'verify', reason: 'invalid', failedAttempts: 2 },
      { type: 'locked', userId, at, lockedUntil: null, retryAfterMs: null, lockouts: 2 },
    ]);
    f.events.length = 0;
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({ ok: false, reason: 'locked' });
    expect(await f.mfa.disable(userId, f.code(secret))).toEqual({ ok: false, reason: 'locked' });
    expect(f.events).toEqual([
      {
        type: 'verify_failed',
        userId,
        at: f.clock.now,
        action: 'verify',
        reason: 'locked',
        failedAttempts: 0,
      },
      {
        type: 'verify_failed',
        userId,
        at: f.clock.now,
        action: 'disable',
        reason: 'locked',
        failedAttempts: 0,
      },
    ]);
    expect(await f.mfa.status(userId)).toMatchObject({ lockedUntil: null, lockedUntilReset: true });
    // A wrong recovery code in the hard stop is judged and counted, and does not start it again.
    f.events.length = 0;
    expect(await f.mfa.useRecoveryCode(userId, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(f.events).toEqual([
      {
        type: 'verify_failed',
        userId,
        at: f.clock.now,
        action: 'useRecoveryCode',
        reason: 'invalid',
        failedAttempts: 0,
      },
    ]);
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ ok: true, remaining: 9 });
    expect(await f.mfa.status(userId)).toMatchObject({ lockedUntil: null, lockedUntilReset: false });
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });

  it('a spent failure budget without a back-off lock is reported as a lock ending when one failure is regained', async () => {
    const f = setup({
      throttle: {
        maxFailures: 10,
        maxConsecutiveFailures: 100,
        failureBudget: 2,
        failureBudgetRefillMs: 60_000,
      },
    });
    const userId = newUser();
    const { secret, recoveryCodes } = await enabled(f, userId);
    f.events.length = 0;
    expect(await f.mfa.verify(userId, wrongCode(f, secret))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.verify(userId, wrongCode(f, secret))).toEqual({
      ok: false,
      reason: 'invalid',
      retryAfterMs: 60_000,
    });
    const at = f.clock.now;
    expect(f.events).toEqual([
      { type: 'verify_failed', userId, at, action: 'verify', reason: 'invalid', failedAttempts: 1 },
      { type: 'verify_failed', userId, at, action: 'verify', reason: 'invalid', failedAttempts: 2 },
      { type: 'locked', userId, at, lockedUntil: at + 60_000, retryAfterMs: 60_000, lockouts: 0 },
    ]);
    f.events.length = 0;
    f.advance(10_000);
    // The budget holds every code, recovery codes too, with the time left; nothing is counted.
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({
      ok: false,
      reason: 'locked',
      retryAfterMs: 50_000,
    });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toEqual({
      ok: false,
      reason: 'locked',
      retryAfterMs: 50_000,
    });
    expect(f.events).toEqual([
      {
        type: 'verify_failed',
        userId,
        at: f.clock.now,
        action: 'verify',
        reason: 'locked',
        failedAttempts: 2,
      },
      {
        type: 'verify_failed',
        userId,
        at: f.clock.now,
        action: 'useRecoveryCode',
        reason: 'locked',
        failedAttempts: 2,
      },
    ]);
    // Status shows when the spent budget lets a code be judged again.
    expect(await f.mfa.status(userId)).toMatchObject({
      lockedUntil: f.clock.now + 50_000,
      lockedUntilReset: false,
    });
    f.advance(50_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });

  it('a back-off lock holds recovery codes too, with retryAfterMs, and status shows when it ends', async () => {
    const f = setup({ throttle: { maxFailures: 1, baseLockMs: 5_000 } });
    const userId = newUser();
    const { secret, recoveryCodes } = await enabled(f, userId);
    await f.mfa.verify(userId, wrongCode(f, secret));
    expect(await f.mfa.status(userId)).toMatchObject({
      lockedUntil: f.clock.now + 5_000,
      lockedUntilReset: false,
    });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toEqual({
      ok: false,
      reason: 'locked',
      retryAfterMs: 5_000,
    });
    f.advance(5_000);
    expect(await f.mfa.status(userId)).toMatchObject({ lockedUntil: null });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ ok: true, remaining: 9 });
  });
});
