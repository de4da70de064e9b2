/**
 * The throttling policy, as pure functions of a record and the time: count consecutive failures,
 * lock after `maxFailures` of them for `baseLockMs`, doubling with each further lock up to
 * `maxLockMs`. After `maxConsecutiveFailures` failures in a row (100 by default, the ceiling of
 * NIST SP 800-63B §5.2.2) the account stays locked until an administrator's `reset`: back-off
 * alone would let a patient attacker keep guessing forever. A success clears it all; a new
 * enrolment does not (else re-enrolling would reset an attacker's budget).
 *
 * @module
 */
import type { MfaRecord } from './store.js';
import type { MfaPolicy } from './types.js';

/** The throttle fields of a record. */
export type ThrottleFields = Pick<MfaRecord, 'failedAttempts' | 'lockouts' | 'lockedUntil'>;

/**
 * The `lockedUntil` of an account locked until an administrator's reset: the largest safe integer,
 * so that every store round-trips it and every time comparison treats it as "not yet".
 */
export const LOCKED_UNTIL_RESET = Number.MAX_SAFE_INTEGER;

/** The throttle fields after a success, or of a fresh account. */
export const CLEAR_THROTTLE: Readonly<ThrottleFields> = Object.freeze({
  failedAttempts: 0,
  lockouts: 0,
  lockedUntil: null,
});

/**
 * How long the account stays locked, or 0 when it is not.
 *
 * @param record - the throttle fields (a missing record is never locked)
 * @param now - ms since the epoch
 * @returns milliseconds until codes are accepted again
 */
export function lockRemainingMs(record: ThrottleFields | null, now: number): number {
  const until = record?.lockedUntil ?? null;
  return until !== null && until > now ? until - now : 0;
}

/**
 * Whether the account has used up its budget of consecutive failures and stays locked until an
 * administrator's reset.
 *
 * @param record - the throttle fields (a missing record is never locked)
 * @returns true when only `reset` unlocks the account
 */
export function isLockedUntilReset(record: ThrottleFields | null): boolean {
  return record?.lockedUntil === LOCKED_UNTIL_RESET;
}

/**
 * The length of the `lockouts`-th consecutive lock (1-based): base × 2^(lockouts-1), capped.
 *
 * @param lockouts - how many locks in a row, this one included
 * @param policy - the throttle policy
 * @returns milliseconds
 */
export function lockDurationMs(lockouts: number, policy: MfaPolicy['throttle']): number {
  // Past 2^30 the doubling has long hit any sane cap; stop there to stay within safe integers.
  const factor = 2 ** Math.min(Math.max(lockouts - 1, 0), 30);
  return Math.min(policy.baseLockMs * factor, policy.maxLockMs);
}

/** The throttle fields after one more failure, and whether that failure started a lock. */
export interface FailureOutcome {
  fields: ThrottleFields;
  /** Milliseconds of the timed lock this failure started, or 0 (also when it locked until reset). */
  lockedForMs: number;
  /** True when this failure used up the budget: the account is locked until an administrator's reset. */
  lockedUntilReset: boolean;
}

/**
 * Counts one failed code.
 *
 * @param record - the throttle fields before
 * @param now - ms since the epoch
 * @param policy - the throttle policy
 * @returns the fields after, and the lock this failure started (if any)
 */
export function registerFailure(
  record: ThrottleFields,
  now: number,
  policy: MfaPolicy['throttle'],
): FailureOutcome {
  const failedAttempts = record.failedAttempts + 1;
  // Each earlier lock ended a run of maxFailures failures, none of them followed by a success.
  const consecutive = record.lockouts * policy.maxFailures + failedAttempts;
  if (consecutive >= policy.maxConsecutiveFailures) {
    const fields = { failedAttempts: 0, lockouts: record.lockouts + 1, lockedUntil: LOCKED_UNTIL_RESET };
    return { fields, lockedForMs: 0, lockedUntilReset: true };
  }
  if (failedAttempts < policy.maxFailures) {
    const fields = { failedAttempts, lockouts: record.lockouts, lockedUntil: null };
    return { fields, lockedForMs: 0, lockedUntilReset: false };
  }
  const lockouts = record.lockouts + 1;
  const lockedForMs = lockDurationMs(lockouts, policy);
  return {
    fields: { failedAttempts: 0, lockouts, lockedUntil: now + lockedForMs },
    lockedForMs,
    lockedUntilReset: false,
  };
}
