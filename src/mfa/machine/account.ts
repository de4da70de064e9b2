/**
 * Account-level reads and the administrator's reset: no code involved.
 *
 * @module
 */
import type { MfaRecord } from '../store.js';
import { CLEAR_THROTTLE, isLockedUntilReset, lockRemainingMs } from '../throttle.js';
import type { MfaStatus, ResetResult } from '../types.js';
import { type DecideContext, type Decision, noWrite } from './decision.js';
import { DISABLED_FIELDS, effectiveState, nextRecord } from './records.js';

/**
 * What `status` reports for a record at a time. An expired enrolment reads 'disabled'.
 *
 * @param record - the stored record or null
 * @param now - ms since the epoch
 * @returns the status
 */
export function statusOf(record: MfaRecord | null, now: number): MfaStatus {
  const state = effectiveState(record, now);
  return {
    state,
    // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent; only an enabled record (never null) holds an enabledAt
    enabledAt: state === 'enabled' ? (record?.enabledAt ?? null) : null,
    // Stryker disable next-line OptionalChaining: equivalent; a pending state comes from a record, never from null
    pendingExpiresAt: state === 'pending' ? (record?.pendingExpiresAt ?? null) : null,
    // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent; a record not enabled holds no recovery codes (DISABLED_FIELDS)
    recoveryCodesRemaining: state === 'enabled' ? (record?.recoveryCodeHashes.length ?? 0) : 0,
    lockedUntil:
      // Stryker disable next-line OptionalChaining: equivalent; lockRemainingMs is 0 for a null record
      lockRemainingMs(record, now) > 0 && !isLockedUntilReset(record) ? (record?.lockedUntil ?? null) : null,
    lockedUntilReset: isLockedUntilReset(record),
  };
}

/**
 * An administrator's forced disable: no code, the secret and recovery codes wiped, the throttle
 * cleared (the reset is itself the authorised recovery). Always reported with a 'reset' event,
 * even when there was nothing to reset.
 *
 * @param record - the stored record or null
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideReset(record: MfaRecord | null, ctx: DecideContext): Decision<ResetResult> {
  const previousState = effectiveState(record, ctx.now);
  const events = [{ type: 'reset' as const, userId: ctx.userId, at: ctx.now, previousState }];
  if (record === null) return noWrite({ previousState }, events);
  const next = nextRecord(record, { ...DISABLED_FIELDS, ...CLEAR_THROTTLE }, ctx.now);
  return { next, result: { previousState }, events };
}
