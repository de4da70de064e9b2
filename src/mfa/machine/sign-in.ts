/**
 * Sign-in transitions of an enabled account: `verify` (a TOTP from any active authenticator) and
 * `useRecoveryCode`, each of which can remember the device on success (devices.ts).
 *
 * | state    | not locked, right code      | wrong code      | replayed code | locked   |
 * |----------|-----------------------------|-----------------|---------------|----------|
 * | enabled  | ok, floor / code used up    | invalid, counted | replayed     | locked   |
 * | other    | not_enabled                 | not_enabled     | not_enabled   | not_enabled |
 *
 * In the hard stop, `verify` is locked and `useRecoveryCode` is judged (and ends it on success).
 *
 * @module
 */
import type { MfaRecord } from '../store.js';
import type { RecoveryResult, VerifyResult } from '../types/index.js';
import type { DecideContext, Decision } from './decision.js';
import { type NewDevice, rememberDevice } from './devices.js';
import { acceptedProofFields, checkRecoveryCode, checkTotp } from './proofs.js';
import { activeAuthenticators, isEnabled, nextRecord } from './records.js';
import { judgeCode, plainRefusal } from './refusals.js';

/** A sign-in: what the user typed, and the device to remember on success (null: none). */
export interface SignIn {
  code: string;
  device: NewDevice | null;
}

/**
 * Checks a sign-in TOTP against every active authenticator: one decrypt and one window check each,
 * whichever matches.
 *
 * @param record - the stored record or null
 * @param action - the code as typed, and the device to remember
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideVerify(
  record: MfaRecord | null,
  action: SignIn,
  ctx: DecideContext,
): Decision<VerifyResult> {
  if (!isEnabled(record, ctx.now)) return plainRefusal(record, 'verify', 'not_enabled', ctx);
  return judgeCode(
    record,
    { action: 'verify', recoveryCode: false },
    ctx,
    () => checkTotp(activeAuthenticators(record), action.code, ctx),
    (proof) => {
      const remembered = rememberDevice(record, action.device, ctx);
      const { authenticatorId } = proof;
      const changes = acceptedProofFields(record, proof, ctx.now);
      if (remembered.devices !== undefined) changes.devices = remembered.devices;
      return {
        next: nextRecord(record, changes, ctx.now),
        result: { ok: true, method: 'totp', verifiedAt: ctx.now, authenticatorId, ...remembered.result },
        events: [
          { type: 'verified', userId: ctx.userId, at: ctx.now, method: 'totp', authenticatorId },
          ...remembered.events,
        ],
      };
    },
  );
}

/**
 * Signs in with a recovery code instead of a TOTP; the code is used up.
 *
 * @param record - the stored record or null
 * @param action - the recovery code as typed (any case, spaces and hyphens allowed), and the device to remember
 * @param ctx - the decision context
 * @returns the decision; on success, how many codes remain
 */
export function decideUseRecoveryCode(
  record: MfaRecord | null,
  action: SignIn,
  ctx: DecideContext,
): Decision<RecoveryResult> {
  if (!isEnabled(record, ctx.now)) return plainRefusal(record, 'useRecoveryCode', 'not_enabled', ctx);
  return judgeCode(
    record,
    { action: 'useRecoveryCode', recoveryCode: true },
    ctx,
    () => checkRecoveryCode(record, action.code, ctx),
    (proof) => {
      const remembered = rememberDevice(record, action.device, ctx);
      const changes = acceptedProofFields(record, proof, ctx.now);
      if (remembered.devices !== undefined) changes.devices = remembered.devices;
      const next = nextRecord(record, changes, ctx.now);
      const remaining = next.recoveryCodeHashes.length;
      return {
        next,
        result: { ok: true, remaining, method: 'recovery_code', verifiedAt: ctx.now, ...remembered.result },
        events: [
          { type: 'recovery_code_used', userId: ctx.userId, at: ctx.now, remaining },
          ...remembered.events,
        ],
      };
    },
  );
}
