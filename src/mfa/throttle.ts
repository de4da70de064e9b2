/**
 * The throttling policy, as pure functions of a record and the time: count consecutive failures,
 * lock after `maxFailures` of them for `baseLockMs`, doubling with each further lock up to
 * `maxLockMs`. A success clears it all; a new enrolment does not (else re-enrolling would reset an
 * attacker's budget).
 *
 * @module
 */
import type { MfaRecord } from './store.js';
import type { MfaPolicy } from './types.js';

/** The throttle fields of a record. */
export type ThrottleFields = Pick<MfaRecord, 'failedAttempts' | 'lockouts' | 'lockedUntil'>;

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
 * @example
 * ```ts
 * lockRemainingMs({ failedAttempts: 0, lockouts: 1, lockedUntil: 30_000 }, 10_000); // 20_000
 * ```
 */
export function lockRemainingMs(record: ThrottleFields | null, now: number): number {
  const until = record?.lockedUntil ?? null;
  return until !== null && until > now ? until - now : 0;
}

/**
 * The length of the `lockouts`-th consecutive lock (1-based): base × 2^(lockouts-1), capped.
 *
 * @param lockouts - how many locks in a row, this one included
 * @param policy - the throttle policy
 * @returns milliseconds
 * @example
 * ```ts
 * lockDurationMs(3, policy); // 120_000 with the defaults
 * ```
 */
export function lockDurationMs(lockouts: number, policy: MfaPolicy['throttle']): number {
  // Past 2^30 the doubling has long hit any sane cap; stop there to stay within safe integers.
  const factor = 2 ** Math.min(Math.max(lockouts - 1, 0), 30);
  return Math.min(policy.baseLockMs * factor, policy.maxLockMs);
}

/** The throttle fields after one more failure, and whether that failure started a lock. */
export interface FailureOutcome {
  fields: ThrottleFields;
  /** Milliseconds of the lock this failure started, or 0. */
  lockedForMs: number;
}

/**
 * Counts one failed code.
 *
 * @param record - the throttle fields before
 * @param now - ms since the epoch
 * @param policy - the throttle policy
 * @returns the fields after, and the lock this failure started (if any)
 * @example
 * ```ts
 * registerFailure({ failedAttempts: 4, lockouts: 0, lockedUntil: null }, 0, policy).lockedForMs; // 30_000
 * ```
 */
export function registerFailure(
  record: ThrottleFields,
  now: number,
  policy: MfaPolicy['throttle'],
): FailureOutcome {
  const failedAttempts = record.failedAttempts + 1;
  if (failedAttempts < policy.maxFailures) {
    return { fields: { failedAttempts, lockouts: record.lockouts, lockedUntil: null }, lockedForMs: 0 };
  }
  const lockouts = record.lockouts + 1;
  const lockedForMs = lockDurationMs(lockouts, policy);
  return { fields: { failedAttempts: 0, lockouts, lockedUntil: now + lockedForMs }, lockedForMs };
}
