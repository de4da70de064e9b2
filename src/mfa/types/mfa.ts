/**
 * The service `createMfa` returns, method by method.
 *
 * @module
 */
import type { MAX_USER_ID_LENGTH } from '../../shared/index.js';
import type {
  AddAuthenticatorOptions,
  AddAuthenticatorResult,
  AuthenticatorInfo,
  BeginEnableOptions,
  BeginEnableResult,
  CancelResult,
  ConfirmAuthenticatorResult,
  ConfirmResult,
  DeviceCheckResult,
  DeviceInfo,
  DisableResult,
  ForgetResult,
  ImportEnrolmentOptions,
  ImportResult,
  MfaStatus,
  RecoveryResult,
  RegenerateResult,
  RemoveAuthenticatorResult,
  RenameResult,
  ResetResult,
  SignInOptions,
  VerifyResult,
} from './results.js';

/**
 * The service {@link createMfa} returns. Every method is safe under concurrent calls and across
 * processes sharing a store. A user id is a non-empty, well-formed string of at most
 * {@link MAX_USER_ID_LENGTH} characters; a user id never seen before is simply 'disabled'. Misuse and store failures throw `MfaError`; expected
 * outcomes are results.
 */
export interface Mfa {
  /**
   * The account's MFA state; nothing secret.
   * @param userId - the account
   * @returns the state, when enabled, recovery codes left, lock and enrolment expiry
   */
  status(userId: string): Promise<MfaStatus>;
  /**
   * Starts an enrolment (disabled or pending → pending) with a new secret each time: the account's
   * first authenticator, pending until `confirmEnable`.
   * @param userId - the account
   * @param options - `accountName` shown in the authenticator app (default: the user id), `label`
   * @returns the Base32 secret and Key URI to show once, the enrolment's expiry, the authenticator's id
   * @throws MfaError INVALID_STATE when MFA is enabled: the app offers "Disable" then, not "Enable"
   */
  beginEnable(userId: string, options?: BeginEnableOptions): Promise<BeginEnableResult>;
  /**
   * Confirms the enrolment with a code from the new authenticator (pending → enabled). The code is
   * consumed: it cannot sign in afterwards.
   * @param userId - the account
   * @param code - the TOTP the user typed
   * @returns the recovery codes to show once, or a refusal
   */
  confirmEnable(userId: string, code: string): Promise<ConfirmResult>;
  /**
   * Enables MFA (disabled or pending → enabled) with a secret the user's authenticator already
   * holds, for moving users from another TOTP system: no confirming code is asked, and new recovery
   * codes are issued. The secret is sealed under the keyring like any other.
   * @param userId - the account
   * @param options - the existing `secret`, and optionally `accountName` and `lastUsedStep`
   * @returns the recovery codes to show once
   * @throws MfaError INVALID_STATE when MFA is already enabled; INVALID_SECRET for a secret that is
   *   not Base32 or bytes, or shorter than 10 bytes; INVALID_ARGUMENT for other bad options
   */
  importEnrolment(userId: string, options: ImportEnrolmentOptions): Promise<ImportResult>;
  /**
   * Abandons a pending enrolment (pending → disabled).
   * @param userId - the account
   * @returns whether a live enrolment was cancelled
   * @throws MfaError INVALID_STATE when MFA is enabled (cancelling never disables without a code)
   */
  cancelEnable(userId: string): Promise<CancelResult>;
  /**
   * Checks the TOTP at sign-in against every active authenticator (the same work whichever
   * matches): each time step of each authenticator is accepted at most once.
   * @param userId - the account
   * @param code - the TOTP the user typed
   * @param options - `rememberDevice` to remember this device on success
   * @returns `{ ok: true, method, verifiedAt, authenticatorId }` (with `deviceToken` when asked) or
   *   a refusal ('invalid', 'replayed', 'locked', 'not_enabled')
   */
  verify(userId: string, code: string, options?: SignInOptions): Promise<VerifyResult>;
  /**
   * Signs in with a recovery code instead of a TOTP; the code is used up.
   * @param userId - the account
   * @param code - the recovery code (any case, spaces and hyphens allowed)
   * @param options - `rememberDevice` to remember this device on success
   * @returns how many codes remain (with `deviceToken` when asked), or a refusal
   */
  useRecoveryCode(userId: string, code: string, options?: SignInOptions): Promise<RecoveryResult>;
  /**
   * Signs in with a remembered device instead of a code. Cheap and not throttled: a wrong token
   * tells nothing and is not counted as a failed code. Works while codes are locked out (a token is
   * not guessable); forgotten devices, disable and reset end it.
   * @param userId - the account
   * @param deviceToken - the token `verify` or `useRecoveryCode` returned, from its cookie
   * @returns `{ ok: true, method: 'device', verifiedAt, deviceId }` or a refusal ('unknown',
   *   'expired', 'not_enabled')
   */
  checkDevice(userId: string, deviceToken: string): Promise<DeviceCheckResult>;
  /**
   * The devices the account remembers, oldest first; nothing secret.
   * @param userId - the account
   * @returns the devices not yet expired (none unless enabled)
   */
  listDevices(userId: string): Promise<DeviceInfo[]>;
  /**
   * Forgets one remembered device: its token stops working.
   * @param userId - the account
   * @param deviceId - the device's id
   * @returns `{ forgotten: 1 }`, or 0 when the account remembers no such device
   */
  forgetDevice(userId: string, deviceId: string): Promise<ForgetResult>;
  /**
   * Forgets every remembered device ("sign out everywhere" for the second factor).
   * @param userId - the account
   * @returns how many were forgotten
   */
  forgetAllDevices(userId: string): Promise<ForgetResult>;
  /**
   * The account's authenticators, oldest first; nothing secret.
   * @param userId - the account
   * @returns the active ones and the pending ones not yet expired
   */
  listAuthenticators(userId: string): Promise<AuthenticatorInfo[]>;
  /**
   * Starts adding another authenticator while MFA is enabled, after a proof: a TOTP from any active
   * authenticator, or a recovery code (used up: the way to move to a new phone when the old one is
   * lost). The new one is pending until `confirmAuthenticator`.
   * @param userId - the account
   * @param options - `label`, the proof `code`, and optionally `accountName`
   * @returns the new authenticator's id, Base32 secret and Key URI to show once, and its expiry; or
   *   a refusal ('limit_reached' at `authenticators.max`, or a refused code)
   */
  beginAddAuthenticator(userId: string, options: AddAuthenticatorOptions): Promise<AddAuthenticatorResult>;
  /**
   * Activates a pending authenticator with a code from it. The code is consumed.
   * @param userId - the account
   * @param authenticatorId - the id `beginAddAuthenticator` returned
   * @param code - the TOTP the new app shows
   * @returns `{ ok: true, authenticatorId, method, verifiedAt }` or a refusal
   */
  confirmAuthenticator(
    userId: string,
    authenticatorId: string,
    code: string,
  ): Promise<ConfirmAuthenticatorResult>;
  /**
   * Abandons a pending authenticator (an "Add" the user did not finish), as `cancelEnable` does
   * for the first one: no code needed, since it has never been able to sign in.
   * @param userId - the account
   * @param authenticatorId - the pending authenticator
   * @returns whether a live pending authenticator was cancelled
   * @throws MfaError INVALID_STATE when it is active: removing one of those takes a code (`removeAuthenticator`)
   */
  cancelAuthenticator(userId: string, authenticatorId: string): Promise<CancelResult>;
  /**
   * Renames an authenticator (no code needed: the label is not secret).
   * @param userId - the account
   * @param authenticatorId - the authenticator
   * @param label - the new name, 1 to 64 characters
   * @returns `{ ok: true }` or 'not_found'
   */
  renameAuthenticator(userId: string, authenticatorId: string, label: string): Promise<RenameResult>;
  /**
   * Removes an authenticator after a proof (a TOTP from any active authenticator, this one included,
   * or a recovery code). Removing the last active one is refused ('last_authenticator'): `disable`
   * turns MFA off.
   * @param userId - the account
   * @param authenticatorId - the authenticator
   * @param code - a TOTP or a recovery code
   * @returns `{ ok: true, method, verifiedAt }` or a refusal
   */
  removeAuthenticator(
    userId: string,
    authenticatorId: string,
    code: string,
  ): Promise<RemoveAuthenticatorResult>;
  /**
   * Turns MFA off (enabled → disabled) after a TOTP or a recovery code; wipes every authenticator,
   * the recovery codes and the remembered devices.
   * @param userId - the account
   * @param code - a TOTP or a recovery code
   * @returns `{ ok: true }` or a refusal
   */
  disable(userId: string, code: string): Promise<DisableResult>;
  /**
   * Replaces every recovery code after a TOTP or a recovery code.
   * @param userId - the account
   * @param code - a TOTP or a recovery code
   * @returns the new codes to show once, or a refusal
   */
  regenerateRecoveryCodes(userId: string, code: string): Promise<RegenerateResult>;
  /**
   * An administrator's forced disable: no code needed, always reported as a 'reset' event.
   * @param userId - the account
   * @returns the state before the reset
   */
  reset(userId: string): Promise<ResetResult>;
  /**
   * Deletes everything stored for the account (for account deletion). Reports no event.
   * @param userId - the account
   */
  deleteUser(userId: string): Promise<void>;
}
