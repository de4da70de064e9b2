/**
 * Refusals and the path every code takes: locked → checked → replayed or wrong or accepted. A wrong
 * code is counted against the throttle; a replay, a lock or a state that takes no code is refused
 * without counting. Each refusal reports a 'verify_failed' event (and a 'locked' one when it locks).
 *
 * @module
 */
import type { MfaRecord } from '../store.js';
import { budgetRemainingMs, isLockedUntilReset, lockRemainingMs, registerFailure } from '../throttle.js';
import type { CodeAction, MfaEvent, Refusal, VerifyFailedReason } from '../types/index.js';
import { type DecideContext, type Decision, noWrite } from './decision.js';
import type { AcceptedProof, ProofCheck } from './proofs.js';
import { blankRecord, nextRecord } from './records.js';

/** The refusals a code can meet once the account's state takes codes. */
export type CodeRefusal = Refusal<'invalid' | 'replayed' | 'locked'>;

/** How a code is taken: by which action, and whether it is a recovery code (which the hard stop lets through). */
export interface CodeTaking {
  action: CodeAction;
  recoveryCode: boolean;
}

/**
 * Judges a code on an account whose state takes it: refused while locked (the proof is not even
 * checked), then checked; a replay is refused without counting, a wrong code is counted, and an
 * accepted proof goes to `accept`.
 *
 * @param record - the record read
 * @param taking - the action and the kind of code
 * @param ctx - the decision context
 * @param check - checks the proof (run only when not locked)
 * @param accept - the decision for an accepted proof
 * @returns the decision
 */
export function judgeCode<Proof extends AcceptedProof, Result>(
  record: MfaRecord,
  taking: CodeTaking,
  ctx: DecideContext,
  check: () => ProofCheck<Proof>,
  accept: (proof: Proof) => Decision<Result>,
): Decision<Result | CodeRefusal> {
  const { action } = taking;
  const locked = lockedRefusal(record, taking, ctx);
  if (locked !== null) return locked;
  const proof = check();
  if (proof.kind === 'replayed') return plainRefusal(record, action, 'replayed', ctx);
  if (proof.kind === 'invalid') return wrongCodeRefusal(record, action, ctx);
  return accept(proof);
}

/**
 * The refusal of a code while the account is locked: nothing is checked or written, and the
 * attempt does not extend the lock. A back-off lock or a spent failure budget holds every code, with
 * `retryAfterMs`; the hard stop holds TOTP codes only, without it. Returns null when not locked.
 *
 * @param record - the record read
 * @param taking - the action and the kind of code
 * @param ctx - the decision context
 * @returns the decision, or null when the code may be judged
 */
export function lockedRefusal(
  record: MfaRecord,
  taking: CodeTaking,
  ctx: DecideContext,
): Decision<Refusal<'locked'>> | null {
  const retryAfterMs = Math.max(
    lockRemainingMs(record, ctx.now),
    budgetRemainingMs(record, ctx.now, ctx.policy.throttle),
  );
  const hardStop = isLockedUntilReset(record) && !taking.recoveryCode;
  if (retryAfterMs === 0 && !hardStop) return null;
  const event = failedEvent(taking.action, 'locked', ctx, record.failedAttempts);
  if (retryAfterMs === 0) return noWrite({ ok: false, reason: 'locked' }, [event]);
  return noWrite({ ok: false, reason: 'locked', retryAfterMs }, [event]);
}

/**
 * A refusal that writes nothing and counts nothing (not enabled, not pending, expired, replayed).
 *
 * @param record - the record read, or null
 * @param action - the action refused
 * @param reason - why
 * @param ctx - the decision context
 * @returns the decision
 */
export function plainRefusal<Reason extends VerifyFailedReason>(
  record: MfaRecord | null,
  action: CodeAction,
  reason: Reason,
  ctx: DecideContext,
): Decision<Refusal<Reason>> {
  const failedAttempts = (record ?? blankRecord(ctx.userId)).failedAttempts;
  return noWrite({ ok: false, reason }, [failedEvent(action, reason, ctx, failedAttempts)]);
}

/**
 * The refusal of a wrong code: the failure is counted, and one after which no code is judged for a
 * while (back-off, spent budget) is reported with `retryAfterMs` and a 'locked' event; one that
 * starts the hard stop with a 'locked' event without an end.
 *
 * @param record - the record read
 * @param action - the action refused
 * @param ctx - the decision context
 * @returns the decision, which writes the new count
 */
export function wrongCodeRefusal(
  record: MfaRecord,
  action: CodeAction,
  ctx: DecideContext,
): Decision<Refusal<'invalid'>> {
  const { fields, lockStarted, retryAfterMs, lockedUntilReset } = registerFailure(
    record,
    ctx.now,
    ctx.policy.throttle,
  );
  const counted = lockStarted || lockedUntilReset ? record.failedAttempts + 1 : fields.failedAttempts;
  const events: MfaEvent[] = [failedEvent(action, 'invalid', ctx, counted)];
  const result: Refusal<'invalid'> = { ok: false, reason: 'invalid' };
  if (retryAfterMs > 0) result.retryAfterMs = retryAfterMs;
  if (retryAfterMs > 0 || lockedUntilReset) {
    events.push({
      type: 'locked',
      userId: ctx.userId,
      at: ctx.now,
      lockedUntil: lockedUntilReset ? null : ctx.now + retryAfterMs,
      retryAfterMs: lockedUntilReset ? null : retryAfterMs,
      lockouts: fields.lockouts,
    });
  }
  return { next: nextRecord(record, fields, ctx.now), result, events };
}

function failedEvent(
  action: CodeAction,
  reason: VerifyFailedReason,
  ctx: DecideContext,
  failedAttempts: number,
): MfaEvent {
  return { type: 'verify_failed', userId: ctx.userId, at: ctx.now, action, reason, failedAttempts };
}
