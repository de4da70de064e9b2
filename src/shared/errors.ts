/**
 * The one error class mfakit throws, with a stable machine-readable `code`.
 *
 * mfakit throws only for misuse (a bad argument or option) and for a broken store; an expected
 * outcome such as a wrong code is a result, never an exception. Messages name what was wrong
 * and never contain a secret, a code or a recovery code.
 */

/** The stable error codes. Applications may switch on them; they never change meaning. */
export type MfaErrorCode =
  /** A secret is not Base32 text or bytes, or is too short. */
  | 'INVALID_SECRET'
  /** An otpauth:// Key URI is malformed or contradicts itself. */
  | 'INVALID_URI'
  /** An option is of the wrong type or out of range. */
  | 'INVALID_OPTION'
  /** A positional argument (user id, code, counter…) is of the wrong type or out of range. */
  | 'INVALID_ARGUMENT'
  /** The action is not allowed in the account's current state (e.g. beginEnable when enabled). */
  | 'INVALID_STATE'
  /** The store threw or rejected. The decision was not made; the account is unchanged. */
  | 'STORE_ERROR'
  /** A store call did not settle within `storeTimeoutMs`. */
  | 'STORE_TIMEOUT'
  /** A compare-and-set kept losing races beyond the retry budget. */
  | 'STORE_CONFLICT'
  /** A stored secret could not be decrypted (wrong key, unknown key id, tampering, another account). */
  | 'DECRYPT_FAILED'
  /** A stored record is malformed or of an unknown format version. */
  | 'CORRUPT_RECORD'
  /** The runtime lacks something mfakit needs, such as `globalThis.crypto.getRandomValues`. */
  | 'UNSUPPORTED_RUNTIME';

/**
 * An error thrown by mfakit, carrying a stable {@link MfaErrorCode}.
 *
 * @example
 * ```ts
 * import { decodeBase32, MfaError } from 'mfakit';
 * try {
 *   decodeBase32('not base32!');
 * } catch (error) {
 *   if (error instanceof MfaError && error.code === 'INVALID_SECRET') console.log('bad key');
 * }
 * ```
 */
export class MfaError extends Error {
  /** The stable error code. */
  readonly code: MfaErrorCode;

  /**
   * @param code - the stable error code
   * @param message - what was wrong, in words; never a secret or a code
   * @param options - the underlying cause, if any
   */
  constructor(code: MfaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MfaError';
    this.code = code;
  }
}
