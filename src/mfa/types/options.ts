/**
 * The options of `createMfa`, and the policy they resolve to.
 *
 * @module
 */
import type { OtpAlgorithm, OtpAlgorithmName, TotpWindow } from '../../otp/index.js';
import type { DEFAULTS, MAX_LABEL_PART } from '../../shared/index.js';
import type { MfaStore } from '../store.js';
import type { MfaEvent } from './events.js';

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
  /**
   * Clock drift, 0 to 10 steps: each authenticator's window is centred on the offset d of its last
   * accepted code, so that the steps accepted are T+d-past … T+d+future (T the true step). d is at
   * most this many steps either way, and never so far that T leaves the window (-future ≤ d ≤ past).
   * 0 turns it off (the window stays on true time). Default {@link DEFAULTS}`.mfa.totp.maxDriftSteps`.
   */
  maxDriftSteps?: number;
}

/** Authenticators per account. Defaults: {@link DEFAULTS}`.mfa.authenticators`. */
export interface AuthenticatorOptions {
  /** The most an account holds, pending ones included, 1 to 100. */
  max?: number;
}

/** Remembered devices. Defaults: {@link DEFAULTS}`.mfa.devices`. */
export interface DeviceOptions {
  /** The most an account remembers, 1 to 100; remembering one more forgets the oldest. */
  max?: number;
  /** How long a device is remembered when `rememberDevice` gives no `ttlMs`, 1 minute to 400 days. */
  ttlMs?: number;
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
  /** Authenticators per account. */
  authenticators?: AuthenticatorOptions;
  /** Remembered devices. */
  devices?: DeviceOptions;
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
    readonly maxDriftSteps: number;
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
  readonly maxAuthenticators: number;
  readonly devices: { readonly max: number; readonly ttlMs: number };
  readonly storeTimeoutMs: number;
}
