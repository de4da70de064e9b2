/**
 * What the service's methods return: results for outcomes, refusals with a reason, and the status.
 *
 * @module
 */
import type { MfaState } from '../store.js';

/**
 * A refused code or action: `reason` says why; `retryAfterMs` is set while (or once) the account is
 * locked for a time. A 'locked' refusal without `retryAfterMs` means locked until an administrator's reset.
 */
export interface Refusal<Reason extends string> {
  /** Always false: the code or action was refused. */
  ok: false;
  /** Why it was refused. */
  reason: Reason;
  /** Milliseconds until codes are accepted again, when the account is locked. */
  retryAfterMs?: number;
}

/** The code was accepted. */
export interface Accepted {
  /** Always true. */
  ok: true;
}

/** The code was accepted and a fresh set of recovery codes was issued (the old ones stop working). */
export interface NewRecoveryCodes {
  /** Always true. */
  ok: true;
  /** The new codes, in clear text: show them to the user once; only their hashes are stored. */
  recoveryCodes: string[];
}

/** Why a code was refused, by any action: the union of every refusal reason. */
export type VerifyFailedReason =
  | 'invalid'
  | 'replayed'
  | 'locked'
  | 'not_enabled'
  | 'expired'
  | 'not_pending';

/** Why a TOTP was refused: wrong, already used, account locked, or no MFA to verify against. */
export type CodeRefusalReason = 'invalid' | 'replayed' | 'locked' | 'not_enabled';

/** The result of `verify`. */
export type VerifyResult = Accepted | Refusal<CodeRefusalReason>;

/** The result of `confirmEnable`: the recovery codes are shown to the user once and never again. */
export type ConfirmResult =
  | NewRecoveryCodes
  | Refusal<'invalid' | 'replayed' | 'locked' | 'expired' | 'not_pending'>;

/** The result of `useRecoveryCode`. */
export type RecoveryResult = RecoveryCodeAccepted | Refusal<CodeRefusalReason>;

/** A recovery code was accepted and used up. */
export interface RecoveryCodeAccepted {
  /** Always true. */
  ok: true;
  /** How many unused recovery codes are left. */
  remaining: number;
}

/** The result of `disable`. */
export type DisableResult = Accepted | Refusal<CodeRefusalReason>;

/** The result of `regenerateRecoveryCodes`; the old codes stop working. */
export type RegenerateResult = NewRecoveryCodes | Refusal<CodeRefusalReason>;

/** The result of `beginEnable`: show `secret` (or the QR of `uri`) to the user, once. */
export interface BeginEnableResult {
  /** The new Base32 secret, for manual entry. */
  secret: string;
  /** The otpauth:// Key URI, for the QR code. */
  uri: string;
  /** When the enrolment stops being confirmable (ms since the epoch). */
  expiresAt: number;
}

/** What `importEnrolment` takes: a secret the user's authenticator already holds. */
export interface ImportEnrolmentOptions {
  /** The existing secret: Base32 text (any case, spaces, hyphens, padding) or bytes; at least 10 bytes. */
  secret: string | Uint8Array;
  /** The account name shown in authenticator apps; default the user id. */
  accountName?: string;
  /**
   * The last time step the old system accepted, if it kept one, so that its last code cannot be
   * replayed here; default none.
   */
  lastUsedStep?: number | null;
}

/** The result of `importEnrolment`. */
export interface ImportResult {
  /** New recovery codes, in clear text: show them to the user once (old ones cannot be carried over). */
  recoveryCodes: string[];
}

/** The result of `cancelEnable`: false when there was no live pending enrolment. */
export interface CancelResult {
  /** True when a live pending enrolment was cancelled. */
  cancelled: boolean;
}

/** The result of `reset`. */
export interface ResetResult {
  /** The state the account was in before the reset. */
  previousState: MfaState;
}

/** What `status` reports; nothing in it is secret. */
export interface MfaStatus {
  /** 'disabled' also for a pending enrolment that expired. */
  state: MfaState;
  /** When MFA was enabled, or null. */
  enabledAt: number | null;
  /** When the pending enrolment expires, or null. */
  pendingExpiresAt: number | null;
  /** Unused recovery codes (0 unless enabled). */
  recoveryCodesRemaining: number;
  /**
   * No code is judged before this time (a back-off lock, or the failure budget spent), or null.
   * In the hard stop it may be null while TOTP codes are still refused: see `lockedUntilReset`.
   */
  lockedUntil: number | null;
  /**
   * True in the hard stop (too many failures in a row): TOTP codes are refused until a recovery code
   * is accepted or an administrator's `reset`.
   */
  lockedUntilReset: boolean;
}
