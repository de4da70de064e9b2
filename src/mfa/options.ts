/**
 * Validation of {@link MfaOptions} into a resolved {@link MfaPolicy}, and of the arguments every
 * service method takes. Misuse fails fast with a typed error naming the option, never its value.
 *
 * @module
 */

import type { OtpAlgorithm } from '../otp/algorithm.js';
import { checkSecretBytes } from '../otp/base32.js';
import { MfaError } from '../otp/errors.js';
import { decodeBase32 } from '../otp/index.js';
import type { MfaOptions, MfaPolicy } from './types.js';

/** The longest user id, account name or issuer accepted (they end up in database keys and Key URIs). */
export const MAX_NAME_LENGTH = 255;

// The longest timer Node accepts; a longer storeTimeoutMs would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

function option(message: string): MfaError {
  return new MfaError('INVALID_OPTION', message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integer(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw option(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function algorithmOf(value: unknown): OtpAlgorithm {
  if (value === undefined) return 'SHA1';
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  if (upper === 'SHA1' || upper === 'SHA256' || upper === 'SHA512') return upper;
  throw option("totp.algorithm must be 'SHA1', 'SHA256' or 'SHA512'");
}

function windowOf(value: unknown): { past: number; future: number } {
  if (value === undefined || typeof value === 'number') {
    const steps = integer(value, 'totp.window', 0, 10, 1);
    return { past: steps, future: steps };
  }
  if (!isObject(value)) throw option('totp.window must be a number or { past, future }');
  return {
    past: integer(value['past'], 'totp.window.past', 0, 10, 1),
    future: integer(value['future'], 'totp.window.future', 0, 10, 1),
  };
}

function objectOption(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) throw option(`${name} must be an object`);
  return value;
}

/**
 * Checks the options of createMfa and fills in the defaults.
 *
 * @param options - what the application passed
 * @returns the resolved policy
 * @throws {MfaError} INVALID_OPTION naming the first bad option
 * @example
 * ```ts
 * const policy = resolvePolicy({ store: memoryStore(), issuer: 'Acme' });
 * policy.throttle.maxFailures; // 5
 * ```
 */
export function resolvePolicy(options: MfaOptions): MfaPolicy {
  if (!isObject(options)) throw option('createMfa needs an options object');
  const { issuer } = options;
  if (typeof issuer !== 'string' || issuer.length === 0 || issuer.length > MAX_NAME_LENGTH) {
    throw option(`issuer must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`);
  }
  if (issuer.includes(':')) throw option('issuer must not contain a colon (the Key URI label separator)');
  const totp = objectOption(options.totp, 'totp');
  const throttle = objectOption(options.throttle, 'throttle');
  const recovery = objectOption(options.recoveryCodes, 'recoveryCodes');
  const baseLockMs = integer(throttle['baseLockMs'], 'throttle.baseLockMs', 0, 86_400_000, 30_000);
  const maxLockMs = integer(throttle['maxLockMs'], 'throttle.maxLockMs', 0, 86_400_000, 900_000);
  if (maxLockMs < baseLockMs) throw option('throttle.maxLockMs must not be below throttle.baseLockMs');
  const maxFailures = integer(throttle['maxFailures'], 'throttle.maxFailures', 1, 100, 5);
  const maxConsecutiveFailures = integer(
    throttle['maxConsecutiveFailures'],
    'throttle.maxConsecutiveFailures',
    maxFailures,
    1_000_000,
    100,
  );
  return Object.freeze({
    issuer,
    totp: Object.freeze({
      period: integer(totp['period'], 'totp.period', 1, 3600, 30),
      digits: integer(totp['digits'], 'totp.digits', 6, 10, 6),
      algorithm: algorithmOf(totp['algorithm']),
      window: Object.freeze(windowOf(totp['window'])),
      // 16 bytes = 128 bits, above NIST SP 800-63B's 112-bit floor for OTP secrets (§5.1.4.1).
      secretBytes: integer(totp['secretBytes'], 'totp.secretBytes', 16, 64, 20),
    }),
    // Locks after maxFailures, and at most 100 consecutive failures in all (NIST SP 800-63B §5.2.2).
    throttle: Object.freeze({ maxFailures, baseLockMs, maxLockMs, maxConsecutiveFailures }),
    pendingTtlMs: integer(options.pendingTtlMs, 'pendingTtlMs', 1000, 86_400_000, 600_000),
    recoveryCodeCount: integer(recovery['count'], 'recoveryCodes.count', 0, 100, 10),
    storeTimeoutMs: integer(options.storeTimeoutMs, 'storeTimeoutMs', 1, MAX_TIMER_MS, 5000),
  });
}

/**
 * Checks a user id: a non-empty string of at most 255 characters.
 *
 * @param userId - the argument to check
 * @throws {MfaError} INVALID_ARGUMENT otherwise
 * @example
 * ```ts
 * assertUserId('user-42');
 * ```
 */
export function assertUserId(userId: unknown): asserts userId is string {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > MAX_NAME_LENGTH) {
    throw new MfaError(
      'INVALID_ARGUMENT',
      `userId must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`,
    );
  }
}

/**
 * Checks that a code argument is a string. Its content is judged by the state machine: a malformed
 * string is a wrong code (a counted failure), not misuse.
 *
 * @param code - the argument to check
 * @throws {MfaError} INVALID_ARGUMENT when it is not a string
 * @example
 * ```ts
 * assertCode('123456');
 * ```
 */
export function assertCode(code: unknown): asserts code is string {
  if (typeof code !== 'string') throw new MfaError('INVALID_ARGUMENT', 'code must be a string');
}

/** The fewest secret bytes `importEnrolment` takes: 80 bits, the shortest secrets authenticator apps met in practice. */
const MIN_IMPORTED_SECRET_BYTES = 10;

/**
 * Checks the options of `importEnrolment` and decodes the secret into a private copy, which the
 * caller wipes after sealing it.
 *
 * @param options - what the application passed
 * @param userId - the account (the default account name)
 * @returns the secret bytes, the account name and the replay floor
 * @throws {MfaError} INVALID_SECRET for a secret that is not Base32 text or bytes, or too short;
 *   INVALID_ARGUMENT for other bad options
 * @example
 * ```ts
 * checkImportOptions({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }, 'user-1').accountName; // 'user-1'
 * ```
 */
export function checkImportOptions(
  options: unknown,
  userId: string,
): { secret: Uint8Array; accountName: string; lastUsedStep: number | null } {
  if (!isObject(options)) throw new MfaError('INVALID_ARGUMENT', 'importEnrolment needs an options object');
  const { secret, accountName = userId, lastUsedStep = null } = options as Record<string, unknown>;
  if (
    lastUsedStep !== null &&
    (typeof lastUsedStep !== 'number' || !Number.isSafeInteger(lastUsedStep) || lastUsedStep < 0)
  ) {
    throw new MfaError('INVALID_ARGUMENT', 'lastUsedStep must be a non-negative integer or null');
  }
  if (typeof accountName !== 'string') throw new MfaError('INVALID_ARGUMENT', 'accountName must be a string');
  let bytes: Uint8Array;
  if (typeof secret === 'string') bytes = decodeBase32(secret);
  else {
    checkSecretBytes(secret);
    bytes = Uint8Array.from(secret);
  }
  if (bytes.length < MIN_IMPORTED_SECRET_BYTES) {
    bytes.fill(0);
    throw new MfaError('INVALID_SECRET', `secret must be at least ${MIN_IMPORTED_SECRET_BYTES} bytes`);
  }
  return { secret: bytes, accountName, lastUsedStep };
}
