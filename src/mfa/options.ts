/**
 * Validation of {@link MfaOptions} into a resolved {@link MfaPolicy}, and of the options of
 * `importEnrolment`. Misuse fails fast with a typed error naming the option, never its value.
 * The checks are the shared ones (src/shared/checks.ts); the defaults and ranges come from
 * {@link DEFAULTS} and `POLICY_LIMITS`.
 *
 * @module
 */
import { checkAlgorithm, checkLabelPart, decodeBase32 } from '../otp/index.js';
import {
  checkFunction,
  checkOptions,
  checkSecretBytes,
  checkText,
  fail,
  integerOr,
  isPlainObject,
  MAX_DISPLAY_LABEL,
  MAX_TIME_MS,
  MFA_DEFAULTS,
  MIN_IMPORTED_SECRET_BYTES,
  OTP_DEFAULTS,
  POLICY_LIMITS,
} from '../shared/index.js';
import type { MfaOptions, MfaPolicy, SignInOptions } from './types/index.js';

type LimitName = keyof typeof POLICY_LIMITS;

/** Reads one numeric policy option: its range from POLICY_LIMITS, its default given by the caller. */
function policyInteger(value: unknown, name: LimitName, fallback: number): number {
  return integerOr(value, name, POLICY_LIMITS[name], fallback);
}

function windowOf(value: unknown): { past: number; future: number } {
  const fallback = OTP_DEFAULTS.window;
  if (value === undefined || typeof value === 'number') {
    const steps = policyInteger(value, 'totp.window', fallback);
    return { past: steps, future: steps };
  }
  if (!isPlainObject(value)) fail('INVALID_OPTION', 'totp.window must be a number or { past, future }');
  const [min, max] = POLICY_LIMITS['totp.window'];
  return {
    past: integerOr(value['past'], 'totp.window.past', [min, max], fallback),
    future: integerOr(value['future'], 'totp.window.future', [min, max], fallback),
  };
}

function throttleOf(value: MfaOptions['throttle']): MfaPolicy['throttle'] {
  const options = checkOptions(value, 'throttle');
  const defaults = MFA_DEFAULTS.throttle;
  const baseLockMs = policyInteger(options['baseLockMs'], 'throttle.baseLockMs', defaults.baseLockMs);
  const maxLockMs = policyInteger(options['maxLockMs'], 'throttle.maxLockMs', defaults.maxLockMs);
  if (maxLockMs < baseLockMs)
    fail('INVALID_OPTION', 'throttle.maxLockMs must not be below throttle.baseLockMs');
  const maxFailures = policyInteger(options['maxFailures'], 'throttle.maxFailures', defaults.maxFailures);
  const maxConsecutiveFailures = integerOr(
    options['maxConsecutiveFailures'],
    'throttle.maxConsecutiveFailures',
    [maxFailures, POLICY_LIMITS['throttle.maxConsecutiveFailures'][1]],
    defaults.maxConsecutiveFailures,
  );
  const failureBudget = policyInteger(
    options['failureBudget'],
    'throttle.failureBudget',
    defaults.failureBudget,
  );
  const failureBudgetRefillMs = policyInteger(
    options['failureBudgetRefillMs'],
    'throttle.failureBudgetRefillMs',
    defaults.failureBudgetRefillMs,
  );
  return Object.freeze({
    maxFailures,
    baseLockMs,
    maxLockMs,
    maxConsecutiveFailures,
    failureBudget,
    failureBudgetRefillMs,
  });
}

/**
 * Checks the options of createMfa and fills in the defaults.
 *
 * @param options - what the application passed
 * @returns the resolved policy
 * @throws {MfaError} INVALID_OPTION naming the first bad option
 */
export function resolvePolicy(options: MfaOptions): MfaPolicy {
  if (!isPlainObject(options)) fail('INVALID_OPTION', 'createMfa needs an options object');
  const issuer = checkLabelPart(options.issuer, 'issuer');
  checkFunction(options.clock, 'clock');
  checkFunction(options.onEvent, 'onEvent');
  const totp = checkOptions(options.totp, 'totp');
  const recovery = checkOptions(options.recoveryCodes, 'recoveryCodes');
  const authenticators = checkOptions(options.authenticators, 'authenticators');
  const devices = checkOptions(options.devices, 'devices');
  const defaults = MFA_DEFAULTS;
  return Object.freeze({
    issuer,
    totp: Object.freeze({
      period: policyInteger(totp['period'], 'totp.period', OTP_DEFAULTS.period),
      digits: policyInteger(totp['digits'], 'totp.digits', OTP_DEFAULTS.digits),
      algorithm: checkAlgorithm(totp['algorithm']),
      window: Object.freeze(windowOf(totp['window'])),
      secretBytes: policyInteger(totp['secretBytes'], 'totp.secretBytes', OTP_DEFAULTS.secretBytes),
      maxDriftSteps: policyInteger(totp['maxDriftSteps'], 'totp.maxDriftSteps', defaults.totp.maxDriftSteps),
    }),
    throttle: throttleOf(options.throttle),
    pendingTtlMs: policyInteger(options.pendingTtlMs, 'pendingTtlMs', defaults.pendingTtlMs),
    recoveryCodeCount: policyInteger(recovery['count'], 'recoveryCodes.count', defaults.recoveryCodes.count),
    maxAuthenticators: policyInteger(
      authenticators['max'],
      'authenticators.max',
      defaults.authenticators.max,
    ),
    devices: Object.freeze({
      max: policyInteger(devices['max'], 'devices.max', defaults.devices.max),
      ttlMs: policyInteger(devices['ttlMs'], 'devices.ttlMs', defaults.devices.ttlMs),
    }),
    storeTimeoutMs: policyInteger(options.storeTimeoutMs, 'storeTimeoutMs', defaults.storeTimeoutMs),
  });
}

/**
 * Reads the clock: milliseconds since the epoch, as an integer. A clock that returns fractions
 * (`performance.timeOrigin + performance.now()`) is floored rather than refused.
 *
 * @param clock - the application's clock
 * @returns whole milliseconds
 * @throws {MfaError} INVALID_OPTION when the clock returns something that is not a time
 */
export function readClock(clock: () => number): number {
  const time = clock();
  if (typeof time !== 'number' || !(time >= 0 && time <= MAX_TIME_MS)) {
    fail('INVALID_OPTION', 'clock must return milliseconds since the epoch');
  }
  return Math.floor(time);
}

/**
 * Checks the options of `importEnrolment` and decodes the secret into a private copy, which the
 * caller wipes after sealing it.
 *
 * @param options - what the application passed
 * @param userId - the account (the default account name)
 * @param currentStep - the TOTP step of now: a replay floor past it would refuse every code as replayed
 * @returns the secret bytes, the account name and the replay floor
 * @throws {MfaError} INVALID_SECRET for a secret that is not Base32 text or bytes, or too short;
 *   INVALID_ARGUMENT for other bad options
 */
export function checkImportOptions(
  options: unknown,
  userId: string,
  currentStep: number,
): { secret: Uint8Array; accountName: string; lastUsedStep: number | null } {
  if (!isPlainObject(options)) fail('INVALID_ARGUMENT', 'importEnrolment options must be an object');
  const { secret, accountName = userId, lastUsedStep = null } = options;
  const floor =
    lastUsedStep === null
      ? null
      : integerOr(lastUsedStep, 'lastUsedStep', [0, currentStep], 0, 'INVALID_ARGUMENT');
  const name = checkLabelPart(accountName, 'accountName', 'INVALID_ARGUMENT');
  let bytes: Uint8Array;
  if (typeof secret === 'string') bytes = decodeBase32(secret);
  else {
    checkSecretBytes(secret);
    bytes = Uint8Array.from(secret);
  }
  if (bytes.length < MIN_IMPORTED_SECRET_BYTES) {
    bytes.fill(0);
    fail('INVALID_SECRET', `secret must be at least ${MIN_IMPORTED_SECRET_BYTES} bytes`);
  }
  return { secret: bytes, accountName: name, lastUsedStep: floor };
}

/**
 * Checks a label of an authenticator or a device: 1 to {@link MAX_DISPLAY_LABEL} well-formed characters.
 *
 * @param value - what the application passed
 * @param name - the argument's name, for the message
 * @returns the label
 * @throws {MfaError} INVALID_ARGUMENT otherwise
 */
export function checkDisplayLabel(value: unknown, name: string): string {
  return checkText(value, name, { max: MAX_DISPLAY_LABEL, code: 'INVALID_ARGUMENT' });
}

/**
 * Checks the options of `verify` and `useRecoveryCode`.
 *
 * @param options - what the application passed (undefined: none)
 * @param policy - the resolved policy (the default device lifetime)
 * @returns the device to remember (its label and lifetime), or null when not asked
 * @throws {MfaError} INVALID_ARGUMENT for a bad option
 */
export function checkSignInOptions(
  options: unknown,
  policy: MfaPolicy,
): { label: string | null; ttlMs: number } | null {
  const { rememberDevice } = checkOptions(
    options as SignInOptions | undefined,
    'options',
    'INVALID_ARGUMENT',
  );
  if (rememberDevice === undefined) return null;
  const remember: Record<string, unknown> = checkOptions(
    rememberDevice,
    'rememberDevice',
    'INVALID_ARGUMENT',
  );
  const label =
    remember['label'] === undefined ? null : checkDisplayLabel(remember['label'], 'rememberDevice.label');
  const ttlMs = integerOr(
    remember['ttlMs'],
    'rememberDevice.ttlMs',
    POLICY_LIMITS['devices.ttlMs'],
    policy.devices.ttlMs,
    'INVALID_ARGUMENT',
  );
  return { label, ttlMs };
}
