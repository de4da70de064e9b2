/**
 * Enrolment transitions: disabled/pending → pending (beginEnable), pending → enabled
 * (confirmEnable), pending → disabled (cancelEnable), disabled/pending → enabled with a secret the
 * user already has (importEnrolment).
 *
 * @module
 */
import { fail } from '../../shared/index.js';
import type { RecoveryCodeSet } from '../recovery.js';
import type { MfaRecord } from '../store.js';
import { CLEAR_THROTTLE } from '../throttle.js';
import type { CancelResult, ConfirmResult, ImportResult } from '../types/index.js';
import { type NewAuthenticator, pendingAuthenticator } from './authenticators.js';
import { type DecideContext, type Decision, noWrite } from './decision.js';
import { checkTotp, totpUseFields } from './proofs.js';
import {
  authenticatorsOf,
  blankRecord,
  DISABLED_FIELDS,
  effectiveState,
  higherStep,
  nextRecord,
  recoveryCodeFields,
  withAuthenticator,
} from './records.js';
import { judgeCode, plainRefusal } from './refusals.js';

const ALREADY_ENABLED = 'MFA is already enabled for this account; disable it first';

/**
 * Starts (or restarts) an enrolment: the account's first authenticator, pending, with a new, already
 * sealed secret. The throttle fields are kept: re-enrolling must not reset an attacker's failure
 * count. The record's replay floor (kept by `disable` for `importEnrolment`) is kept too: the new
 * authenticator starts with none of its own, since codes of the old secrets say nothing about it.
 *
 * @param record - the stored record or null
 * @param action - the account name and the new authenticator
 * @param ctx - the decision context
 * @returns the decision; its result is the enrolment's expiry
 * @throws {MfaError} INVALID_STATE when MFA is enabled (disable it first)
 */
export function decideBeginEnable(
  record: MfaRecord | null,
  action: { accountName: string; authenticator: NewAuthenticator },
  ctx: DecideContext,
): Decision<{ expiresAt: number }> {
  if (effectiveState(record, ctx.now) === 'enabled') fail('INVALID_STATE', ALREADY_ENABLED);
  const expiresAt = ctx.now + ctx.policy.pendingTtlMs;
  const base = record ?? blankRecord(ctx.userId);
  const next = nextRecord(
    base,
    {
      ...DISABLED_FIELDS,
      state: 'pending',
      accountName: action.accountName,
      pendingExpiresAt: expiresAt,
      lastUsedStep: base.lastUsedStep,
      authenticators: [pendingAuthenticator(action.authenticator, ctx.now, expiresAt)],
    },
    ctx.now,
  );
  const authenticatorId = action.authenticator.id;
  return {
    next,
    result: { expiresAt },
    events: [{ type: 'enable_started', userId: ctx.userId, at: ctx.now, expiresAt, authenticatorId }],
  };
}

/**
 * Confirms a pending enrolment with a code from the new authenticator, which becomes active. The
 * code's step becomes its replay floor, so the confirming code cannot sign in afterwards.
 *
 * @param record - the stored record or null
 * @param action - the code and the recovery codes to issue on success
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideConfirmEnable(
  record: MfaRecord | null,
  action: { code: string; recovery: RecoveryCodeSet },
  ctx: DecideContext,
): Decision<ConfirmResult> {
  if (record === null || record.state !== 'pending') {
    return plainRefusal(record, 'confirmEnable', 'not_pending', ctx);
  }
  if (effectiveState(record, ctx.now) !== 'pending')
    return plainRefusal(record, 'confirmEnable', 'expired', ctx);
  return judgeCode(
    record,
    { action: 'confirmEnable', recoveryCode: false },
    ctx,
    () => checkTotp(authenticatorsOf(record), action.code, ctx),
    (proof) => {
      const { authenticatorId } = proof;
      const authenticators = withAuthenticator(record, authenticatorId, {
        ...totpUseFields(proof, ctx.now),
        state: 'active',
        pendingExpiresAt: null,
      });
      return {
        next: nextRecord(
          record,
          {
            ...CLEAR_THROTTLE,
            state: 'enabled',
            pendingExpiresAt: null,
            enabledAt: ctx.now,
            authenticators,
            ...recoveryCodeFields(action.recovery),
          },
          ctx.now,
        ),
        result: {
          ok: true,
          recoveryCodes: action.recovery.codes,
          authenticatorId,
          method: 'totp',
          verifiedAt: ctx.now,
        },
        events: [
          {
            type: 'enabled',
            userId: ctx.userId,
            at: ctx.now,
            recoveryCodes: action.recovery.codes.length,
            authenticatorId,
          },
        ],
      };
    },
  );
}

/**
 * Abandons a pending enrolment and wipes its secret. Nothing pending (or already expired) is not an
 * error: the result says nothing was cancelled.
 *
 * @param record - the stored record or null
 * @param ctx - the decision context
 * @returns the decision
 * @throws {MfaError} INVALID_STATE when MFA is enabled: cancelling must never disable it without a code
 */
export function decideCancelEnable(record: MfaRecord | null, ctx: DecideContext): Decision<CancelResult> {
  const state = effectiveState(record, ctx.now);
  if (state === 'enabled')
    fail('INVALID_STATE', 'MFA is enabled for this account: there is no enrolment to cancel');
  // Mutation testing: `record === null` → false survives, an equivalent mutant (a null record's
  // state is 'disabled'; the check is there for the type).
  if (record === null || state === 'disabled') return noWrite({ cancelled: false });
  return {
    next: nextRecord(record, { ...DISABLED_FIELDS, lastUsedStep: record.lastUsedStep }, ctx.now),
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
 */
export function decideImport(
  record: MfaRecord | null,
  action: {
    authenticator: NewAuthenticator;
    accountName: string;
    lastUsedStep: number | null;
    recovery: RecoveryCodeSet;
  },
  ctx: DecideContext,
): Decision<ImportResult> {
  if (effectiveState(record, ctx.now) === 'enabled') fail('INVALID_STATE', ALREADY_ENABLED);
  const base = record ?? blankRecord(ctx.userId);
  const next = nextRecord(
    base,
    {
      ...DISABLED_FIELDS,
      state: 'enabled',
      accountName: action.accountName,
      enabledAt: ctx.now,
      lastUsedStep: base.lastUsedStep,
      authenticators: [
        {
          ...pendingAuthenticator(action.authenticator, ctx.now, 0),
          state: 'active',
          pendingExpiresAt: null,
          // The higher floor stands: the step `disable` kept for this account, or the old system's.
          lastUsedStep: higherStep(base.lastUsedStep, action.lastUsedStep),
        },
      ],
      ...recoveryCodeFields(action.recovery),
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
