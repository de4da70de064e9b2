// Throttling: five consecutive failures lock the account for 30 s, doubling with each lock up to
// 15 minutes; a locked account refuses even the right code; a success clears the count; a new
// enrolment does not; every code-taking action counts.
import { describe, expect, it } from 'vitest';
import { lockDurationMs } from '../../src/mfa/throttle.js';
import { enabled, newUser, pending, retryAfter, setup, wrongCode } from './helpers.js';

describe('throttling', () => {
  it('locks after 5 consecutive failures; while locked even the right code gets locked with retryAfterMs', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const wrong = wrongCode(f, secret);
    for (let i = 0; i < 4; i++)
      expect(await f.mfa.verify(userId, wrong)).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.verify(userId, wrong)).toEqual({ ok: false, reason: 'invalid', retryAfterMs: 30_000 });
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({
      ok: false,
      reason: 'locked',
      retryAfterMs: 30_000,
    });
    f.advance(10_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({
      ok: false,
      reason: 'locked',
      retryAfterMs: 20_000,
    });
    expect((await f.mfa.status(userId)).lockedUntil).toBe(f.clock.now + 20_000);
    f.advance(20_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });

  it('back-off doubles with each consecutive lock from 30 s and is capped at 15 minutes', async () => {
    const f = setup({ throttle: { failureBudget: 1_000_000 } });
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const expected = [30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000];
    for (const lockMs of expected) {
      for (let i = 0; i < 4; i++) await f.mfa.verify(userId, wrongCode(f, secret));
      expect(await f.mfa.verify(userId, wrongCode(f, secret))).toEqual({
        ok: false,
        reason: 'invalid',
        retryAfterMs: lockMs,
      });
      f.advance(lockMs);
    }
    expect(
      lockDurationMs(1000, {
        baseLockMs: 30_000,
        maxLockMs: 900_000,
        maxFailures: 5,
        maxConsecutiveFailures: 100,
        failureBudget: 20,
        failureBudgetRefillMs: 10_800_000,
      }),
    ).toBe(900_000);
  });

  it('100 consecutive failures (NIST SP 800-63B §5.2.2) hold TOTP codes until a recovery code or a reset', async () => {
    const f = setup({ throttle: { failureBudget: 1_000_000 } });
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    let last: unknown;
    for (let failures = 1; failures <= 100; failures++) {
      last = await f.mfa.verify(userId, wrongCode(f, secret));
      if (failures % 5 === 0 && failures < 100) f.advance(900_000);
    }
    expect(last).toEqual({ ok: false, reason: 'invalid' });
    // No time unlocks it, and no TOTP gets through.
    f.advance(365 * 86_400_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({ ok: false, reason: 'locked' });
    expect(await f.mfa.status(userId)).toMatchObject({
      state: 'enabled',
      lockedUntil: null,
      lockedUntilReset: true,
    });
    await f.mfa.reset(userId);
    expect(await f.mfa.status(userId)).toMatchObject({ state: 'disabled', lockedUntilReset: false });
  });

  it('the failure budget is an option and a success in between starts it again', async () => {
    const f = setup({ throttle: { maxFailures: 2, maxConsecutiveFailures: 4 } });
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    for (let i = 0; i < 3; i++) await f.mfa.verify(userId, wrongCode(f, secret));
    f.advance(900_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
    for (let i = 0; i < 2; i++) await f.mfa.verify(userId, wrongCode(f, secret));
    f.advance(900_000);
    expect(await f.mfa.verify(userId, wrongCode(f, secret))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.verify(userId, wrongCode(f, secret))).toEqual({ ok: false, reason: 'invalid' });
    expect((await f.mfa.status(userId)).lockedUntilReset).toBe(true);
  });

  it('attempts while locked neither count nor extend the lock', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    for (let i = 0; i < 5; i++) await f.mfa.verify(userId, wrongCode(f, secret));
    const { lockedUntil } = await f.mfa.status(userId);
    for (let i = 0; i < 50; i++) await f.mfa.verify(userId, wrongCode(f, secret));
    expect((await f.mfa.status(userId)).lockedUntil).toBe(lockedUntil);
  });

  it('a success clears the failure count and the back-off', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    for (let i = 0; i < 5; i++) await f.mfa.verify(userId, wrongCode(f, secret));
    f.advance(30_000);
    for (let i = 0; i < 4; i++) await f.mfa.verify(userId, wrongCode(f, secret));
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
    // Four more failures do not lock (the count restarted), the fifth locks for 30 s, not 60 s.
    for (let i = 0; i < 4; i++)
      expect(retryAfter(await f.mfa.verify(userId, wrongCode(f, secret)))).toBeUndefined();
    expect(retryAfter(await f.mfa.verify(userId, wrongCode(f, secret)))).toBe(30_000);
  });

  it('starting a new enrolment does not reset the failure count', async () => {
    const f = setup();
    const userId = newUser();
    let secret = await pending(f, userId);
    for (let i = 0; i < 4; i++) await f.mfa.confirmEnable(userId, wrongCode(f, secret));
    secret = await pending(f, userId);
    expect(await f.mfa.confirmEnable(userId, wrongCode(f, secret))).toEqual({
      ok: false,
      reason: 'invalid',
      retryAfterMs: 30_000,
    });
    secret = await pending(f, userId);
    expect(await f.mfa.confirmEnable(userId, f.code(secret))).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('failures of every code-taking action share one budget', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const wrong = wrongCode(f, secret);
    await f.mfa.verify(userId, wrong);
    await f.mfa.useRecoveryCode(userId, 'AAAA-BBBB-CCCC-DDDD');
    await f.mfa.disable(userId, wrong);
    await f.mfa.regenerateRecoveryCodes(userId, 'not a code');
    expect(await f.mfa.verify(userId, wrong)).toMatchObject({ retryAfterMs: 30_000 });
  });

  it('a malformed code is a counted failure, not an error', async () => {
    const f = setup();
    const userId = newUser();
    await enabled(f, userId);
    for (const junk of ['', 'abcdef', '1234567', '１２３４５６', 'x'.repeat(100_000)]) {
      expect(await f.mfa.verify(userId, junk)).toMatchObject({ ok: false, reason: 'invalid' });
    }
    expect((await f.mfa.status(userId)).lockedUntil).not.toBeNull();
  });

  it('a burst of wrong guesses in parallel cannot exceed the attempt budget', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const guesses = Array.from({ length: 60 }, (_, i) => String(i * 7919).padStart(6, '0'));
    const near = new Set([-1, 0, 1].map((o) => f.code(secret, o)));
    const results = await Promise.all(
      guesses.filter((g) => !near.has(g)).map((g) => f.mfa.verify(userId, g)),
    );
    const evaluated = results.filter((result) => !result.ok && result.reason === 'invalid');
    expect(evaluated).toHaveLength(5);
    expect(results.filter((result) => !result.ok && result.reason === 'locked').length).toBe(
      results.length - 5,
    );
    const failedEvents = f.events.filter((e) => e.type === 'verify_failed' && e.reason === 'invalid');
    expect(failedEvents).toHaveLength(5);
  });

  it('honours custom throttle options', async () => {
    const f = setup({ throttle: { maxFailures: 2, baseLockMs: 1000, maxLockMs: 1500 } });
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    await f.mfa.verify(userId, wrongCode(f, secret));
    expect(retryAfter(await f.mfa.verify(userId, wrongCode(f, secret)))).toBe(1000);
    f.advance(1000);
    await f.mfa.verify(userId, wrongCode(f, secret));
    expect(retryAfter(await f.mfa.verify(userId, wrongCode(f, secret)))).toBe(1500);
  });
});
