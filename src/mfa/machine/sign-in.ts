/**
 * Sign-in transitions of an enabled account: `verify` (a TOTP) and `useRecoveryCode`.
 *
 * | state    | not locked, right code      | wrong code      | replayed code | locked   |
 * |----------|-----------------------------|-----------------|---------------|----------|
 * | enabled  | ok, floor / code used up    | invalid, counted | replayed     | locked   |
 *
 * In the hard stop, `verify` is locked and `useRecoveryCode` is judged (and ends it on success).
 * | other    | not_enabled                 | not_enabled     | not_enabled   | not_enabled |
 *
 * @module
 */
import type { MfaRecord } from '../store.js';
import type { RecoveryResult, VerifyResult } from '../types/index.js';
import type { DecideContext, Decision } from './decision.js';
import { acceptedProofFields, checkRecoveryCode, checkTotp } from './proofs.js';
import { isEnabled, nextRecord } from './records.js';
import { judgeCode, plainRefusal } from './refusals.js';

/**
 * Checks a sign-in TOTP: one decrypt and one window check on the way to success.
 *
 * @param record - the stored record or null
 * @param code - the code as typed
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideVerify(
  record: MfaRecord | null,
  code: string,
  ctx: DecideContext,
): Decision<VerifyResult> {
  if (!isEnabled(record, ctx.now)) return plainRefusal(record, 'verify', 'not_enabled', ctx);
  return judgeCode(
    record,
    { action: 'verify', recoveryCode: false },
    ctx,
    () => checkTotp(record, code, ctx),
    (proof) => ({
      next: nextRecord(record, acceptedProofFields(record, proof), ctx.now),
      result: { ok: true },
      events: [{ type: 'verified', userId: ctx.userId, at: ctx.now, method: 'totp' }],
    }),
  );
}

/**
 * Signs in with a recovery code instead of a TOTP; the code is used up.
 *
 * @param record - the stored record or null
 * @param code - the recovery code as typed (any case, spaces and hyphens allowed)
 * @param ctx - the decision context
 * @returns the decision; on success, how many codes remain
 */
export function decideUseRecoveryCode(
  record: MfaRecord | null,
  code: string,
  ctx: DecideContext,
): Decision<RecoveryResult> {
  if (!isEnabled(record, ctx.now)) return plainRefusal(record, 'useRecoveryCode', 'not_enabled', ctx);
  return judgeCode(
    record,
    { action: 'useRecoveryCode', recoveryCode: true },
    ctx,
    () => checkRecoveryCode(record, code, ctx),
    (proof) => {
      const next = nextRecord(record, acceptedProofFields(record, proof), ctx.now);
      const remaining = next.recoveryCodeHashes.length;
      return {
        next,
        result: { ok: true, remaining },
        events: [{ type: 'recovery_code_used', userId: ctx.userId, at: ctx.now, remaining }],
      };
    },
  );
}
