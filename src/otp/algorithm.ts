/**
 * HMAC algorithm names and code lengths, as RFC 6238 §1.2 and the Key URI format spell them.
 *
 * @module
 */
import { fail, integerOr, MAX_DIGITS, type MfaErrorCode, MIN_DIGITS, OTP_DEFAULTS } from '../shared/index.js';

/** The HMAC hash functions RFC 6238 allows, in their canonical upper-case spelling. */
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** An algorithm name as accepted on input: the canonical spelling or its lower-case form. */
export type OtpAlgorithmName = OtpAlgorithm | Lowercase<OtpAlgorithm>;

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

/** Checks a `digits` option ({@link MIN_DIGITS} to {@link MAX_DIGITS}), filling in the default. */
export function checkDigits(value: unknown, code: MfaErrorCode = 'INVALID_OPTION', name = 'digits'): number {
  return integerOr(value, name, [MIN_DIGITS, MAX_DIGITS], OTP_DEFAULTS.digits, code);
}

/** Checks an `algorithm` option, filling in the default. */
export function checkAlgorithm(value: unknown, code: MfaErrorCode = 'INVALID_OPTION'): OtpAlgorithm {
  return value === undefined ? OTP_DEFAULTS.algorithm : normalizeAlgorithm(value, code);
}
