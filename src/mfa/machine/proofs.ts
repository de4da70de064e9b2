/**
 * Checking what the user typed: a TOTP against the replay floor, a recovery code against the stored
 * hashes, or either (for disable and regenerate). Checks decide nothing; refusals.ts turns them into
 * decisions.
 *
 * @module
 */
import { verifyTotp } from '../../otp/index.js';
import { MAX_CODE_INPUT } from '../../shared/index.js';
import { findRecoveryCode, recoveryCodeCandidate } from '../recovery.js';
import type { MfaRecord } from '../store.js';
import { CLEAR_THROTTLE } from '../throttle.js';
import type { DecideContext } from './decision.js';

/** An accepted TOTP: the step it matched, the next replay floor. */
export interface TotpProof {
  kind: 'ok';
  method: 'totp';
  step: number;
}
/** An accepted recovery code: the index of its hash, to use it up. */
export interface RecoveryCodeProof {
  kind: 'ok';
  method: 'recovery_code';
  index: number;
}
/** An accepted proof of either kind. */
export type AcceptedProof = TotpProof | RecoveryCodeProof;

/** A checked proof: accepted, a replay (a code already used), or wrong. */
export type ProofCheck<Proof extends AcceptedProof = AcceptedProof> =
  | Proof
  | { kind: 'replayed' }
  | { kind: 'invalid' };

const INVALID = Object.freeze({ kind: 'invalid' as const });
const WHITESPACE = /\s+/g;
const TOTP_LIKE = /^[\d\s]+$/;

/**
 * Checks a TOTP against the record's secret, accepting only steps above its last used step. A code
 * that matches only an already used step is a replay, told apart so that a double submit is not
 * counted as a guess; that second look runs only on the failure path, keeping a success to one check.
 *
 * @param record - a record with a secret
 * @param input - the code as typed (spaces allowed)
 * @param ctx - the decision context
 * @returns the check
 */
export function checkTotp(record: MfaRecord, input: string, ctx: DecideContext): ProofCheck<TotpProof> {
  // Longer input cannot be a code; refusing it first bounds the work an attacker can cause.
  // Mutation testing: `record.secret === null` → false survives, an equivalent mutant (a record in a
  // state that takes codes always holds a secret).
  if (input.length > MAX_CODE_INPUT || record.secret === null) return INVALID;
  const code = input.replace(WHITESPACE, '');
  const { period, digits, algorithm, window } = ctx.policy.totp;
  // The service wipes every secret it opened once the decision is made.
  const secret = ctx.openSecret(record.secret);
  const time = ctx.now;
  const floor = record.lastUsedStep;
  // One literal each (not a spread of the other): this runs on every sign-in.
  const options = { time, window, period, digits, algorithm };
  const above = floor === null ? options : { time, window, period, digits, algorithm, afterStep: floor };
  const match = verifyTotp(secret, code, above);
  if (match !== null) return { kind: 'ok', method: 'totp', step: match.step };
  // Mutation testing: `floor !== null` → true survives, an equivalent mutant (with no floor the second
  // check repeats the first, which found nothing).
  if (floor !== null && verifyTotp(secret, code, options) !== null) return { kind: 'replayed' };
  return INVALID;
}

/**
 * Checks a recovery code against the record's unused codes, then against the ones already used,
 * so that a double submit of a used code reads as a replay, not a guess. Every stored hash is
 * compared in constant time whatever matches.
 *
 * @param record - an enabled record
 * @param input - what the user typed
 * @param ctx - the decision context
 * @returns the check
 */
export function checkRecoveryCode(
  record: MfaRecord,
  input: string,
  ctx: DecideContext,
): ProofCheck<RecoveryCodeProof> {
  // Stryker disable next-line ConditionalExpression: equivalent; findRecoveryCode refuses input over 64 characters too (this bound is for the work)
  if (input.length > MAX_CODE_INPUT) return INVALID;
  const candidate = recoveryCodeCandidate(ctx.userId, input, ctx.recoveryHasherOf(record));
  const index = findRecoveryCode(candidate, record.recoveryCodeHashes);
  const spent = findRecoveryCode(candidate, record.spentRecoveryCodeHashes ?? []);
  if (index !== -1) return { kind: 'ok', method: 'recovery_code', index };
  return spent === -1 ? INVALID : { kind: 'replayed' };
}

/**
 * Checks a proof that may be a TOTP or a recovery code (for disable and regenerate): digits and
 * spaces only means a TOTP, anything else is tried as a recovery code.
 *
 * @param record - an enabled record
 * @param input - what the user typed
 * @param ctx - the decision context
 * @returns the check
 */
export function checkProof(record: MfaRecord, input: string, ctx: DecideContext): ProofCheck {
  // Stryker disable next-line ConditionalExpression: equivalent; both checks below refuse input over MAX_CODE_INPUT themselves
  if (input.length > MAX_CODE_INPUT) return INVALID;
  return looksLikeTotp(input) ? checkTotp(record, input, ctx) : checkRecoveryCode(record, input, ctx);
}

/**
 * Whether typed input is read as a TOTP (digits and spaces only) rather than a recovery code.
 *
 * @param input - what the user typed
 */
export function looksLikeTotp(input: string): boolean {
  return input.length <= MAX_CODE_INPUT && TOTP_LIKE.test(input);
}

/**
 * The fields a successful proof changes: the step becomes the new replay floor, or the recovery
 * code is used up (its hash kept among the spent ones, to tell a replay); the back-off and any lock
 * (the hard stop too) are cleared. The failure budget is not: it bounds guesses over time.
 *
 * @param record - the record read
 * @param proof - the accepted proof
 * @returns the changed fields
 */
export function acceptedProofFields(record: MfaRecord, proof: AcceptedProof): Partial<MfaRecord> {
  if (proof.method === 'totp') return { ...CLEAR_THROTTLE, lastUsedStep: proof.step };
  const used = record.recoveryCodeHashes[proof.index]!;
  return {
    ...CLEAR_THROTTLE,
    recoveryCodeHashes: record.recoveryCodeHashes.filter((_, i) => i !== proof.index),
    spentRecoveryCodeHashes: [...(record.spentRecoveryCodeHashes ?? []), used],
  };
}
