/**
 * What every transition of the state machine shares: the decision shape, the effective state of a
 * record at a time, building the next record, checking a TOTP against the replay floor, and the
 * refusals (locked, wrong code) that count or don't count against the throttle.
 *
 * Transitions are pure: given the record, the action, the time and the policy, they return the next
 * record (or none) with the result and events. The one outside input, opening the sealed secret, is
 * passed in as a function so that a decision that never needs the secret never decrypts it.
 *
 * @module
 */
import { verifyTotp } from '../../otp/index.js';
import { findRecoveryCode } from '../recovery.js';
import { type MfaRecord, type MfaState, RECORD_FORMAT, type SealedSecret } from '../store.js';
import { isLockedUntilReset, lockRemainingMs, registerFailure } from '../throttle.js';
import type { CodeAction, MfaEvent, MfaPolicy, Refusal } from '../types.js';

/** What a transition reads besides the record and the action. */
export interface DecideContext {
  userId: string;
  /** ms since the epoch, read once per decision. */
  now: number;
  policy: MfaPolicy;
  /** Opens the record's sealed secret; throws MfaError DECRYPT_FAILED. */
  openSecret: (sealed: SealedSecret) => Uint8Array;
}

/** A transition's outcome: the record to write (null: write nothing), the caller's result, the events. */
export interface Decision<Result> {
  next: MfaRecord | null;
  result: Result;
  events: MfaEvent[];
}

// Longer input cannot be a code; refusing it first bounds the work an attacker can cause.
const MAX_CODE_LENGTH = 64;
const WHITESPACE = /\s+/g;

/**
 * The state a record is in at `now`: a missing record, or a pending enrolment past its expiry,
 * reads 'disabled'.
 *
 * @param record - the stored record or null
 * @param now - ms since the epoch
 * @returns the state
 * @example
 * ```ts
 * effectiveState(null, Date.now()); // 'disabled'
 * ```
 */
export function effectiveState(record: MfaRecord | null, now: number): MfaState {
  if (record === null) return 'disabled';
  if (record.state === 'pending' && (record.pendingExpiresAt ?? 0) <= now) return 'disabled';
  return record.state;
}

/**
 * The record of an account never seen before (never written as such: it is the base of the first write).
 *
 * @param userId - the account
 * @returns a disabled record at version 0
 * @example
 * ```ts
 * blankRecord('user-1').state; // 'disabled'
 * ```
 */
export function blankRecord(userId: string): MfaRecord {
  return {
    format: RECORD_FORMAT,
    userId,
    version: 0,
    state: 'disabled',
    secret: null,
    accountName: null,
    pendingExpiresAt: null,
    enabledAt: null,
    lastUsedStep: null,
    failedAttempts: 0,
    lockouts: 0,
    lockedUntil: null,
    recoveryCodeHashes: [],
    updatedAt: 0,
  };
}

/** The fields that make an account disabled: no secret, no codes, nothing pending. */
export const DISABLED_FIELDS = Object.freeze({
  state: 'disabled' as const,
  secret: null,
  accountName: null,
  pendingExpiresAt: null,
  enabledAt: null,
});

/**
 * The next version of a record: `changes` applied, the version bumped, the format and write time set.
 *
 * @param record - the record read (or a blank one)
 * @param changes - the fields that change
 * @param now - ms since the epoch
 * @returns the record to compare-and-set
 * @example
 * ```ts
 * nextRecord(record, { failedAttempts: 1 }, now).version === record.version + 1; // true
 * ```
 */
export function nextRecord(record: MfaRecord, changes: Partial<MfaRecord>, now: number): MfaRecord {
  return { ...record, ...changes, format: RECORD_FORMAT, version: record.version + 1, updatedAt: now };
}

/**
 * A decision that writes nothing.
 *
 * @param result - the caller's result
 * @param events - the events to report
 * @returns the decision
 * @example
 * ```ts
 * noWrite({ cancelled: false });
 * ```
 */
export function noWrite<Result>(result: Result, events: MfaEvent[] = []): Decision<Result> {
  return { next: null, result, events };
}

/** A checked proof: accepted (with the step or recovery code it used), a replay, or wrong. */
export type ProofCheck =
  | { kind: 'ok'; method: 'totp'; step: number }
  | { kind: 'ok'; method: 'recovery_code'; index: number }
  | { kind: 'replayed' }
  | { kind: 'invalid' };

/**
 * Checks a TOTP against the record's secret, accepting only steps above its last used step. A code
 * that matches only an already used step is a replay, told apart so that a double submit is not
 * counted as a guess; that second look runs only on the failure path, keeping a success to one check.
 *
 * @param record - a record with a secret
 * @param input - the code as typed (spaces allowed)
 * @param ctx - the decision context
 * @returns the check
 * @example
 * ```ts
 * checkTotp(record, '287082', ctx); // { kind: 'ok', method: 'totp', step: 1234 }
 * ```
 */
export function checkTotp(record: MfaRecord, input: string, ctx: DecideContext): ProofCheck {
  if (input.length > MAX_CODE_LENGTH || record.secret === null) return { kind: 'invalid' };
  const code = input.replace(WHITESPACE, '');
  const { period, digits, algorithm, window } = ctx.policy.totp;
  const secret = ctx.openSecret(record.secret);
  const options = { time: ctx.now, window, period, digits, algorithm };
  const floor = record.lastUsedStep;
  const match = verifyTotp(secret, code, floor === null ? options : { ...options, afterStep: floor });
  if (match !== null) return { kind: 'ok', method: 'totp', step: match.step };
  if (floor !== null && verifyTotp(secret, code, options) !== null) return { kind: 'replayed' };
  return { kind: 'invalid' };
}

/**
 * Checks a proof that may be a TOTP or a recovery code (for disable and regenerate): all digits
 * means a TOTP, anything else is tried as a recovery code.
 *
 * @param record - an enabled record
 * @param input - what the user typed
 * @param ctx - the decision context
 * @returns the check
 * @example
 * ```ts
 * checkProof(record, 'ABCD-EFGH-IJKL-MNOP', ctx); // { kind: 'ok', method: 'recovery_code', index: 0 }
 * ```
 */
export function checkProof(record: MfaRecord, input: string, ctx: DecideContext): ProofCheck {
  if (input.length > MAX_CODE_LENGTH) return { kind: 'invalid' };
  if (/^[\d\s]+$/.test(input)) return checkTotp(record, input, ctx);
  const index = findRecoveryCode(ctx.userId, input, record.recoveryCodeHashes);
  return index === -1 ? { kind: 'invalid' } : { kind: 'ok', method: 'recovery_code', index };
}

/**
 * The fields a successful proof changes: the step becomes the new replay floor, or the recovery
 * code is used up; the failure count and any lock are cleared.
 *
 * @param record - the record read
 * @param proof - the accepted proof
 * @returns the changed fields
 * @example
 * ```ts
 * acceptedProofFields(record, { kind: 'ok', method: 'totp', step: 9 }).lastUsedStep; // 9
 * ```
 */
export function acceptedProofFields(
  record: MfaRecord,
  proof: Extract<ProofCheck, { kind: 'ok' }>,
): Partial<MfaRecord> {
  const cleared = { failedAttempts: 0, lockouts: 0, lockedUntil: null };
  if (proof.method === 'totp') return { ...cleared, lastUsedStep: proof.step };
  return { ...cleared, recoveryCodeHashes: record.recoveryCodeHashes.filter((_, i) => i !== proof.index) };
}

/**
 * The refusal of a code while the account is locked: nothing is checked or written, and the
 * attempt does not extend the lock. Returns null when not locked.
 *
 * @param record - the record read
 * @param action - the action refused
 * @param ctx - the decision context
 * @returns the decision, or null when the account is not locked
 * @example
 * ```ts
 * lockedRefusal(record, 'verify', ctx)?.result; // { ok: false, reason: 'locked', retryAfterMs: 12000 }
 * ```
 */
export function lockedRefusal(
  record: MfaRecord,
  action: CodeAction,
  ctx: DecideContext,
): Decision<Refusal<'locked'>> | null {
  const retryAfterMs = lockRemainingMs(record, ctx.now);
  if (retryAfterMs === 0) return null;
  const event = failedEvent(action, 'locked', ctx, record.failedAttempts);
  if (isLockedUntilReset(record)) return noWrite({ ok: false, reason: 'locked' }, [event]);
  return noWrite({ ok: false, reason: 'locked', retryAfterMs }, [event]);
}

/**
 * A refusal that writes nothing and counts nothing (not enabled, not pending, expired, replayed).
 *
 * @param record - the record read (or blank)
 * @param action - the action refused
 * @param reason - why
 * @param ctx - the decision context
 * @returns the decision
 * @example
 * ```ts
 * plainRefusal(record, 'verify', 'not_enabled', ctx);
 * ```
 */
export function plainRefusal<Reason extends string>(
  record: MfaRecord,
  action: CodeAction,
  reason: Reason,
  ctx: DecideContext,
): Decision<Refusal<Reason>> {
  return noWrite({ ok: false, reason }, [failedEvent(action, reason, ctx, record.failedAttempts)]);
}

/**
 * The refusal of a wrong code: the failure is counted, and the fifth in a row (by default) locks
 * the account, reported with `retryAfterMs` and a 'locked' event.
 *
 * @param record - the record read
 * @param action - the action refused
 * @param ctx - the decision context
 * @returns the decision, which writes the new count
 * @example
 * ```ts
 * wrongCodeRefusal(record, 'verify', ctx).next?.failedAttempts; // record.failedAttempts + 1
 * ```
 */
export function wrongCodeRefusal(
  record: MfaRecord,
  action: CodeAction,
  ctx: DecideContext,
): Decision<Refusal<'invalid'>> {
  const { fields, lockedForMs, lockedUntilReset } = registerFailure(record, ctx.now, ctx.policy.throttle);
  const locking = lockedForMs > 0 || lockedUntilReset;
  const counted = locking ? record.failedAttempts + 1 : fields.failedAttempts;
  const events: MfaEvent[] = [failedEvent(action, 'invalid', ctx, counted)];
  const result: Refusal<'invalid'> = { ok: false, reason: 'invalid' };
  if (lockedUntilReset) {
    events.push({
      type: 'locked',
      userId: ctx.userId,
      at: ctx.now,
      lockedUntil: null,
      retryAfterMs: null,
      lockouts: fields.lockouts,
    });
  } else if (lockedForMs > 0) {
    result.retryAfterMs = lockedForMs;
    events.push({
      type: 'locked',
      userId: ctx.userId,
      at: ctx.now,
      lockedUntil: ctx.now + lockedForMs,
      retryAfterMs: lockedForMs,
      lockouts: fields.lockouts,
    });
  }
  return { next: nextRecord(record, fields, ctx.now), result, events };
}

function failedEvent(
  action: CodeAction,
  reason: string,
  ctx: DecideContext,
  failedAttempts: number,
): MfaEvent {
  return { type: 'verify_failed', userId: ctx.userId, at: ctx.now, action, reason, failedAttempts };
}
