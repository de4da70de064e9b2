/**
 * Turning truncated HMAC values into codes and user input into comparable numbers.
 *
 * @module
 */
import { checkCodeArgument } from '../shared/index.js';

// 10 ** digits for 0..10; index by `digits`, which the option checks keep in 6..10.
const MODULUS: readonly number[] = Array.from({ length: 11 }, (_, digits) => 10 ** digits);

/** Reduces a 31-bit truncated value to a `digits`-digit code value (RFC 4226 §5.3 step 3). */
export function codeValue(truncated: number, digits: number): number {
  return truncated % MODULUS[digits]!;
}

/** Formats a code value with leading zeros, e.g. 7 → '000007' for 6 digits. */
export function formatCode(value: number, digits: number): string {
  return value.toString().padStart(digits, '0');
}

/**
 * Parses a code typed by a user into its numeric value, or returns -1 when it cannot match: wrong
 * length or anything but ASCII digits. This looks only at the input's shape, never at the expected
 * code, so returning early leaks nothing about the secret.
 *
 * @throws {MfaError} INVALID_ARGUMENT when `code` is not a string (a programming error)
 */
export function parseCode(input: unknown, digits: number): number {
  const code = checkCodeArgument(input);
  if (code.length !== digits) return -1;
  let value = 0;
  for (let i = 0; i < digits; i++) {
    const digit = code.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * 1 when `expected` equals `given`, else 0, computed without a data-dependent branch: the
 * difference is an exact integer below 2^34 in magnitude, and `Math.min(1, |d|)` is 0 only for 0.
 */
export function sameCode(expected: number, given: number): number {
  return 1 - Math.min(1, Math.abs(expected - given));
}
