/**
 * The public shapes of the MFA service: options, results, status and events.
 *
 * @module
 */
import type { OtpAlgorithm, OtpAlgorithmName, TotpWindow } from '../otp/index.js';
import type { DEFAULTS, MAX_LABEL_PART, MAX_USER_ID_LENGTH } from '../shared/index.js';
import type { MfaState, MfaStore } from './store.js';

/**
 * Encryption keys for secrets at rest: every key is 32 bytes (AES-256); `current` names the key new
 * writes use, the others stay so that records sealed under them can still be read (and re-sealed).
 */
export interface Keyring {
  /** The id of the key that encrypts every new write. */
  current: string;
  /** Key id → 32-byte key. */
  keys: Record<string, Uint8Array>;
  /**
   * Accept secrets stored unencrypted (written before the keyring was set), and seal each one at its
   * next write. Only while migrating: without it such a record is refused as CORRUPT_RECORD, so that
   * a database writer cannot plant a secret of their own. Default false.
   */
  acceptUnsealedSecrets?: boolean;
}

/** TOTP parameters of new enrolments and of verification. Defaults: {@link DEFAULTS}`.otp`. */
export interface TotpPolicyOptions {
  /** Seconds per step, 1 to 3600. */
  period?: number;
  /** Code length, 6 to 10. */
  digits?: number;
  /** 'SHA1', 'SHA256' or 'SHA512' (or lower case). */
  algorithm?: OtpAlgorithmName;
  /** Steps accepted either side of now: N or `{ past, future }`, each 0 to 10. */
  window?: TotpWindow;
  /** Bytes of a new secret, 16 (128 bits) to 64. */
  secretBytes?: number;
}

/** Throttling of failed codes per account. Defaults: {@link DEFAULTS}`.mfa.throttle`. */
export interface ThrottleOptions {
  /** Consecutive failures that trigger a lock, 1 to 100. */
  maxFailures?: number;
  /** The first lock's length in ms, at most a day; it doubles with every lock after. */
  baseLockMs?: number;
  /** The longest lock in ms, at most a day. */
  maxLockMs?: number;
  /**
   * Consecutive failures (across all locks, with no success between) after which the account stays
   * locked until an administrator's `reset`; at least `maxFailures`. The default is the most that
   * NIST SP 800-63B §5.2.2 allows. A recovery code still ends it (they are 80 random bits).
   */
  maxConsecutiveFailures?: number;
  /**
   * The failure budget: at most this many failed codes in a burst, whatever successes come between,
   * regained one per `failureBudgetRefillMs` (1 to 1,000,000).
   */
  failureBudget?: number;
  /** How long the budget takes to regain one failure, in ms, at most a day; 0 turns the budget off. */
  failureBudgetRefillMs?: number;
}

/** Recovery code settings. Defaults: {@link DEFAULTS}`.mfa.recoveryCodes`. */
export interface RecoveryCodeOptions {
  /** How many codes are issued, 0 to 100. */
  count?: number;
}

/** The options of {@link createMfa}. */
export interface MfaOptions {
  /** Where account records live (`memoryStore()`, or a persistent store). */
  store: MfaStore;
  /** The service name shown in authenticator apps: 1 to {@link MAX_LABEL_PART} characters, no colon. */
  issuer: string;
  /** Milliseconds since the epoch (fractions are floored); default `Date.now`. Inject one for tests. */
  clock?: () => number;
  /** Encrypts secrets at rest. Without it secrets are stored as Base32 text (and a warning is printed). */
  keyring?: Keyring;
  /** TOTP parameters. */
  totp?: TotpPolicyOptions;
  /** Failed-code throttling. */
  throttle?: ThrottleOptions;
  /** How long a pending enrolment can be confirmed, in ms (1 s to a day; default {@link DEFAULTS}`.mfa.pendingTtlMs`). */
  pendingTtlMs?: number;
  /** Recovery code settings. */
  recoveryCodes?: RecoveryCodeOptions;
  /** Receives an {@link MfaEvent} after each decision is stored. Errors it throws are ignored. */
  onEvent?: (event: MfaEvent) => void | Promise<void>;
  /** Bound on every store call in ms (default {@link DEFAULTS}`.mfa.storeTimeoutMs`). */
  storeTimeoutMs?: number;
}

/** The fully resolved, validated policy the state machine decides with. */
export interface MfaPolicy {
  readonly issuer: string;
  readonly totp: {
    readonly period: number;
    readonly digits: number;
    readonly algorithm: OtpAlgorithm;
    readonly window: { readonly past: number; readonly future: number };
    readonly secretBytes: number;
  };
  readonly throttle: {
    readonly maxFailures: number;
    readonly baseLockMs: number;
    readonly maxLockMs: number;
    readonly maxConsecutiveFailures: number;
    readonly failureBudget: number;
    readonly failureBudgetRefillMs: number;
  };
  readonly pendingTtlMs: number;
  readonly recoveryCodeCount: number;
  readonly storeTimeoutMs: number;
}

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
  /** Codes are refused until this time, or null when not locked for a time. */
  lockedUntil: number | null;
  /** True when the account used up its failure budget: only an administrator's `reset` unlocks it. */
  lockedUntilReset: boolean;
}

/** How a second factor was proven. */
export type ProofMethod = 'totp' | 'recovery_code';

/** The actions that take a code, as named in 'verify_failed' events. */
export type CodeAction =
  | 'confirmEnable'
  | 'verify'
  | 'useRecoveryCode'
  | 'disable'
  | 'regenerateRecoveryCodes';

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
  | ResetEvent;

/** An enrolment started (beginEnable). */
export interface EnableStartedEvent extends MfaEventBase {
  /** The event type. */
  type: 'enable_started';
  /** When the enrolment stops being confirmable. */
  expiresAt: number;
}

/** MFA was enabled (confirmEnable succeeded). */
export interface EnabledEvent extends MfaEventBase {
  /** The event type. */
  type: 'enabled';
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

/** A TOTP was accepted at sign-in. */
export interface VerifiedEvent extends MfaEventBase {
  /** The event type. */
  type: 'verified';
  /** How the factor was proven. */
  method: 'totp';
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

/**
 * The service {@link createMfa} returns. Every method is safe under concurrent calls and across
 * processes sharing a store. A user id is a non-empty, well-formed string of at most
 * {@link MAX_USER_ID_LENGTH} characters; a user id
 * never seen before is simply 'disabled'. Misuse and store failures throw `MfaError`; expected
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
