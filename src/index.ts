/**
 * mfakit: TOTP multi-factor authentication for TypeScript apps.
 *
 * The OTP core (RFC 4226 HOTP, RFC 6238 TOTP, otpauth:// Key URIs, Base32 secrets) and the MFA
 * service (`createMfa`), which keeps each account's state in a pluggable store.
 *
 * This file is the package's public surface, name by name: the layers' own index files also
 * export what other layers need, and that stays internal. api/mfakit.api.md records the result.
 *
 * @module
 */
export type {
  Accepted,
  BeginEnableResult,
  CancelResult,
  CodeAction,
  CodeRefusalReason,
  ConfirmResult,
  DisabledEvent,
  DisableResult,
  EnableCancelledEvent,
  EnabledEvent,
  EnableStartedEvent,
  EnrolmentImportedEvent,
  ImportEnrolmentOptions,
  ImportResult,
  Keyring,
  LockedEvent,
  Mfa,
  MfaEvent,
  MfaEventBase,
  MfaOptions,
  MfaRecord,
  MfaState,
  MfaStatus,
  MfaStore,
  NewRecoveryCodes,
  ProofMethod,
  RecoveryCodeAccepted,
  RecoveryCodeOptions,
  RecoveryCodesRegeneratedEvent,
  RecoveryCodeUsedEvent,
  RecoveryResult,
  Refusal,
  RegenerateResult,
  ResetEvent,
  ResetResult,
  SealedSecret,
  ThrottleOptions,
  TotpPolicyOptions,
  VerifiedEvent,
  VerifyFailedEvent,
  VerifyFailedReason,
  VerifyResult,
} from './mfa/index.js';
export { createMfa, RECORD_FORMAT } from './mfa/index.js';
export type {
  CodeOptions,
  CounterType,
  GenerateSecretOptions,
  HotpMatch,
  HotpOptions,
  KeyUri,
  KeyUriOptions,
  OtpAlgorithm,
  OtpAlgorithmName,
  OtpSecret,
  OtpType,
  TotpMatch,
  TotpOptions,
  TotpWindow,
  VerifyHotpOptions,
  VerifyTotpOptions,
} from './otp/index.js';
export {
  buildUri,
  decodeBase32,
  encodeBase32,
  generateSecret,
  hotp,
  normalizeAlgorithm,
  parseUri,
  totp,
  verifyHotp,
  verifyTotp,
} from './otp/index.js';
export type { MfaErrorCode } from './shared/index.js';
export {
  DEFAULTS,
  MAX_COUNTER,
  MAX_DIGITS,
  MAX_GENERATED_BYTES,
  MAX_LABEL_PART,
  MAX_LOOK_AHEAD,
  MAX_PERIOD,
  MAX_SECRET_BYTES,
  MAX_SECRET_TEXT,
  MAX_TIME_MS,
  MAX_URI_LENGTH,
  MAX_USER_ID_LENGTH,
  MAX_WINDOW,
  MfaError,
  MIN_DIGITS,
  MIN_GENERATED_BYTES,
} from './shared/index.js';
