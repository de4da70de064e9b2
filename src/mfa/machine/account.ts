/**
 * Account-level reads and the administrator's reset: no code involved.
 *
 * @module
 */
import type { MfaRecord } from '../store.js';
import { budgetRemainingMs, CLEAR_THROTTLE, isLockedUntilReset, lockRemainingMs } from '../throttle.js';
import type { MfaPolicy, MfaStatus, ResetResult } from '../types/index.js';
import { type DecideContext, type Decision, noWrite } from './decision.js';
import { activeAuthenticators, disabledFields, effectiveState, liveDevices, nextRecord } from './records.js';

/**
 * What `status` reports for a record at a time. An expired enrolment reads 'disabled'.
 *
 * @param record - the stored record or null
 * @param now - ms since the epoch
 * @param policy - the policy (for the failure budget)
 * @returns the status
 */
export function statusOf(record: MfaRecord | null, now: number, policy: MfaPolicy): MfaStatus {
  const state = effectiveState(record, now);
  // A back-off lock or a spent failure budget: either way no code is judged before then.
  const wait = Math.max(lockRemainingMs(record, now), budgetRemainingMs(record, now, policy.throttle));
  return {
    state,
    // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent; only an enabled record (never null) holds an enabledAt
    enabledAt: state === 'enabled' ? (record?.enabledAt ?? null) : null,
    // Stryker disable next-line OptionalChaining: equivalent; a pending state comes from a record, never from null
    pendingExpiresAt: state === 'pending' ? (record?.pendingExpiresAt ?? null) : null,
    // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent; a record not enabled holds no recovery codes (DISABLED_FIELDS)
    recoveryCodesRemaining: state === 'enabled' ? (record?.recoveryCodeHashes.length ?? 0) : 0,
    activeAuthenticators: state === 'enabled' && record !== null ? activeAuthenticators(record).length : 0,
    rememberedDevices: state === 'enabled' && record !== null ? liveDevices(record, now).length : 0,
    lockedUntil: wait > 0 ? now + wait : null,
    lockedUntilReset: isLockedUntilReset(record),
  };
}

/**
 * An administrator's forced disable: no code, the authenticators, recovery codes and remembered
 * devices wiped, the throttle
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
  const next = nextRecord(record, { ...disabledFields(record), ...CLEAR_THROTTLE }, ctx.now);
  return { next, result: { previousState }, events };
}
