// The failure budget bounds an attacker who knows the password over time, not only between two of
// the real user's sign-ins; the hard stop can be ended by the user with a recovery code; and a used
// recovery code submitted again is a replay, not a guess.
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/shared/index.js';
import { enabled, newUser, retryAfter, setup, wrongCode } from './helpers.js';

const DAY_MS = 86_400_000;

describe('the failure budget (default policy)', () => {
  it('a year of guessing at the highest rate the policy allows, while the user signs in daily, is judged at most 3,000 times', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const start = f.clock.now;
    const end = start + 365 * DAY_MS;
    let attackerAt = start;
    // The user's sign-in time is not aligned with the budget's 3-hour refill.
    let userAt = start + DAY_MS / 2 + 1_234_567;
    let judged = 0;
    let refusedWhileLocked = 0;
    let userSignIns = 0;
    while (Math.min(attackerAt, userAt) < end) {
      if (userAt <= attackerAt) {
        // The real user, at their daily sign-in: a right code is refused only while a lock holds,
        // and then they come back when it ends (at the same moment as the attacker: the model lets the
        // user go first then, which flatters the sign-in count, not the attacker's bound).
        f.clock.now = userAt;
        const result = await f.mfa.verify(userId, f.code(secret));
        if (result.ok) {
          userSignIns += 1;
          userAt += DAY_MS;
        } else {
          expect(result.reason).toBe('locked');
          const wait = retryAfter(result);
          expect(wait).toBeGreaterThan(0);
          refusedWhileLocked += 1;
          userAt += wait!;
        }
        continue;
      }
      f.clock.now = attackerAt;
      const result = await f.mfa.verify(userId, wrongCode(f, secret));
      expect(result.ok).toBe(false);
      if (!result.ok && result.reason === 'invalid') judged += 1;
      // The attacker comes back the moment the policy lets them, or at once after a judged guess.
      attackerAt += retryAfter(result) ?? 1;
    }
    console.log(
      `failure budget: the attacker had ${judged} guesses judged in 365 days (chance of success with a ±1 window: ${(((judged * 3) / 1e6) * 100).toFixed(2)} %); the user signed in ${userSignIns} times, ${refusedWhileLocked} times sent back by a lock`,
    );
    expect(judged).toBeLessThanOrEqual(3000);
    // The bound is the budget's, not an accident of the simulation: 20 + one per 3 hours.
    const { failureBudget, failureBudgetRefillMs } = DEFAULTS.mfa.throttle;
    expect(judged).toBeLessThanOrEqual(failureBudget + Math.ceil((365 * DAY_MS) / failureBudgetRefillMs));
    expect(judged).toBeGreaterThan(2000);
  });

  it('a success does not restore the budget: 20 wrong codes around a right one still spend it', async () => {
    const f = setup({ throttle: { maxFailures: 100, maxConsecutiveFailures: 100 } });
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    for (let i = 0; i < 10; i++) await f.mfa.verify(userId, wrongCode(f, secret));
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
    f.advance(30_000);
    for (let i = 0; i < 9; i++) {
      expect(await f.mfa.verify(userId, wrongCode(f, secret))).toEqual({ ok: false, reason: 'invalid' });
    }
    // The budget refills one failure per 3 hours, counted from the first failure (30 s ago).
    const wait = 10_800_000 - 30_000;
    const last = await f.mfa.verify(userId, wrongCode(f, secret));
    expect(last).toEqual({ ok: false, reason: 'invalid', retryAfterMs: wait });
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({
      ok: false,
      reason: 'locked',
      retryAfterMs: wait,
    });
    expect((await f.mfa.status(userId)).lockedUntil).toBe(f.clock.now + wait);
    f.advance(wait);
    expect((await f.mfa.status(userId)).lockedUntil).toBeNull();
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });
});

describe('the hard stop and recovery codes', () => {
  it('while the hard stop holds TOTP codes, a valid recovery code is accepted and ends it', async () => {
    const f = setup({ throttle: { failureBudget: 1_000_000, maxFailures: 2, maxConsecutiveFailures: 4 } });
    const userId = newUser();
    const { secret, recoveryCodes } = await enabled(f, userId);
    for (let i = 0; i < 4; i++) {
      await f.mfa.verify(userId, wrongCode(f, secret));
      f.advance(900_000);
    }
    expect((await f.mfa.status(userId)).lockedUntilReset).toBe(true);
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({ ok: false, reason: 'locked' });
    // A wrong recovery code is judged and counted like any code, without lifting the stop.
    expect(await f.mfa.useRecoveryCode(userId, 'AAAA-AAAA-AAAA-AAAA')).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect((await f.mfa.status(userId)).lockedUntilReset).toBe(true);
    f.advance(900_000);
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ ok: true, remaining: 9 });
    expect(await f.mfa.status(userId)).toMatchObject({ lockedUntilReset: false, lockedUntil: null });
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });

  it('the hard stop lets a recovery code disable MFA, but not a TOTP', async () => {
    const f = setup({ throttle: { failureBudget: 1_000_000, maxFailures: 2, maxConsecutiveFailures: 2 } });
    const userId = newUser();
    const { secret, recoveryCodes } = await enabled(f, userId);
    await f.mfa.verify(userId, wrongCode(f, secret));
    await f.mfa.verify(userId, wrongCode(f, secret));
    expect((await f.mfa.status(userId)).lockedUntilReset).toBe(true);
    expect(await f.mfa.disable(userId, f.code(secret))).toEqual({ ok: false, reason: 'locked' });
    expect(await f.mfa.disable(userId, recoveryCodes[1]!)).toMatchObject({ ok: true });
  });

  it('a used recovery code submitted again is replayed and not counted: 30 parallel submissions give 1 ok and 29 replayed', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    const code = recoveryCodes[2]!;
    const results = await Promise.all(Array.from({ length: 30 }, () => f.mfa.useRecoveryCode(userId, code)));
    const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
    expect(reasons.filter((r) => r === 'ok')).toHaveLength(1);
    expect(reasons.filter((r) => r === 'replayed')).toHaveLength(29);
    expect(await f.mfa.status(userId)).toMatchObject({ recoveryCodesRemaining: 9, lockedUntil: null });
  });
});
