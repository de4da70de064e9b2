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

/**
 * How a second factor was proven: a TOTP, a recovery code, or a remembered device. Record it with
 * `verifiedAt` in the session (OpenID Connect's `amr` and `auth_time`) to ask again before a
 * sensitive action.
 */
export type VerificationMethod = 'totp' | 'recovery_code' | 'device';

/** What every success that checked a proof reports: how, and when. */
export interface Proven<Method extends VerificationMethod = VerificationMethod> {
  /** How the second factor was proven. */
  method: Method;
  /** When it was proven (ms since the epoch, the service's clock). */
  verifiedAt: number;
}

/** The code was accepted. */
export interface Accepted {
  /** Always true. */
  ok: true;
}

/** A code was accepted: how, and when. */
export interface ProofAccepted extends Accepted, Proven<'totp' | 'recovery_code'> {}

/** What `verify` and `useRecoveryCode` take besides the code. */
export interface SignInOptions {
  /** Remember this device on success: the result then carries a `deviceToken` for a cookie. */
  rememberDevice?: RememberDeviceOptions;
}

/** How a device is remembered. */
export interface RememberDeviceOptions {
  /** A name to list it by ("Firefox on Linux"), 1 to 64 characters; default none. */
  label?: string;
  /** How long it is remembered, in ms (1 minute to 400 days); default `devices.ttlMs` (30 days). */
  ttlMs?: number;
}

/** A device remembered by a successful sign-in: the token is shown once, for an HttpOnly cookie. */
export interface RememberedDevice {
  /**
   * Opaque, 256 random bits (base64url): set it as an HttpOnly, Secure, SameSite cookie and pass it
   * to `checkDevice` at the next sign-in. Only a keyed hash of it is stored; it is never shown again.
   */
  deviceToken: string;
  /** The device's id, for `listDevices` and `forgetDevice`. */
  deviceId: string;
  /** When the device stops being recognised (ms since the epoch). */
  deviceExpiresAt: number;
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
  | 'not_pending'
  | 'not_found'
  | 'last_authenticator'
  | 'limit_reached';

/** Why a TOTP was refused: wrong, already used, account locked, or no MFA to verify against. */
export type CodeRefusalReason = 'invalid' | 'replayed' | 'locked' | 'not_enabled';

/** A TOTP was accepted at sign-in, from the authenticator named; a device is remembered when asked. */
export interface TotpAccepted extends Accepted, Proven<'totp'>, Partial<RememberedDevice> {
  /** The authenticator whose code matched (its `lastUsedAt` is now). */
  authenticatorId: string;
}

/** The result of `verify`. */
export type VerifyResult = TotpAccepted | Refusal<CodeRefusalReason>;

/** MFA is on: the first authenticator is active and the recovery codes are shown once. */
export interface EnableConfirmed extends NewRecoveryCodes, Proven<'totp'> {
  /** The authenticator the code came from, now active. */
  authenticatorId: string;
}

/** The result of `confirmEnable`: the recovery codes are shown to the user once and never again. */
export type ConfirmResult =
  | EnableConfirmed
  | Refusal<'invalid' | 'replayed' | 'locked' | 'expired' | 'not_pending'>;

/** The result of `useRecoveryCode`. */
export type RecoveryResult = RecoveryCodeAccepted | Refusal<CodeRefusalReason>;

/** A recovery code was accepted and used up; a device is remembered when asked. */
export interface RecoveryCodeAccepted extends Accepted, Proven<'recovery_code'>, Partial<RememberedDevice> {
  /** How many unused recovery codes are left. */
  remaining: number;
}

/** The result of `disable`. */
export type DisableResult = ProofAccepted | Refusal<CodeRefusalReason>;

/** The result of `regenerateRecoveryCodes`; the old codes stop working. */
export type RegenerateResult =
  | (NewRecoveryCodes & Proven<'totp' | 'recovery_code'>)
  | Refusal<CodeRefusalReason>;

/** The result of `beginEnable`: show `secret` (or the QR of `uri`) to the user, once. */
export interface BeginEnableResult {
  /** The new Base32 secret, for manual entry. */
  secret: string;
  /** The otpauth:// Key URI, for the QR code. */
  uri: string;
  /** When the enrolment stops being confirmable (ms since the epoch). */
  expiresAt: number;
  /** The new (pending) authenticator. */
  authenticatorId: string;
}

/** What `beginEnable` takes. */
export interface BeginEnableOptions {
  /** The account name shown in the authenticator app, 1 to 256 characters, no colon; default the user id. */
  accountName?: string;
  /** The user's name for the authenticator, 1 to 64 characters; default 'Authenticator app'. */
  label?: string;
}

/** What `beginAddAuthenticator` takes. */
export interface AddAuthenticatorOptions {
  /** The user's name for the new authenticator ("Backup phone"), 1 to 64 characters. */
  label: string;
  /** The account name shown in the app; default the one given to `beginEnable`. */
  accountName?: string;
  /**
   * The proof: a TOTP from any active authenticator, or a recovery code (used up: the lost-phone
   * path).
   */
  code: string;
}

/** A new authenticator is pending: show `secret` (or the QR of `uri`) once, then confirm it. */
export interface AuthenticatorStarted extends Accepted, Proven<'totp' | 'recovery_code'> {
  /** The new authenticator, pending until `confirmAuthenticator`. */
  authenticatorId: string;
  /** Its Base32 secret, for manual entry. */
  secret: string;
  /** Its otpauth:// Key URI, for the QR code. */
  uri: string;
  /** When it stops being confirmable (ms since the epoch). */
  expiresAt: number;
}

/** The result of `beginAddAuthenticator`. */
export type AddAuthenticatorResult = AuthenticatorStarted | Refusal<CodeRefusalReason | 'limit_reached'>;

/** A new authenticator was confirmed with a code from it, and is active. */
export interface AuthenticatorConfirmed extends Accepted, Proven<'totp'> {
  /** The authenticator, now active. */
  authenticatorId: string;
}

/** The result of `confirmAuthenticator`. */
export type ConfirmAuthenticatorResult =
  | AuthenticatorConfirmed
  | Refusal<'invalid' | 'replayed' | 'locked' | 'expired' | 'not_pending' | 'not_enabled' | 'not_found'>;

/** The result of `renameAuthenticator`. */
export type RenameResult = Accepted | Refusal<'not_found'>;

/** The result of `removeAuthenticator`: the last active one is refused ('last_authenticator'; `disable` turns MFA off). */
export type RemoveAuthenticatorResult =
  | ProofAccepted
  | Refusal<CodeRefusalReason | 'not_found' | 'last_authenticator'>;

/** One authenticator as `listAuthenticators` reports it: nothing secret. */
export interface AuthenticatorInfo {
  /** Its id. */
  id: string;
  /** The user's name for it. */
  label: string;
  /** 'pending' until confirmed. */
  state: 'pending' | 'active';
  /** When it was added (ms since the epoch). */
  createdAt: number;
  /** When a code from it was last accepted, or null. */
  lastUsedAt: number | null;
  /** When a pending one stops being confirmable; null once active. */
  pendingExpiresAt: number | null;
}

/** A remembered device was recognised: a sign-in proven by the device. */
export interface DeviceAccepted extends Accepted, Proven<'device'> {
  /** The device's id. */
  deviceId: string;
  /** When it stops being recognised. */
  expiresAt: number;
}

/**
 * The result of `checkDevice`: 'unknown' for a token this account does not remember (or one that
 * is not a token at all), 'expired' for one past its time, 'not_enabled' when MFA is off.
 */
export type DeviceCheckResult = DeviceAccepted | Refusal<'unknown' | 'expired' | 'not_enabled'>;

/** One remembered device as `listDevices` reports it: nothing secret. */
export interface DeviceInfo {
  /** Its id. */
  id: string;
  /** The application's name for it, or null. */
  label: string | null;
  /** When it was remembered. */
  createdAt: number;
  /** When it stops being recognised. */
  expiresAt: number;
  /** When it last signed in (to the minute: checks within a minute of it are not written), or null. */
  lastUsedAt: number | null;
}

/** The result of `forgetDevice` and `forgetAllDevices`. */
export interface ForgetResult {
  /** How many devices were forgotten (0 when none matched). */
  forgotten: number;
}

/** What `importEnrolment` takes: a secret the user's authenticator already holds. */
export interface ImportEnrolmentOptions {
  /** The existing secret: Base32 text (any case, spaces, hyphens, padding) or bytes; at least 10 bytes. */
  secret: string | Uint8Array;
  /** The account name shown in authenticator apps; default the user id. */
  accountName?: string;
  /** The user's name for the authenticator, 1 to 64 characters; default 'Authenticator app'. */
  label?: string;
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
  /** Active authenticators (0 unless enabled). */
  activeAuthenticators: number;
  /** Remembered devices not yet expired (0 unless enabled). */
  rememberedDevices: number;
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
