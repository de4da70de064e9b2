/**
 * The MFA service and its contracts: `createMfa`, the option/result/event types, and the store
 * contract that every store implements.
 *
 * @module
 */
export { createMfa } from './service.js';
export { type MfaRecord, type MfaState, type MfaStore, RECORD_FORMAT, type SealedSecret } from './store.js';
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
  MfaStatus,
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
  ThrottleOptions,
  TotpPolicyOptions,
  VerifiedEvent,
  VerifyFailedEvent,
  VerifyResult,
} from './types.js';
