/**
 * Checking what the user typed: a TOTP against the authenticators' replay floors, a recovery code
 * against the stored hashes, or either (for disable, regenerate and managing authenticators). Checks decide nothing; refusals.ts turns them into
 * decisions.
 *
 * @module
 */
import { verifyTotp } from '../../otp/index.js';
import { MAX_CODE_INPUT, MAX_TIME_MS } from '../../shared/index.js';
import { findRecoveryCode, recoveryCodeCandidate } from '../recovery.js';
import type { MfaRecord, StoredAuthenticator } from '../store.js';
import { CLEAR_THROTTLE } from '../throttle.js';
import type { MfaPolicy } from '../types/index.js';
import type { DecideContext } from './decision.js';
import { activeAuthenticators, withAuthenticator } from './records.js';

/** An accepted TOTP: the authenticator it came from, the step it matched (its next replay floor) and its drift. */
export interface TotpProof {
  kind: 'ok';
  method: 'totp';
  authenticatorId: string;
  step: number;
  driftSteps: number;
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
const REPLAYED = Object.freeze({ kind: 'replayed' as const });
const WHITESPACE = /\s+/g;
const TOTP_LIKE = /^[\d\s]+$/;

/**
 * Checks a TOTP against authenticators (every active one at sign-in, the pending one being
 * confirmed), accepting only steps above each one's floor, in a window centred on its drift.
 * Every candidate is checked whichever matches (or none), so the time taken does not tell which
 * authenticator a code belongs to; the first match wins. A code that matches only an already used
 * step is a replay, told apart so that a double submit is not counted as a guess; that second look
 * runs only on the failure path.
 *
 * @param candidates - the authenticators the code may come from
 * @param input - the code as typed (spaces allowed)
 * @param ctx - the decision context
 * @returns the check
 */
export function checkTotp(
  candidates: readonly StoredAuthenticator[],
  input: string,
  ctx: DecideContext,
): ProofCheck<TotpProof> {
  // Longer input cannot be a code; refusing it first bounds the work an attacker can cause.
  if (input.length > MAX_CODE_INPUT || candidates.length === 0) return INVALID;
  const code = input.replace(WHITESPACE, '');
  const { period, digits, algorithm, window } = ctx.policy.totp;
  const trueStep = Math.floor(ctx.now / (period * 1000));
  // The service wipes every secret it opened once the decision is made.
  const secrets = candidates.map((a) => ctx.openSecret(a.secret));
  const drifts = candidates.map((a) => clampDrift(a.driftSteps, ctx.policy));
  let found: TotpProof | null = null;
  for (let i = 0; i < candidates.length; i++) {
    const authenticator = candidates[i]!;
    const time = driftedTime(ctx.now, drifts[i]!, period);
    const floor = authenticator.lastUsedStep;
    const options =
      floor === null
        ? { time, window, period, digits, algorithm }
        : { time, window, period, digits, algorithm, afterStep: floor };
    const match = verifyTotp(secrets[i]!, code, options);
    if (match !== null && found === null) {
      const driftSteps = clampDrift(match.step - trueStep, ctx.policy);
      found = { kind: 'ok', method: 'totp', authenticatorId: authenticator.id, step: match.step, driftSteps };
    }
  }
  if (found !== null) return found;
  // A code of a step at or below a floor, in the window of its authenticator's drift or of true
  // time, was accepted once (steps are accepted in increasing order): submitting it again is not a guess.
  for (let i = 0; i < candidates.length; i++) {
    const floor = candidates[i]!.lastUsedStep;
    if (floor === null) continue;
    const drift = drifts[i]!;
    for (const time of drift === 0 ? [ctx.now] : [driftedTime(ctx.now, drift, period), ctx.now]) {
      const match = verifyTotp(secrets[i]!, code, { time, window, period, digits, algorithm });
      if (match !== null && match.step <= floor) return REPLAYED;
    }
  }
  return INVALID;
}

/** The window moves by whole steps: the same instant `drift` steps away, kept within the times a TOTP takes. */
function driftedTime(now: number, drift: number, period: number): number {
  return Math.min(MAX_TIME_MS, Math.max(0, now + drift * period * 1000));
}

/**
 * A drift within the policy's bounds: at most `maxDriftSteps` either way (the bound may have been
 * lowered since it was stored), and never so far that the window leaves true time out: a drift d
 * moves the window to T+d-past … T+d+future, which holds T only while -future <= d <= past.
 */
function clampDrift(drift: number, policy: MfaPolicy): number {
  const { maxDriftSteps, window } = policy.totp;
  const low = -Math.min(maxDriftSteps, window.future);
  const high = Math.min(maxDriftSteps, window.past);
  // + 0 turns a -0 (from a bound of -0) into 0, which every store writes back the same.
  return Math.min(high, Math.max(low, Number.isSafeInteger(drift) ? drift : 0)) + 0;
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
  return spent === -1 ? INVALID : REPLAYED;
}

/**
 * Checks a proof that may be a TOTP from any active authenticator or a recovery code (for disable,
 * regenerate, and adding or removing an authenticator): digits and spaces only means a TOTP,
 * anything else is tried as a recovery code.
 *
 * @param record - an enabled record
 * @param input - what the user typed
 * @param ctx - the decision context
 * @returns the check
 */
export function checkProof(record: MfaRecord, input: string, ctx: DecideContext): ProofCheck {
  // Stryker disable next-line ConditionalExpression: equivalent; both checks below refuse input over MAX_CODE_INPUT themselves
  if (input.length > MAX_CODE_INPUT) return INVALID;
  return looksLikeTotp(input)
    ? checkTotp(activeAuthenticators(record), input, ctx)
    : checkRecoveryCode(record, input, ctx);
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
 * The fields a successful proof changes: the authenticator's floor becomes the step (with its drift
 * and last use), or the recovery code is used up (its hash kept among the spent ones, to tell a
 * replay); the back-off and any lock (the hard stop too) are cleared. The failure budget is not: it
 * bounds guesses over time.
 *
 * @param record - the record read
 * @param proof - the accepted proof
 * @param now - ms since the epoch
 * @returns the changed fields
 */
export function acceptedProofFields(
  record: MfaRecord,
  proof: AcceptedProof,
  now: number,
): Partial<MfaRecord> {
  if (proof.method === 'totp') {
    const authenticators = withAuthenticator(record, proof.authenticatorId, totpUseFields(proof, now));
    return { ...CLEAR_THROTTLE, authenticators };
  }
  const used = record.recoveryCodeHashes[proof.index]!;
  return {
    ...CLEAR_THROTTLE,
    recoveryCodeHashes: record.recoveryCodeHashes.filter((_, i) => i !== proof.index),
    spentRecoveryCodeHashes: [...(record.spentRecoveryCodeHashes ?? []), used],
  };
}

/**
 * What an accepted TOTP changes on its authenticator: the step becomes its floor, the drift and the
 * time of use are kept.
 *
 * @param proof - the accepted TOTP
 * @param now - ms since the epoch
 * @returns the authenticator's changed fields
 */
export function totpUseFields(proof: TotpProof, now: number): Partial<StoredAuthenticator> {
  return { lastUsedStep: proof.step, driftSteps: proof.driftSteps, lastUsedAt: now };
}
