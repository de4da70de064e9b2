/**
 * The audit events reported through `onEvent`: never a secret or a code, safe to log as JSON.
 *
 * @module
 */
import type { MfaState } from '../store.js';
import type { VerifyFailedReason } from './results.js';

/** How a second factor was proven. */
export type ProofMethod = 'totp' | 'recovery_code';

/** The actions that take a code, as named in 'verify_failed' events. */
export type CodeAction =
  | 'confirmEnable'
  | 'verify'
  | 'useRecoveryCode'
  | 'disable'
  | 'regenerateRecoveryCodes'
  | 'beginAddAuthenticator'
  | 'confirmAuthenticator'
  | 'removeAuthenticator';

/** What every {@link MfaEvent} carries. */
export interface MfaEventBase {
  /** The account. */
  userId: string;
  /** When the decision was made (ms since the epoch). */
  at: number;
}

/**
 * What happened, reported through `onEvent` after it was stored. Never contains a secret or a code:
 * safe to log as JSON.
 */
export type MfaEvent =
  | EnableStartedEvent
  | EnabledEvent
  | EnableCancelledEvent
  | EnrolmentImportedEvent
  | VerifiedEvent
  | VerifyFailedEvent
  | LockedEvent
  | RecoveryCodeUsedEvent
  | RecoveryCodesRegeneratedEvent
  | DisabledEvent
  | ResetEvent
  | AuthenticatorAddedEvent
  | AuthenticatorConfirmedEvent
  | AuthenticatorCancelledEvent
  | AuthenticatorRenamedEvent
  | AuthenticatorRemovedEvent
  | DeviceRememberedEvent
  | DeviceForgottenEvent;

/** An enrolment started (beginEnable). */
export interface EnableStartedEvent extends MfaEventBase {
  /** The event type. */
  type: 'enable_started';
  /** When the enrolment stops being confirmable. */
  expiresAt: number;
  /** The pending authenticator. */
  authenticatorId: string;
}

/** MFA was enabled (confirmEnable succeeded). */
export interface EnabledEvent extends MfaEventBase {
  /** The event type. */
  type: 'enabled';
  /** The authenticator now active. */
  authenticatorId: string;
  /** How many recovery codes were issued. */
  recoveryCodes: number;
}

/** A pending enrolment was cancelled. */
export interface EnableCancelledEvent extends MfaEventBase {
  /** The event type. */
  type: 'enable_cancelled';
}

/** MFA was enabled with an imported secret (importEnrolment). */
export interface EnrolmentImportedEvent extends MfaEventBase {
  /** The event type. */
  type: 'enrolment_imported';
  /** How many recovery codes were issued. */
  recoveryCodes: number;
}

/** A sign-in was proven by a TOTP (`verify`) or a remembered device (`checkDevice`). */
export interface VerifiedEvent extends MfaEventBase {
  /** The event type. */
  type: 'verified';
  /** How the factor was proven. */
  method: 'totp' | 'device';
  /** The authenticator whose code matched (method 'totp'). */
  authenticatorId?: string;
  /** The device recognised (method 'device'). */
  deviceId?: string;
}

/** A code was refused, by any action that takes one. */
export interface VerifyFailedEvent extends MfaEventBase {
  /** The event type. */
  type: 'verify_failed';
  /** The action that refused it. */
  action: CodeAction;
  /** Why it was refused. */
  reason: VerifyFailedReason;
  /** Consecutive failures counted so far (after this one, when it counted). */
  failedAttempts: number;
}

/** A failure locked the account. */
export interface LockedEvent extends MfaEventBase {
  /** The event type. */
  type: 'locked';
  /** When the lock ends, or null when it lasts until an administrator's reset. */
  lockedUntil: number | null;
  /** The lock's length, or null when it lasts until an administrator's reset. */
  retryAfterMs: number | null;
  /** Consecutive locks since the last success, this one included. */
  lockouts: number;
}

/** A recovery code was used to sign in. */
export interface RecoveryCodeUsedEvent extends MfaEventBase {
  /** The event type. */
  type: 'recovery_code_used';
  /** Unused recovery codes left. */
  remaining: number;
}

/** The recovery codes were replaced. */
export interface RecoveryCodesRegeneratedEvent extends MfaEventBase {
  /** The event type. */
  type: 'recovery_codes_regenerated';
  /** How many new codes were issued. */
  count: number;
  /** How the user proved the factor. */
  method: ProofMethod;
}

/** MFA was disabled by its user. */
export interface DisabledEvent extends MfaEventBase {
  /** The event type. */
  type: 'disabled';
  /** How the user proved the factor. */
  method: ProofMethod;
}

/** An administrator reset the account's MFA. */
export interface ResetEvent extends MfaEventBase {
  /** The event type. */
  type: 'reset';
  /** The state before the reset. */
  previousState: MfaState;
}

/** A new authenticator was started (`beginAddAuthenticator`): pending until confirmed. */
export interface AuthenticatorAddedEvent extends MfaEventBase {
  /** The event type. */
  type: 'authenticator_added';
  /** The new authenticator. */
  authenticatorId: string;
  /** When it stops being confirmable. */
  expiresAt: number;
  /** How the user proved the factor to add it. */
  method: ProofMethod;
}

/** A new authenticator was confirmed and is active (`confirmAuthenticator`). */
export interface AuthenticatorConfirmedEvent extends MfaEventBase {
  /** The event type. */
  type: 'authenticator_confirmed';
  /** The authenticator. */
  authenticatorId: string;
}

/** A pending authenticator was abandoned (`cancelAuthenticator`); its secret is gone. */
export interface AuthenticatorCancelledEvent extends MfaEventBase {
  /** The event type. */
  type: 'authenticator_cancelled';
  /** The authenticator. */
  authenticatorId: string;
}

/** An authenticator was renamed (the label itself is not reported). */
export interface AuthenticatorRenamedEvent extends MfaEventBase {
  /** The event type. */
  type: 'authenticator_renamed';
  /** The authenticator. */
  authenticatorId: string;
}

/** An authenticator was removed; its secret is gone. */
export interface AuthenticatorRemovedEvent extends MfaEventBase {
  /** The event type. */
  type: 'authenticator_removed';
  /** The authenticator. */
  authenticatorId: string;
  /** How the user proved the factor. */
  method: ProofMethod;
}

/** A device was remembered by a successful sign-in. */
export interface DeviceRememberedEvent extends MfaEventBase {
  /** The event type. */
  type: 'device_remembered';
  /** The new device. */
  deviceId: string;
  /** When it stops being recognised. */
  expiresAt: number;
}

/**
 * Remembered devices were forgotten: by the user ('user': `forgetDevice`, `forgetAllDevices`) or
 * because a newer one took the place of the oldest ('limit'). Disable and reset forget every device
 * without this event: their own event says so.
 */
export interface DeviceForgottenEvent extends MfaEventBase {
  /** The event type. */
  type: 'device_forgotten';
  /** The devices forgotten. */
  deviceIds: string[];
  /** Why. */
  reason: 'user' | 'limit';
}
