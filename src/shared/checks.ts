/**
 * Every argument check of mfakit, in one place: the OTP core, the MFA service, the stores, the QR
 * renderers and the CLI all call these, so that one kind of mistake gets one wording everywhere.
 *
 * Each check throws {@link MfaError} with a stable code and a message that names the parameter and
 * what was wrong with it. Messages describe the shape of a value ("must be an integer from 6 to
 * 10"), never the value itself, because the value may be a secret or a code.
 *
 * @module
 */
import { MfaError, type MfaErrorCode } from './errors.js';
import { MAX_SECRET_BYTES, MAX_USER_ID_LENGTH } from './limits.js';

/**
 * Throws an {@link MfaError}; typed `never` so callers can use it in expressions.
 *
 * @param code - the stable error code
 * @param message - what was wrong, never the value
 */
export function fail(code: MfaErrorCode, message: string): never {
  throw new MfaError(code, message);
}

/**
 * Whether a value is a plain options object: not null, an array, a function or a primitive.
 *
 * @param value - anything
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks an options argument: undefined means "all defaults"; anything else must be a plain object.
 *
 * @param options - the argument
 * @param name - its name in the message
 * @param code - the error code (INVALID_OPTION unless the object is a positional argument)
 * @returns the object, or an empty one
 */
export function checkOptions<T extends object>(
  options: T | undefined,
  name = 'options',
  code: MfaErrorCode = 'INVALID_OPTION',
): Partial<T> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) fail(code, `${name} must be an object`);
  return options;
}

/**
 * Checks that `value` is a safe integer in `[min, max]`. NaN, ±Infinity, fractions, bigints and
 * strings are all refused, with one message for a wrong type and a wrong range.
 *
 * @param value - the value to check
 * @param name - its name in the message
 * @param min - the least value accepted
 * @param max - the greatest value accepted
 * @param code - the error code
 * @returns the value
 */
export function checkInteger(
  value: unknown,
  name: string,
  min: number,
  max: number,
  code: MfaErrorCode = 'INVALID_OPTION',
): number {
  // Mutation testing: `typeof value !== 'number'` → false survives, an equivalent mutant
  // (Number.isSafeInteger is false for any non-number).
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(code, `${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * {@link checkInteger} for an optional value: `fallback` when it is undefined.
 *
 * @param value - the value to check, or undefined
 * @param name - its name in the message
 * @param range - `[min, max]`, both inclusive
 * @param fallback - the default
 * @param code - the error code
 * @returns the value or the default
 */
export function integerOr(
  value: unknown,
  name: string,
  range: readonly [number, number],
  fallback: number,
  code: MfaErrorCode = 'INVALID_OPTION',
): number {
  return value === undefined ? fallback : checkInteger(value, name, range[0], range[1], code);
}

// A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What {@link checkText} can require besides a non-empty string. */
export interface TextRules {
  /** The longest accepted, in UTF-16 code units. */
  max: number;
  /** The error code; default INVALID_ARGUMENT. */
  code?: MfaErrorCode;
  /** Refuse a colon (the Key URI label separator). */
  noColon?: boolean;
}

/**
 * Checks a name-like text argument: a non-empty string of at most `max` UTF-16 code units, and
 * well-formed Unicode. A lone surrogate is refused because UTF-8 encoders replace it with U+FFFD:
 * two different strings would then become one database key, one Key URI label, one AAD.
 *
 * @param value - the value to check
 * @param name - its name in the message
 * @param rules - the length bound, the code, and whether a colon is refused
 * @returns the text
 */
export function checkText(value: unknown, name: string, rules: TextRules): string {
  const code = rules.code ?? 'INVALID_ARGUMENT';
  if (typeof value !== 'string' || value.length === 0 || value.length > rules.max) {
    fail(code, `${name} must be a non-empty string of at most ${rules.max} characters`);
  }
  if (LONE_SURROGATE.test(value)) fail(code, `${name} is not well-formed Unicode text`);
  if (rules.noColon === true && value.includes(':')) fail(code, `${name} must not contain ':'`);
  return value;
}

/**
 * Checks a user id, the key of an account everywhere (service, stores, AAD, recovery-code salt).
 *
 * @param userId - the value to check
 * @returns the user id
 * @throws {MfaError} INVALID_ARGUMENT unless it is a well-formed non-empty string of at most
 *   {@link MAX_USER_ID_LENGTH} characters
 */
export function checkUserId(userId: unknown): string {
  return checkText(userId, 'userId', { max: MAX_USER_ID_LENGTH });
}

/**
 * Checks a code argument: a string. Its content is judged by whoever takes the code: a malformed
 * string is a wrong code, not misuse.
 *
 * @param code - the value to check
 * @returns the code
 */
export function checkCodeArgument(code: unknown): string {
  if (typeof code !== 'string') fail('INVALID_ARGUMENT', 'code must be a string');
  return code;
}

/**
 * Checks a function-valued option, when given.
 *
 * @param value - the value to check
 * @param name - its name in the message
 */
export function checkFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function')
    fail('INVALID_OPTION', `${name} must be a function`);
}

/**
 * Checks a secret given as bytes: a non-empty Uint8Array of at most {@link MAX_SECRET_BYTES}.
 *
 * @param bytes - the value to check
 */
export function checkSecretBytes(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) fail('INVALID_SECRET', 'secret must be Base32 text or a Uint8Array');
  if (bytes.length === 0) fail('INVALID_SECRET', 'secret must not be empty');
  if (bytes.length > MAX_SECRET_BYTES)
    fail('INVALID_SECRET', `secret is longer than ${MAX_SECRET_BYTES} bytes`);
}
