/**
 * The published test vectors of RFC 4226 (HOTP) and RFC 6238 (TOTP), as typed data, so that an
 * application's own tests can check its codes against the standards in a few lines:
 *
 * ```ts
 * import { hotp, totp } from 'mfakit';
 * import { RFC4226_VECTORS, RFC6238_VECTORS } from 'mfakit/testing';
 * for (const v of RFC4226_VECTORS) expect(hotp(v.secret, v.counter, v)).toBe(v.code);
 * for (const v of RFC6238_VECTORS) expect(totp(v.secret, v)).toBe(v.code);
 * ```
 *
 * Each vector is frozen. `secret` is a getter returning a fresh Uint8Array on every read (a typed
 * array cannot be frozen), so a test that scribbles on it cannot corrupt the next one.
 *
 * @module
 */
import type { OtpAlgorithm } from '../otp/index.js';

/** What every vector has. */
interface VectorBase {
  /** The shared secret as raw bytes (a fresh copy on each read). */
  readonly secret: Uint8Array;
  /** The same secret in hexadecimal. */
  readonly secretHex: string;
  /** The same secret in upper-case Base32 without padding, as a Key URI would carry it. */
  readonly secretBase32: string;
  /** The HMAC hash function. */
  readonly algorithm: OtpAlgorithm;
  /** The code length. */
  readonly digits: number;
  /** The expected code. */
  readonly code: string;
}

/** An RFC 4226 Appendix D vector: HOTP at one counter. */
export interface HotpTestVector extends VectorBase {
  /** The HOTP counter. */
  readonly counter: number;
}

/** An RFC 6238 Appendix B vector: TOTP at one moment. */
export interface TotpTestVector extends VectorBase {
  /** The moment, in ms since the Unix epoch (the RFC's seconds × 1000). */
  readonly time: number;
  /** The time step in seconds (30 throughout the RFC). */
  readonly period: number;
  /** The time step T = ⌊time / 30 s⌋, as the RFC's table lists it. */
  readonly step: number;
}

/** Either kind of vector. */
export type OtpTestVector = HotpTestVector | TotpTestVector;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// Self-contained so that this module does not depend on the code it is meant to test.
function base32Of(bytes: Uint8Array): string {
  let text = '';
  let carry = 0;
  let bits = 0;
  for (const byte of bytes) {
    carry = (carry << 8) | byte;
    bits += 8;
    for (; bits >= 5; bits -= 5) text += BASE32_ALPHABET[(carry >>> (bits - 5)) & 31];
    carry &= (1 << bits) - 1;
  }
  return bits > 0 ? text + BASE32_ALPHABET[(carry << (5 - bits)) & 31] : text;
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The ASCII seeds of the RFCs: "1234567890" repeated to the hash's output size (RFC 6238 Appendix A). */
const ASCII_SEEDS: Readonly<Record<OtpAlgorithm, string>> = {
  SHA1: '12345678901234567890',
  SHA256: '12345678901234567890123456789012',
  SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
};

function base(algorithm: OtpAlgorithm, digits: number, code: string): VectorBase {
  const bytes = new TextEncoder().encode(ASCII_SEEDS[algorithm]);
  return {
    get secret() {
      return bytes.slice();
    },
    secretHex: hexOf(bytes),
    secretBase32: base32Of(bytes),
    algorithm,
    digits,
    code,
  };
}

/** Adds the kind-specific fields and freezes; copies property descriptors so `secret` stays a getter. */
function vector<T extends object>(common: VectorBase, extra: T): VectorBase & T {
  const withSecretGetter = Object.defineProperties({ ...extra }, Object.getOwnPropertyDescriptors(common));
  return Object.freeze(withSecretGetter) as VectorBase & T;
}

/**
 * RFC 4226 Appendix D: HOTP with HMAC-SHA-1, the 20-byte ASCII secret "12345678901234567890",
 * 6 digits, counters 0 to 9.
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { hotp } from 'mfakit';
 * import { RFC4226_VECTORS } from 'mfakit/testing';
 * for (const v of RFC4226_VECTORS) assert.equal(hotp(v.secret, v.counter, { digits: v.digits }), v.code);
 * ```
 */
export const RFC4226_VECTORS: readonly HotpTestVector[] = Object.freeze(
  ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'].map(
    (code, counter) => vector(base('SHA1', 6, code), { counter }),
  ),
);

/**
 * RFC 6238 Appendix B: TOTP with SHA-1, SHA-256 and SHA-512, 8 digits, a 30 s step from T0 = 0,
 * at six moments from 59 s to 20000000000 s (year 2603). Secrets per RFC 6238 Appendix A: the ASCII
 * seed "1234567890" repeated to 20, 32 and 64 bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { totp } from 'mfakit';
 * import { RFC6238_VECTORS } from 'mfakit/testing';
 * for (const v of RFC6238_VECTORS) {
 *   assert.equal(totp(v.secret, { time: v.time, algorithm: v.algorithm, digits: v.digits }), v.code);
 * }
 * ```
 */
export const RFC6238_VECTORS: readonly TotpTestVector[] = Object.freeze(
  (
    [
      [59, '94287082', '46119246', '90693936'],
      [1111111109, '07081804', '68084774', '25091201'],
      [1111111111, '14050471', '67062674', '99943326'],
      [1234567890, '89005924', '91819424', '93441116'],
      [2000000000, '69279037', '90698825', '38618901'],
      [20000000000, '65353130', '77737706', '47863826'],
    ] as const
  ).flatMap(([seconds, ...codes]) =>
    (['SHA1', 'SHA256', 'SHA512'] as const).map((algorithm, index) =>
      vector(base(algorithm, 8, codes[index]!), {
        time: seconds * 1000,
        period: 30,
        step: Math.floor(seconds / 30),
      }),
    ),
  ),
);
