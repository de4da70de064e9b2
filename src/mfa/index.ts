/**
 * The MFA service and its contracts: `createMfa`, the option/result/event types, and the store
 * contract that every store implements.
 *
 * @module
 */
export { createMfa } from './service.js';
export { type MfaRecord, type MfaState, type MfaStore, RECORD_FORMAT, type SealedSecret } from './store.js';
export type {
  BeginEnableResult,
  CancelResult,
  CodeAction,
  CodeRefusalReason,
  ConfirmResult,
  DisableResult,
  Keyring,
  Mfa,
  MfaEvent,
  MfaOptions,
  MfaStatus,
  ProofMethod,
  RecoveryCodeOptions,
  RecoveryResult,
  Refusal,
  RegenerateResult,
  ResetResult,
  ThrottleOptions,
  TotpPolicyOptions,
  VerifyResult,
} from './types.js';
