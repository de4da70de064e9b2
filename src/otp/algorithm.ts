/**
 * HMAC algorithm names and code lengths, as RFC 6238 §1.2 and the Key URI format spell them.
 *
 * @module
 */
import { checkInteger, fail } from './checks.js';
import type { MfaErrorCode } from './errors.js';

/** The HMAC hash functions RFC 6238 allows, in their canonical upper-case spelling. */
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** An algorithm name as accepted on input: the canonical spelling or its lower-case form. */
export type OtpAlgorithmName = OtpAlgorithm | Lowercase<OtpAlgorithm>;

/**
 * The accepted range of code lengths. RFC 4226 requires at least 6; 10 is the most 31 bits give.
 * @example
 * ```ts
 * import { MIN_DIGITS, totp } from 'mfakit';
 * totp('JBSWY3DPEHPK3PXP', { digits: MIN_DIGITS }).length; // 6
 * ```
 */
export const MIN_DIGITS = 6;
/**
 * The longest code: a dynamic truncation yields 31 bits, i.e. at most 10 decimal digits.
 * @example
 * ```ts
 * import { MAX_DIGITS, totp } from 'mfakit';
 * totp('JBSWY3DPEHPK3PXP', { digits: MAX_DIGITS }).length; // 10
 * ```
 */
export const MAX_DIGITS = 10;

// ASCII only: /i without the u flag does not fold non-ASCII letters such as 'ſ' onto 's'.
const ALGORITHM_NAME = /^sha(?:1|256|512)$/i;

/**
 * Turns an algorithm name in any letter case into its canonical spelling.
 *
 * Useful for text from a command line or a form, which the type {@link OtpAlgorithmName} does not
 * cover. Names with a hyphen ('SHA-1') are deliberately refused: the Key URI format does not use them.
 *
 * @param value - the name, e.g. 'sha256' or 'SHA1'
 * @param code - the error code to throw with (INVALID_URI when parsing a URI)
 * @returns 'SHA1', 'SHA256' or 'SHA512'
 * @throws {MfaError} INVALID_OPTION (or `code`) when the value is not one of the three names
 * @example
 * ```ts
 * import { normalizeAlgorithm } from 'mfakit';
 * normalizeAlgorithm('sha256'); // 'SHA256'
 * ```
 */
export function normalizeAlgorithm(value: unknown, code: MfaErrorCode = 'INVALID_OPTION'): OtpAlgorithm {
  // The length bound keeps the regular expression off megabyte strings.
  if (typeof value === 'string' && value.length <= 6 && ALGORITHM_NAME.test(value)) {
    return value.toUpperCase() as OtpAlgorithm;
  }
  return fail(code, 'algorithm must be SHA1, SHA256 or SHA512');
}

/** Checks a `digits` option (6 to 10), filling in the default of 6. */
export function checkDigits(value: unknown, code: MfaErrorCode = 'INVALID_OPTION'): number {
  return value === undefined ? MIN_DIGITS : checkInteger(value, 'digits', MIN_DIGITS, MAX_DIGITS, code);
}

/** Checks an `algorithm` option, filling in the default of SHA1. */
export function checkAlgorithm(value: unknown): OtpAlgorithm {
  return value === undefined ? 'SHA1' : normalizeAlgorithm(value);
}
