/**
 * Transitions that change an enabled account after a proof (a TOTP or a recovery code):
 * `disable` and `regenerateRecoveryCodes`. They take codes exactly as sign-in does (refusals.ts).
 *
 * @module
 */
import type { RecoveryCodeSet } from '../recovery.js';
import type { MfaRecord } from '../store.js';
import type { DisableResult, RegenerateResult } from '../types/index.js';
import type { DecideContext, Decision } from './decision.js';
import { acceptedProofFields, checkProof, looksLikeTotp } from './proofs.js';
import { disabledFields, isEnabled, nextRecord, recoveryCodeFields } from './records.js';
import { judgeCode, plainRefusal } from './refusals.js';

/**
 * Turns MFA off with a TOTP or a recovery code, wiping every authenticator, the recovery codes and
 * the remembered devices. The highest replay floor (the step just used included) is kept, so that
 * importing the same secret again cannot replay.
 *
 * @param record - the stored record or null
 * @param code - a TOTP or a recovery code
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideDisable(
  record: MfaRecord | null,
  code: string,
  ctx: DecideContext,
): Decision<DisableResult> {
  if (!isEnabled(record, ctx.now)) return plainRefusal(record, 'disable', 'not_enabled', ctx);
  return judgeCode(
    record,
    { action: 'disable', recoveryCode: !looksLikeTotp(code) },
    ctx,
    () => checkProof(record, code, ctx),
    (proof) => {
      const fields = acceptedProofFields(record, proof, ctx.now);
      return {
        next: nextRecord(record, { ...fields, ...disabledFields({ ...record, ...fields }) }, ctx.now),
        result: { ok: true, method: proof.method, verifiedAt: ctx.now },
        events: [{ type: 'disabled', userId: ctx.userId, at: ctx.now, method: proof.method }],
      };
    },
  );
}

/**
 * Replaces all recovery codes after a TOTP or a recovery code proves the second factor.
 *
 * @param record - the stored record or null
 * @param action - the proof and the new codes to issue on success
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideRegenerate(
  record: MfaRecord | null,
  action: { code: string; recovery: RecoveryCodeSet },
  ctx: DecideContext,
): Decision<RegenerateResult> {
  if (!isEnabled(record, ctx.now)) return plainRefusal(record, 'regenerateRecoveryCodes', 'not_enabled', ctx);
  return judgeCode(
    record,
    { action: 'regenerateRecoveryCodes', recoveryCode: !looksLikeTotp(action.code) },
    ctx,
    () => checkProof(record, action.code, ctx),
    (proof) => ({
      next: nextRecord(
        record,
        {
          ...acceptedProofFields(record, proof, ctx.now),
          ...recoveryCodeFields(action.recovery),
        },
        ctx.now,
      ),
      result: { ok: true, recoveryCodes: action.recovery.codes, method: proof.method, verifiedAt: ctx.now },
      events: [
        {
          type: 'recovery_codes_regenerated',
          userId: ctx.userId,
          at: ctx.now,
          count: action.recovery.codes.length,
          method: proof.method,
        },
      ],
    }),
  );
}
