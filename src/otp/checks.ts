/**
 * Small labelled input checks shared by the OTP core.
 *
 * Each check throws {@link MfaError} with a stable code and a message that names the parameter and
 * what was wrong with it. Messages describe the shape of a value ("must be an integer"), never the
 * value itself, because the value may be a secret or a code.
 *
 * @module
 */
import { MfaError, type MfaErrorCode } from './errors.js';

/** Throws an {@link MfaError}; typed `never` so callers can use it in expressions. */
export function fail(code: MfaErrorCode, message: string): never {
  throw new MfaError(code, message);
}

/**
 * Checks that `value` is an integer in `[min, max]` (both inclusive, both safe integers).
 * NaN, ±Infinity, fractions, bigints and strings are all refused.
 */
export function checkInteger(
  value: unknown,
  name: string,
  min: number,
  max: number,
  code: MfaErrorCode = 'INVALID_OPTION',
): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(code, `${name} must be an integer`);
  if (value < min || value > max) fail(code, `${name} must be between ${min} and ${max}`);
  return value;
}

/**
 * Checks an options argument: undefined means "all defaults"; anything else must be a plain
 * object (not null, an array, a function or a primitive).
 */
export function checkOptions<T extends object>(options: T | undefined, name = 'options'): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail('INVALID_OPTION', `${name} must be an object`);
  }
  return options;
}
