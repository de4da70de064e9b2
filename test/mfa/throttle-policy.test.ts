// The throttle policy as pure functions, at its boundaries: when a lock starts and ends, how the
// failure budget is spent and regained, when the hard stop starts, and what each reports.
import { describe, expect, it } from 'vitest';
import {
  budgetRemainingMs,
  CLEAR_THROTTLE,
  isLockedUntilReset,
  LOCKED_UNTIL_RESET,
  lockDurationMs,
  lockRemainingMs,
  registerFailure,
  type ThrottleFields,
} from '../../src/mfa/throttle.js';

const POLICY = {
  maxFailures: 3,
  baseLockMs: 1_000,
  maxLockMs: 60_000,
  maxConsecutiveFailures: 10,
  failureBudget: 4,
  failureBudgetRefillMs: 100_000,
};
const NOW = 5_000_000;
const fresh: ThrottleFields = { ...CLEAR_THROTTLE, failureBudgetClearsAt: null };

describe('lockRemainingMs', () => {
  it('is the time left of a timed lock, 0 once it has ended, with no lock, or in the hard stop', () => {
    expect(lockRemainingMs({ ...fresh, lockedUntil: NOW + 1 }, NOW)).toBe(1);
    expect(lockRemainingMs({ ...fresh, lockedUntil: NOW }, NOW)).toBe(0);
    expect(lockRemainingMs({ ...fresh, lockedUntil: NOW - 1 }, NOW)).toBe(0);
    expect(lockRemainingMs(fresh, NOW)).toBe(0);
    expect(lockRemainingMs(null, NOW)).toBe(0);
    expect(lockRemainingMs({ ...fresh, lockedUntil: LOCKED_UNTIL_RESET }, NOW)).toBe(0);
  });
});

describe('isLockedUntilReset', () => {
  it('is true only for the hard-stop marker', () => {
    expect(isLockedUntilReset({ ...fresh, lockedUntil: LOCKED_UNTIL_RESET })).toBe(true);
    expect(isLockedUntilReset({ ...fresh, lockedUntil: NOW })).toBe(false);
    expect(isLockedUntilReset(fresh)).toBe(false);
    expect(isLockedUntilReset(null)).toBe(false);
  });
});

describe('budgetRemainingMs', () => {
  const at = (failureBudgetClearsAt: number | null) => ({ ...fresh, failureBudgetClearsAt });
  it('is 0 for an untouched budget or a missing record', () => {
    expect(budgetRemainingMs(at(null), NOW, POLICY)).toBe(0);
    expect(budgetRemainingMs(null, NOW, POLICY)).toBe(0);
  });
  it('is 0 while one more failure fits, and the wait for one failure to be regained after', () => {
    // Three failures spent: room for a fourth.
    expect(budgetRemainingMs(at(NOW + 3 * 100_000), NOW, POLICY)).toBe(0);
    // Four spent, just now: one refill period until the next judged code.
    expect(budgetRemainingMs(at(NOW + 4 * 100_000), NOW, POLICY)).toBe(100_000);
    expect(budgetRemainingMs(at(NOW + 4 * 100_000 - 1), NOW, POLICY)).toBe(99_999);
    expect(budgetRemainingMs(at(NOW + 3 * 100_000 + 1), NOW, POLICY)).toBe(1);
    // Long regained: never negative.
    expect(budgetRemainingMs(at(NOW - 1_000_000), NOW, POLICY)).toBe(0);
  });
});

describe('lockDurationMs', () => {
  it('doubles from the base with each lock in a row, and never exceeds the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => lockDurationMs(n, POLICY))).toEqual([
      1_000, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
    ]);
  });
  it('stops doubling at 2^30 so that the product stays a safe integer', () => {
    const uncapped = { ...POLICY, baseLockMs: 1, maxLockMs: Number.MAX_SAFE_INTEGER };
    expect(lockDurationMs(31, uncapped)).toBe(2 ** 30);
    expect(lockDurationMs(32, uncapped)).toBe(2 ** 30);
    expect(lockDurationMs(1_000_000, uncapped)).toBe(2 ** 30);
    expect(lockDurationMs(30, uncapped)).toBe(2 ** 29);
  });
});

describe('registerFailure', () => {
  it('counts a failure below maxFailures without a lock, and spends one failure of the budget', () => {
    expect(registerFailure(fresh, NOW, POLICY)).toEqual({
      fields: { failedAttempts: 1, lockouts: 0, lockedUntil: null, failureBudgetClearsAt: NOW + 100_000 },
      lockStarted: false,
      retryAfterMs: 0,
      lockedUntilReset: false,
    });
    const second = registerFailure(
      { ...fresh, failedAttempts: 1, failureBudgetClearsAt: NOW + 100_000 },
      NOW,
      POLICY,
    );
    expect(second.fields).toEqual({
      failedAttempts: 2,
      lockouts: 0,
      lockedUntil: null,
      failureBudgetClearsAt: NOW + 200_000,
    });
    expect(second.lockStarted).toBe(false);
  });

  it('spends the budget from now when it had been regained, not from the past', () => {
    const regained = registerFailure({ ...fresh, failureBudgetClearsAt: NOW - 50_000 }, NOW, POLICY);
    expect(regained.fields.failureBudgetClearsAt).toBe(NOW + 100_000);
  });

  it('the maxFailures-th failure starts a lock of the back-off length', () => {
    const record = { ...fresh, failedAttempts: 2, failureBudgetClearsAt: NOW };
    expect(registerFailure(record, NOW, POLICY)).toEqual({
      fields: {
        failedAttempts: 0,
        lockouts: 1,
        lockedUntil: NOW + 1_000,
        failureBudgetClearsAt: NOW + 100_000,
      },
      lockStarted: true,
      retryAfterMs: 1_000,
      lockedUntilReset: false,
    });
    const third = registerFailure({ ...record, lockouts: 2 }, NOW, POLICY);
    expect(third.fields).toMatchObject({ failedAttempts: 0, lockouts: 3, lockedUntil: NOW + 4_000 });
    expect(third.retryAfterMs).toBe(4_000);
  });

  it('reports the budget wait when it is longer than the back-off', () => {
    // Three failures already spent: this one empties the budget, the lock is only 1 s.
    const record = { ...fresh, failedAttempts: 2, failureBudgetClearsAt: NOW + 300_000 };
    const outcome = registerFailure(record, NOW, POLICY);
    expect(outcome.lockStarted).toBe(true);
    expect(outcome.retryAfterMs).toBe(100_000);
    const unlocked = registerFailure({ ...record, failedAttempts: 0 }, NOW, POLICY);
    expect(unlocked.lockStarted).toBe(false);
    expect(unlocked.retryAfterMs).toBe(100_000);
  });

  it('the maxConsecutiveFailures-th failure with no success between starts the hard stop, not before', () => {
    // lockouts · maxFailures + failedAttempts: 3 · 3 + 0 = 9 before, so this is the 10th.
    const ninth = { ...fresh, failedAttempts: 0, lockouts: 3, failureBudgetClearsAt: NOW };
    expect(registerFailure(ninth, NOW, POLICY)).toEqual({
      fields: {
        failedAttempts: 0,
        lockouts: 4,
        lockedUntil: LOCKED_UNTIL_RESET,
        failureBudgetClearsAt: NOW + 100_000,
      },
      lockStarted: false,
      retryAfterMs: 0,
      lockedUntilReset: true,
    });
    // One fewer in a row (2 · 3 + 1 = 7 before, this is the 8th): an ordinary count.
    const eighth = registerFailure({ ...ninth, lockouts: 2, failedAttempts: 1 }, NOW, POLICY);
    expect(eighth.lockedUntilReset).toBe(false);
    expect(eighth.fields).toMatchObject({ failedAttempts: 2, lockouts: 2, lockedUntil: null });
  });

  it('a failure already in the hard stop keeps it and does not report it as started again', () => {
    const stopped = { ...fresh, lockouts: 4, lockedUntil: LOCKED_UNTIL_RESET, failureBudgetClearsAt: NOW };
    const outcome = registerFailure(stopped, NOW, POLICY);
    expect(outcome.fields).toMatchObject({ failedAttempts: 0, lockouts: 5, lockedUntil: LOCKED_UNTIL_RESET });
    expect(outcome.lockedUntilReset).toBe(false);
    expect(outcome.lockStarted).toBe(false);
  });
});
