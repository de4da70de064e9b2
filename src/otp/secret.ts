/**
 * Secrets: generating them, and turning a `secret` argument (Base32 text or bytes) into a keyed HMAC.
 *
 * @module
 */

import {
  checkOptions,
  checkSecretBytes,
  fail,
  integerOr,
  MAX_GENERATED_BYTES,
  MIN_GENERATED_BYTES,
  OTP_DEFAULTS,
} from '../shared/index.js';
import type { OtpAlgorithm } from './algorithm.js';
import { decodeBase32, decodeCanonicalInto, encodeBase32 } from './base32.js';
import { acquireHmac, type OtpHmac } from './hmac.js';

/** Scratch space for keys decoded from canonical Base32 text; wiped after every use. */
const keyScratch = new Uint8Array(128);

/** A shared secret: Base32 text (as in a Key URI, any case, spaces and hyphens allowed) or raw bytes. */
export type OtpSecret = string | Uint8Array;

/** Options of {@link generateSecret}. */
export interface GenerateSecretOptions {
  /** Random bytes, 16 to 64. Default 20 (160 bits, what RFC 4226 §4 recommends and SHA1 outputs). */
  bytes?: number | undefined;
}

/**
 * Generates a new random secret from the platform CSPRNG (`globalThis.crypto.getRandomValues`,
 * present in Node 20, browsers, Deno, Bun and edge runtimes).
 *
 * @param options - `bytes`: how many random bytes, 16 to 64 (default 20)
 * @returns the secret as upper-case Base32 without padding (20 bytes → 32 characters)
 * @throws {MfaError} INVALID_OPTION when `bytes` is not an integer from 16 to 64 (fewer than 128
 *   bits is refused, as RFC 4226 §4 requires); UNSUPPORTED_RUNTIME without `crypto.getRandomValues`
 * @example
 * ```ts
 * import { generateSecret } from 'mfakit';
 * const secret = generateSecret(); // e.g. 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
 * ```
 */
export function generateSecret(options?: GenerateSecretOptions): string {
  const { bytes } = checkOptions(options);
  const length = integerOr(
    bytes,
    'bytes',
    [MIN_GENERATED_BYTES, MAX_GENERATED_BYTES],
    OTP_DEFAULTS.secretBytes,
  );
  const random = new Uint8Array(length);
  const crypto = globalThis.crypto;
  if (typeof crypto?.getRandomValues !== 'function') {
    fail('UNSUPPORTED_RUNTIME', 'globalThis.crypto.getRandomValues is not available');
  }
  crypto.getRandomValues(random);
  try {
    return encodeBase32(random);
  } finally {
    random.fill(0);
  }
}

/**
 * Validates a `secret` argument and returns an HMAC keyed with it. Bytes decoded from text are
 * wiped as soon as the key is absorbed. The caller must `release()` the result in a `finally`.
 */
export function keyedHmac(secret: OtpSecret, algorithm: OtpAlgorithm): OtpHmac {
  if (typeof secret === 'string') {
    // Canonical text (what generators write) decodes into reused scratch space: no allocation.
    const length = decodeCanonicalInto(secret, keyScratch);
    if (length > 0) {
      try {
        return acquireHmac(algorithm, keyScratch, length);
      } finally {
        keyScratch.fill(0, 0, length);
      }
    }
    const bytes = decodeBase32(secret);
    try {
      return acquireHmac(algorithm, bytes);
    } finally {
      bytes.fill(0);
    }
  }
  checkSecretBytes(secret);
  return acquireHmac(algorithm, secret);
}
