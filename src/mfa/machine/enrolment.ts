/**
 * Enrolment transitions: disabled/pending → pending (beginEnable), pending → enabled
 * (confirmEnable), pending → disabled (cancelEnable), disabled/pending → enabled with a secret the
 * user already has (importEnrolment).
 *
 * @module
 */
import { MfaError } from '../../otp/errors.js';
import type { RecoveryCodeSet } from '../recovery.js';
import type { MfaRecord, SealedSecret } from '../store.js';
import type { CancelResult, ConfirmResult, ImportResult } from '../types.js';
import {
  blankRecord,
  checkTotp,
  type DecideContext,
  type Decision,
  DISABLED_FIELDS,
  effectiveState,
  lockedRefusal,
  nextRecord,
  noWrite,
  plainRefusal,
  wrongCodeRefusal,
} from './common.js';

/**
 * Starts (or restarts) an enrolment with a new, already sealed secret. The throttle fields are kept:
 * re-enrolling must not reset an attacker's failure count. The replay floor is cleared: codes of
 * the old secret say nothing about the new one.
 *
 * @param record - the stored record or null
 * @param action - the account name and the sealed new secret
 * @param ctx - the decision context
 * @returns the decision; its result is the enrolment's expiry
 * @throws {MfaError} INVALID_STATE when MFA is enabled (disable it first)
 * @example
 * ```ts
 * decideBeginEnable(null, { accountName: 'ada@example.com', secret: sealed }, ctx).next?.state; // 'pending'
 * ```
 */
export function decideBeginEnable(
  record: MfaRecord | null,
  action: { accountName: string; secret: SealedSecret },
  ctx: DecideContext,
): Decision<{ expiresAt: number }> {
  if (effectiveState(record, ctx.now) === 'enabled') {
    throw new MfaError('INVALID_STATE', 'MFA is already enabled for this account; disable it first');
  }
  const expiresAt = ctx.now + ctx.policy.pendingTtlMs;
  const next = nextRecord(
    record ?? blankRecord(ctx.userId),
    {
      ...DISABLED_FIELDS,
      state: 'pending',
      secret: action.secret,
      accountName: action.accountName,
      pendingExpiresAt: expiresAt,
      lastUsedStep: null,
      recoveryCodeHashes: [],
    },
    ctx.now,
  );
  return {
    next,
    result: { expiresAt },
    events: [{ type: 'enable_started', userId: ctx.userId, at: ctx.now, expiresAt }],
  };
}

/**
 * Confirms a pending enrolment with a code from the new authenticator. The code's step becomes the
 * replay floor, so the confirming code cannot sign in afterwards.
 *
 * @param record - the stored record or null
 * @param action - the code and the recovery codes to issue on success
 * @param ctx - the decision context
 * @returns the decision
 * @example
 * ```ts
 * decideConfirmEnable(record, { code: '287082', recovery }, ctx).result; // { ok: true, recoveryCodes }
 * ```
 */
export function decideConfirmEnable(
  record: MfaRecord | null,
  action: { code: string; recovery: RecoveryCodeSet },
  ctx: DecideContext,
): Decision<ConfirmResult> {
  const base = record ?? blankRecord(ctx.userId);
  if (record === null || record.state !== 'pending')
    return plainRefusal(base, 'confirmEnable', 'not_pending', ctx);
  if (effectiveState(record, ctx.now) !== 'pending')
    return plainRefusal(base, 'confirmEnable', 'expired', ctx);
  const locked = lockedRefusal(record, 'confirmEnable', ctx);
  if (locked !== null) return locked;
  const proof = checkTotp(record, action.code, ctx);
  if (proof.kind === 'replayed') return plainRefusal(record, 'confirmEnable', 'replayed', ctx);
  if (proof.kind !== 'ok' || proof.method !== 'totp') return wrongCodeRefusal(record, 'confirmEnable', ctx);
  const next = nextRecord(
    record,
    {
      state: 'enabled',
      pendingExpiresAt: null,
      enabledAt: ctx.now,
      lastUsedStep: proof.step,
      recoveryCodeHashes: action.recovery.hashes,
      failedAttempts: 0,
      lockouts: 0,
      lockedUntil: null,
    },
    ctx.now,
  );
  return {
    next,
    result: { ok: true, recoveryCodes: action.recovery.codes },
    events: [
      { type: 'enabled', userId: ctx.userId, at: ctx.now, recoveryCodes: action.recovery.codes.length },
    ],
  };
}

/**
 * Abandons a pending enrolment and wipes its secret. Nothing pending (or already expired) is not an
 * error: the result says nothing was cancelled.
 *
 * @param record - the stored record or null
 * @param ctx - the decision context
 * @returns the decision
 * @throws {MfaError} INVALID_STATE when MFA is enabled: cancelling must never disable it without a code
 * @example
 * ```ts
 * decideCancelEnable(pendingRecord, ctx).result; // { cancelled: true }
 * ```
 */
export function decideCancelEnable(record: MfaRecord | null, ctx: DecideContext): Decision<CancelResult> {
  const state = effectiveState(record, ctx.now);
  if (state === 'enabled') {
    throw new MfaError('INVALID_STATE', 'MFA is enabled for this account: there is no enrolment to cancel');
  }
  if (record === null || state === 'disabled') return noWrite({ cancelled: false });
  return {
    next: nextRecord(record, { ...DISABLED_FIELDS, recoveryCodeHashes: [] }, ctx.now),
    result: { cancelled: true },
    events: [{ type: 'enable_cancelled', userId: ctx.userId, at: ctx.now }],
  };
}

/**
 * Enables MFA with a secret the user's authenticator already holds (moving from another system):
 * no confirming code, since the user proved the secret there. Fresh recovery codes are issued. The
 * throttle fields are kept, as for a new enrolment.
 *
 * @param record - the stored record or null
 * @param action - the sealed secret, the account name, the replay floor, the recovery codes to issue
 * @param ctx - the decision context
 * @returns the decision; its result carries the recovery codes
 * @throws {MfaError} INVALID_STATE when MFA is already enabled (disable it first)
 * @example
 * ```ts
 * decideImport(null, { secret: sealed, accountName: 'ada', lastUsedStep: null, recovery }, ctx).next?.state; // 'enabled'
 * ```
 */
export function decideImport(
  record: MfaRecord | null,
  action: {
    secret: SealedSecret;
    accountName: string;
    lastUsedStep: number | null;
    recovery: RecoveryCodeSet;
  },
  ctx: DecideContext,
): Decision<ImportResult> {
  if (effectiveState(record, ctx.now) === 'enabled') {
    throw new MfaError('INVALID_STATE', 'MFA is already enabled for this account; disable it first');
  }
  const next = nextRecord(
    record ?? blankRecord(ctx.userId),
    {
      state: 'enabled',
      secret: action.secret,
      accountName: action.accountName,
      pendingExpiresAt: null,
      enabledAt: ctx.now,
      lastUsedStep: action.lastUsedStep,
      recoveryCodeHashes: action.recovery.hashes,
    },
    ctx.now,
  );
  const recoveryCodes = action.recovery.codes.length;
  return {
    next,
    result: { recoveryCodes: action.recovery.codes },
    events: [{ type: 'enrolment_imported', userId: ctx.userId, at: ctx.now, recoveryCodes }],
  };
}
