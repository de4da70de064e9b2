/**
 * The service `createMfa` returns, method by method.
 *
 * @module
 */
import type { MAX_USER_ID_LENGTH } from '../../shared/index.js';
import type {
  BeginEnableResult,
  CancelResult,
  ConfirmResult,
  DisableResult,
  ImportEnrolmentOptions,
  ImportResult,
  MfaStatus,
  RecoveryResult,
  RegenerateResult,
  ResetResult,
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
   * Starts an enrolment (disabled or pending → pending) with a new secret each time.
   * @param userId - the account
   * @param options - `accountName` shown in the authenticator app (default: the user id)
   * @returns the Base32 secret and Key URI to show once, and the enrolment's expiry
   * @throws MfaError INVALID_STATE when MFA is enabled: the app offers "Disable" then, not "Enable"
   */
  beginEnable(userId: string, options?: { accountName?: string }): Promise<BeginEnableResult>;
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
   * Checks the TOTP at sign-in: each time step is accepted at most once.
   * @param userId - the account
   * @param code - the TOTP the user typed
   * @returns `{ ok: true }` or a refusal ('invalid', 'replayed', 'locked', 'not_enabled')
   */
  verify(userId: string, code: string): Promise<VerifyResult>;
  /**
   * Signs in with a recovery code instead of a TOTP; the code is used up.
   * @param userId - the account
   * @param code - the recovery code (any case, spaces and hyphens allowed)
   * @returns how many codes remain, or a refusal
   */
  useRecoveryCode(userId: string, code: string): Promise<RecoveryResult>;
  /**
   * Turns MFA off (enabled → disabled) after a TOTP or a recovery code; wipes the secret and codes.
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
