/**
 * Several authenticators per account: adding one after a proof (pending → active with a code from
 * it), renaming, removing after a proof, and listing. The first authenticator comes from
 * enrolment.ts; `verify` accepts a code from any active one (sign-in.ts).
 *
 * | action        | not enabled  | unknown id | refused before the code             | code refused          |
 * |---------------|--------------|------------|-------------------------------------|-----------------------|
 * | add           | not_enabled  | -          | limit_reached                       | invalid/replayed/locked |
 * | confirm       | not_enabled  | not_found  | not_pending, expired                | invalid/replayed/locked |
 * | remove        | not_enabled  | not_found  | last_authenticator                  | invalid/replayed/locked |
 * | rename        | not_found    | not_found  | -                                   | (no code)             |
 * | cancel        | not cancelled | not cancelled | INVALID_STATE when active        | (no code)             |
 *
 * @module
 */

import { fail } from '../../shared/index.js';
import type { MfaRecord, SealedSecret, StoredAuthenticator } from '../store.js';
import { CLEAR_THROTTLE } from '../throttle.js';
import type {
  AuthenticatorInfo,
  AuthenticatorStarted,
  CancelResult,
  ConfirmAuthenticatorResult,
  Refusal,
  RemoveAuthenticatorResult,
  RenameResult,
} from '../types/index.js';
import { type DecideContext, type Decision, noWrite } from './decision.js';
import { acceptedProofFields, checkProof, checkTotp, looksLikeTotp, totpUseFields } from './proofs.js';
import {
  activeAuthenticators,
  effectiveState,
  higherStep,
  isEnabled,
  liveAuthenticators,
  nextRecord,
  withAuthenticator,
} from './records.js';
import { type CodeRefusal, judgeCode, plainRefusal } from './refusals.js';

/** A new authenticator, made by the service: its id, label and sealed secret. */
export interface NewAuthenticator {
  id: string;
  label: string;
  secret: SealedSecret;
}

/**
 * A pending authenticator as first stored.
 *
 * @param authenticator - its id, label and sealed secret
 * @param now - ms since the epoch
 * @param expiresAt - when it stops being confirmable
 * @returns the stored authenticator
 */
export function pendingAuthenticator(
  authenticator: NewAuthenticator,
  now: number,
  expiresAt: number,
): StoredAuthenticator {
  return {
    ...authenticator,
    state: 'pending',
    createdAt: now,
    lastUsedAt: null,
    pendingExpiresAt: expiresAt,
    lastUsedStep: null,
    driftSteps: 0,
  };
}

/** What `beginAddAuthenticator` decides: the service adds the secret and Key URI to a success. */
export type AddDecision =
  | (Omit<AuthenticatorStarted, 'secret' | 'uri'> & { accountName: string })
  | CodeRefusal
  | Refusal<'not_enabled' | 'limit_reached'>;

/**
 * Adds a pending authenticator after a proof (a TOTP from any active authenticator, or a recovery
 * code, used up). At the limit it is refused before the code is looked at, so nothing is used up.
 *
 * @param record - the stored record or null
 * @param action - the new authenticator, the account name asked for (if any) and the proof
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideBeginAddAuthenticator(
  record: MfaRecord | null,
  action: { authenticator: NewAuthenticator; accountName: string | undefined; code: string },
  ctx: DecideContext,
): Decision<AddDecision> {
  const { now } = ctx;
  if (!isEnabled(record, now)) return plainRefusal(record, 'beginAddAuthenticator', 'not_enabled', ctx);
  if (liveAuthenticators(record, now).length >= ctx.policy.maxAuthenticators) {
    return plainRefusal(record, 'beginAddAuthenticator', 'limit_reached', ctx);
  }
  return judgeCode(
    record,
    { action: 'beginAddAuthenticator', recoveryCode: !looksLikeTotp(action.code) },
    ctx,
    () => checkProof(record, action.code, ctx),
    (proof) => {
      const fields = acceptedProofFields(record, proof, now);
      const accepted = { ...record, ...fields };
      const expiresAt = now + ctx.policy.pendingTtlMs;
      const authenticatorId = action.authenticator.id;
      const authenticators = [
        ...liveAuthenticators(accepted, now),
        pendingAuthenticator(action.authenticator, now, expiresAt),
      ];
      return {
        next: nextRecord(record, { ...fields, authenticators }, now),
        result: {
          ok: true,
          authenticatorId,
          expiresAt,
          accountName: action.accountName ?? record.accountName ?? ctx.userId,
          method: proof.method,
          verifiedAt: now,
        },
        events: [
          {
            type: 'authenticator_added',
            userId: ctx.userId,
            at: now,
            authenticatorId,
            expiresAt,
            method: proof.method,
          },
        ],
      };
    },
  );
}

/**
 * Activates a pending authenticator with a code from it; the code's step becomes its floor.
 *
 * @param record - the stored record or null
 * @param action - the authenticator and the code
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideConfirmAuthenticator(
  record: MfaRecord | null,
  action: { authenticatorId: string; code: string },
  ctx: DecideContext,
): Decision<ConfirmAuthenticatorResult> {
  const { now } = ctx;
  const action_ = 'confirmAuthenticator';
  if (!isEnabled(record, now)) return plainRefusal(record, action_, 'not_enabled', ctx);
  const target = record.authenticators?.find((a) => a.id === action.authenticatorId);
  if (target === undefined) return plainRefusal(record, action_, 'not_found', ctx);
  if (target.state === 'active') return plainRefusal(record, action_, 'not_pending', ctx);
  if ((target.pendingExpiresAt ?? 0) <= now) return plainRefusal(record, action_, 'expired', ctx);
  return judgeCode(
    record,
    { action: action_, recoveryCode: false },
    ctx,
    () => checkTotp([target], action.code, ctx),
    (proof) => {
      const authenticators = withAuthenticator(record, target.id, {
        ...totpUseFields(proof, now),
        state: 'active',
        pendingExpiresAt: null,
      });
      return {
        next: nextRecord(record, { ...CLEAR_THROTTLE, authenticators }, now),
        result: { ok: true, authenticatorId: target.id, method: 'totp', verifiedAt: now },
        events: [
          { type: 'authenticator_confirmed', userId: ctx.userId, at: now, authenticatorId: target.id },
        ],
      };
    },
  );
}

/**
 * Abandons a pending authenticator of an enabled account: no code, since it has never been able to
 * sign in. Nothing pending under that id (or already expired) is not an error.
 *
 * @param record - the stored record or null
 * @param authenticatorId - the pending authenticator
 * @param ctx - the decision context
 * @returns the decision
 * @throws {MfaError} INVALID_STATE when the authenticator is active: removing it takes a code
 */
export function decideCancelAuthenticator(
  record: MfaRecord | null,
  authenticatorId: string,
  ctx: DecideContext,
): Decision<CancelResult> {
  const { now } = ctx;
  if (!isEnabled(record, now)) return noWrite({ cancelled: false });
  const live = liveAuthenticators(record, now);
  const target = live.find((a) => a.id === authenticatorId);
  if (target === undefined) return noWrite({ cancelled: false });
  if (target.state === 'active') {
    fail('INVALID_STATE', 'The authenticator is active: removeAuthenticator (with a code) removes it');
  }
  return {
    next: nextRecord(record, { authenticators: live.filter((a) => a.id !== authenticatorId) }, now),
    result: { cancelled: true },
    events: [{ type: 'authenticator_cancelled', userId: ctx.userId, at: now, authenticatorId }],
  };
}

/**
 * Renames an authenticator of a pending or enabled account; no code (the label is not secret).
 *
 * @param record - the stored record or null
 * @param action - the authenticator and its new label
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideRenameAuthenticator(
  record: MfaRecord | null,
  action: { authenticatorId: string; label: string },
  ctx: DecideContext,
): Decision<RenameResult> {
  const { now } = ctx;
  const live = record !== null && effectiveState(record, now) !== 'disabled';
  const target = live
    ? liveAuthenticators(record, now).find((a) => a.id === action.authenticatorId)
    : undefined;
  if (record === null || target === undefined) return noWrite({ ok: false, reason: 'not_found' });
  return {
    next: nextRecord(
      record,
      { authenticators: withAuthenticator(record, target.id, { label: action.label }) },
      now,
    ),
    result: { ok: true },
    events: [{ type: 'authenticator_renamed', userId: ctx.userId, at: now, authenticatorId: target.id }],
  };
}

/**
 * Removes an authenticator after a proof (a TOTP from any active authenticator, this one
 * included, or a recovery code). The last active one is refused before the code is looked at:
 * `disable` turns MFA off. Its floor is kept on the record, as `disable` keeps every floor.
 *
 * @param record - the stored record or null
 * @param action - the authenticator and the proof
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideRemoveAuthenticator(
  record: MfaRecord | null,
  action: { authenticatorId: string; code: string },
  ctx: DecideContext,
): Decision<RemoveAuthenticatorResult> {
  const { now } = ctx;
  const action_ = 'removeAuthenticator';
  if (!isEnabled(record, now)) return plainRefusal(record, action_, 'not_enabled', ctx);
  const target = liveAuthenticators(record, now).find((a) => a.id === action.authenticatorId);
  if (target === undefined) return plainRefusal(record, action_, 'not_found', ctx);
  if (target.state === 'active' && activeAuthenticators(record).length === 1) {
    return plainRefusal(record, action_, 'last_authenticator', ctx);
  }
  return judgeCode(
    record,
    { action: action_, recoveryCode: !looksLikeTotp(action.code) },
    ctx,
    () => checkProof(record, action.code, ctx),
    (proof) => {
      const fields = acceptedProofFields(record, proof, now);
      const accepted = { ...record, ...fields };
      const removed = accepted.authenticators?.find((a) => a.id === target.id);
      return {
        next: nextRecord(
          record,
          {
            ...fields,
            authenticators: liveAuthenticators(accepted, now).filter((a) => a.id !== target.id),
            lastUsedStep: higherStep(record.lastUsedStep, removed?.lastUsedStep ?? null),
          },
          now,
        ),
        result: { ok: true, method: proof.method, verifiedAt: now },
        events: [
          {
            type: 'authenticator_removed',
            userId: ctx.userId,
            at: now,
            authenticatorId: target.id,
            method: proof.method,
          },
        ],
      };
    },
  );
}

/**
 * The authenticators of an account at `now`, oldest first; nothing secret.
 *
 * @param record - the stored record or null
 * @param now - ms since the epoch
 * @returns the active ones and the live pending ones (none when disabled)
 */
export function authenticatorsInfo(record: MfaRecord | null, now: number): AuthenticatorInfo[] {
  if (record === null || effectiveState(record, now) === 'disabled') return [];
  return liveAuthenticators(record, now).map(
    ({ id, label, state, createdAt, lastUsedAt, pendingExpiresAt }) => ({
      id,
      label,
      state,
      createdAt,
      lastUsedAt,
      pendingExpiresAt,
    }),
  );
}
