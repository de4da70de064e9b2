/**
 * Transitions of an enabled account that take a code: verify (sign-in), useRecoveryCode, disable
 * and regenerateRecoveryCodes. Each one checks state, then the lock, then the code; a wrong code is
 * counted, a replay is refused without counting, a success clears the count.
 *
 * @module
 */
import type { RecoveryCodeSet } from '../recovery.js';
import type { MfaRecord } from '../store.js';
import type { DisableResult, RecoveryResult, RegenerateResult, VerifyResult } from '../types.js';
import {
  acceptedProofFields,
  blankRecord,
  checkProof,
  checkTotp,
  type DecideContext,
  type Decision,
  DISABLED_FIELDS,
  effectiveState,
  lockedRefusal,
  nextRecord,
  plainRefusal,
  wrongCodeRefusal,
} from './common.js';

/**
 * Checks a sign-in TOTP: one decrypt and one window check on the way to success.
 *
 * @param record - the stored record or null
 * @param code - the code as typed
 * @param ctx - the decision context
 * @returns the decision
 * @example
 * ```ts
 * decideVerify(record, '287082', ctx).result; // { ok: true }
 * ```
 */
export function decideVerify(
  record: MfaRecord | null,
  code: string,
  ctx: DecideContext,
): Decision<VerifyResult> {
  if (record === null || effectiveState(record, ctx.now) !== 'enabled') {
    return plainRefusal(record ?? blankRecord(ctx.userId), 'verify', 'not_enabled', ctx);
  }
  const locked = lockedRefusal(record, 'verify', ctx);
  if (locked !== null) return locked;
  const proof = checkTotp(record, code, ctx);
  if (proof.kind === 'replayed') return plainRefusal(record, 'verify', 'replayed', ctx);
  if (proof.kind !== 'ok') return wrongCodeRefusal(record, 'verify', ctx);
  return {
    next: nextRecord(record, acceptedProofFields(record, proof), ctx.now),
    result: { ok: true },
    events: [{ type: 'verified', userId: ctx.userId, at: ctx.now, method: 'totp' }],
  };
}

/**
 * Signs in with a recovery code instead of a TOTP; the code is used up.
 *
 * @param record - the stored record or null
 * @param code - the recovery code as typed (any case, spaces and hyphens allowed)
 * @param ctx - the decision context
 * @returns the decision; on success, how many codes remain
 * @example
 * ```ts
 * decideUseRecoveryCode(record, 'abcd-efgh-ijkl-mnop', ctx).result; // { ok: true, remaining: 9 }
 * ```
 */
export function decideUseRecoveryCode(
  record: MfaRecord | null,
  code: string,
  ctx: DecideContext,
): Decision<RecoveryResult> {
  if (record === null || effectiveState(record, ctx.now) !== 'enabled') {
    return plainRefusal(record ?? blankRecord(ctx.userId), 'useRecoveryCode', 'not_enabled', ctx);
  }
  const locked = lockedRefusal(record, 'useRecoveryCode', ctx);
  if (locked !== null) return locked;
  const proof = checkProof(record, code, ctx);
  if (proof.kind !== 'ok' || proof.method !== 'recovery_code') {
    return wrongCodeRefusal(record, 'useRecoveryCode', ctx);
  }
  const next = nextRecord(record, acceptedProofFields(record, proof), ctx.now);
  const remaining = next.recoveryCodeHashes.length;
  return {
    next,
    result: { ok: true, remaining },
    events: [{ type: 'recovery_code_used', userId: ctx.userId, at: ctx.now, remaining }],
  };
}

/**
 * Turns MFA off with a TOTP or a recovery code, wiping the secret and the recovery codes. The
 * replay floor and the step just used are kept until the next enrolment.
 *
 * @param record - the stored record or null
 * @param code - a TOTP or a recovery code
 * @param ctx - the decision context
 * @returns the decision
 * @example
 * ```ts
 * decideDisable(record, '287082', ctx).next?.state; // 'disabled'
 * ```
 */
export function decideDisable(
  record: MfaRecord | null,
  code: string,
  ctx: DecideContext,
): Decision<DisableResult> {
  if (record === null || effectiveState(record, ctx.now) !== 'enabled') {
    return plainRefusal(record ?? blankRecord(ctx.userId), 'disable', 'not_enabled', ctx);
  }
  const locked = lockedRefusal(record, 'disable', ctx);
  if (locked !== null) return locked;
  const proof = checkProof(record, code, ctx);
  if (proof.kind === 'replayed') return plainRefusal(record, 'disable', 'replayed', ctx);
  if (proof.kind !== 'ok') return wrongCodeRefusal(record, 'disable', ctx);
  const next = nextRecord(
    record,
    { ...acceptedProofFields(record, proof), ...DISABLED_FIELDS, recoveryCodeHashes: [] },
    ctx.now,
  );
  return {
    next,
    result: { ok: true },
    events: [{ type: 'disabled', userId: ctx.userId, at: ctx.now, method: proof.method }],
  };
}

/**
 * Replaces all recovery codes after a TOTP or a recovery code proves the second factor.
 *
 * @param record - the stored record or null
 * @param action - the proof and the new codes to issue on success
 * @param ctx - the decision context
 * @returns the decision
 * @example
 * ```ts
 * decideRegenerate(record, { code: '287082', recovery }, ctx).result; // { ok: true, recoveryCodes }
 * ```
 */
export function decideRegenerate(
  record: MfaRecord | null,
  action: { code: string; recovery: RecoveryCodeSet },
  ctx: DecideContext,
): Decision<RegenerateResult> {
  if (record === null || effectiveState(record, ctx.now) !== 'enabled') {
    return plainRefusal(record ?? blankRecord(ctx.userId), 'regenerateRecoveryCodes', 'not_enabled', ctx);
  }
  const locked = lockedRefusal(record, 'regenerateRecoveryCodes', ctx);
  if (locked !== null) return locked;
  const proof = checkProof(record, action.code, ctx);
  if (proof.kind === 'replayed') return plainRefusal(record, 'regenerateRecoveryCodes', 'replayed', ctx);
  if (proof.kind !== 'ok') return wrongCodeRefusal(record, 'regenerateRecoveryCodes', ctx);
  const next = nextRecord(
    record,
    { ...acceptedProofFields(record, proof), recoveryCodeHashes: action.recovery.hashes },
    ctx.now,
  );
  const count = action.recovery.codes.length;
  return {
    next,
    result: { ok: true, recoveryCodes: action.recovery.codes },
    events: [
      { type: 'recovery_codes_regenerated', userId: ctx.userId, at: ctx.now, count, method: proof.method },
    ],
  };
}
