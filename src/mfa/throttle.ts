/**
 * The throttling policy, as pure functions of a record and the time. Three bounds, each for its own
 * attacker:
 *
 * - **Back-off** (a burst): `maxFailures` consecutive failures lock the account for `baseLockMs`,
 *   doubling with each further lock up to `maxLockMs`. A success clears it.
 * - **Failure budget** (the long run): at most `failureBudget` failures in a burst, regained one per
 *   `failureBudgetRefillMs`, whatever successes come between. Without it, an attacker who knows the
 *   password could guess up to each lock, wait for the real user's next sign-in to clear the count,
 *   and go on for ever. It is a generic cell rate algorithm: one timestamp,
 *   `failureBudgetClearsAt`, the moment the budget would be whole again.
 * - **Hard stop**: after `maxConsecutiveFailures` failures with no success between (the ceiling of
 *   NIST SP 800-63B §5.2.2) TOTP codes are refused until a recovery code (80 random bits, which no
 *   one guesses) or an administrator's `reset` ends it.
 *
 * A new enrolment clears none of them (else re-enrolling would reset an attacker's count).
 *
 * @module
 */
import type { MfaRecord } from './store.js';
import type { MfaPolicy } from './types/index.js';

/** The throttle fields of a record. */
export type ThrottleFields = Pick<
  MfaRecord,
  'failedAttempts' | 'lockouts' | 'lockedUntil' | 'failureBudgetClearsAt'
>;

/** The throttle fields a failure writes: all of them, the budget included. */
export interface CountedFailure {
  failedAttempts: number;
  lockouts: number;
  lockedUntil: number | null;
  failureBudgetClearsAt: number;
}

/**
 * The `lockedUntil` of an account in the hard stop: the largest safe integer, so that every store
 * round-trips it and every time comparison treats it as "not yet".
 */
export const LOCKED_UNTIL_RESET = Number.MAX_SAFE_INTEGER;

/** The back-off fields after a success, or of a fresh account. The failure budget is not among them. */
export const CLEAR_THROTTLE = Object.freeze({ failedAttempts: 0, lockouts: 0, lockedUntil: null });

type ThrottlePolicy = MfaPolicy['throttle'];

/**
 * How long a timed lock (back-off) still holds, or 0 when there is none. The hard stop is not a
 * timed lock: see {@link isLockedUntilReset}.
 *
 * @param record - the throttle fields (a missing record is never locked)
 * @param now - ms since the epoch
 * @returns milliseconds until codes are accepted again
 */
export function lockRemainingMs(record: ThrottleFields | null, now: number): number {
  const until = record?.lockedUntil ?? null;
  // Mutation testing: two equivalent mutants survive here: `until !== null` → true (null > now is
  // false) and `>` → `>=` (until - now is then 0).
  return until !== null && until !== LOCKED_UNTIL_RESET && until > now ? until - now : 0;
}

/**
 * Whether the account is in the hard stop: TOTP codes are refused until a recovery code or `reset`.
 *
 * @param record - the throttle fields (a missing record is never locked)
 * @returns true in the hard stop
 */
export function isLockedUntilReset(record: ThrottleFields | null): boolean {
  return record?.lockedUntil === LOCKED_UNTIL_RESET;
}

/**
 * How long until the failure budget allows one more judged code, or 0 when it allows one now.
 *
 * @param record - the throttle fields
 * @param now - ms since the epoch
 * @param policy - the throttle policy
 * @returns milliseconds to wait
 */
export function budgetRemainingMs(
  record: ThrottleFields | null,
  now: number,
  policy: ThrottlePolicy,
): number {
  const clearsAt = record?.failureBudgetClearsAt ?? null;
  // Stryker disable next-line ConditionalExpression: equivalent; with null read as 0, the expression below is negative and clamps to 0
  if (clearsAt === null) return 0;
  // A code is judged while the budget holds at least one failure: clearsAt - now ≤ (budget - 1) · refill.
  return Math.max(0, clearsAt - now - (policy.failureBudget - 1) * policy.failureBudgetRefillMs);
}

/**
 * The length of the `lockouts`-th consecutive lock (1-based): base × 2^(lockouts-1), capped.
 *
 * @param lockouts - how many locks in a row, this one included
 * @param policy - the throttle policy
 * @returns milliseconds
 */
export function lockDurationMs(lockouts: number, policy: ThrottlePolicy): number {
  // Past 2^30 the doubling has long hit any sane cap; stop there to stay within safe integers.
  const factor = 2 ** Math.min(Math.max(lockouts - 1, 0), 30);
  return Math.min(policy.baseLockMs * factor, policy.maxLockMs);
}

/** The throttle fields after one more failure, and the lock it leaves the account in. */
export interface FailureOutcome {
  fields: CountedFailure;
  /** True when this failure started a back-off lock. */
  lockStarted: boolean;
  /** Milliseconds until a code is judged again (back-off or budget), or 0 (also in the hard stop). */
  retryAfterMs: number;
  /** True when this failure started the hard stop. */
  lockedUntilReset: boolean;
}

/**
 * Counts one failed code against the back-off, the failure budget and the hard stop.
 *
 * @param record - the throttle fields before
 * @param now - ms since the epoch
 * @param policy - the throttle policy
 * @returns the fields after, and the lock this failure leaves
 */
export function registerFailure(record: ThrottleFields, now: number, policy: ThrottlePolicy): FailureOutcome {
  const failureBudgetClearsAt =
    Math.max(record.failureBudgetClearsAt ?? now, now) + policy.failureBudgetRefillMs;
  const failedAttempts = record.failedAttempts + 1;
  // Each earlier lock ended a run of maxFailures failures, none of them followed by a success.
  const consecutive = record.lockouts * policy.maxFailures + failedAttempts;
  let fields: CountedFailure;
  let lockStarted = false;
  if (isLockedUntilReset(record) || consecutive >= policy.maxConsecutiveFailures) {
    fields = {
      failedAttempts: 0,
      lockouts: record.lockouts + 1,
      lockedUntil: LOCKED_UNTIL_RESET,
      failureBudgetClearsAt,
    };
  } else if (failedAttempts < policy.maxFailures) {
    fields = { failedAttempts, lockouts: record.lockouts, lockedUntil: null, failureBudgetClearsAt };
  } else {
    const lockouts = record.lockouts + 1;
    fields = {
      failedAttempts: 0,
      lockouts,
      lockedUntil: now + lockDurationMs(lockouts, policy),
      failureBudgetClearsAt,
    };
    lockStarted = true;
  }
  const lockedUntilReset = !isLockedUntilReset(record) && isLockedUntilReset(fields);
  const retryAfterMs = Math.max(lockRemainingMs(fields, now), budgetRemainingMs(fields, now, policy));
  return { fields, lockStarted, retryAfterMs, lockedUntilReset };
}
