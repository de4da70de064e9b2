/**
 * Base32 (RFC 4648 §6) for OTP secrets, as people paste them.
 *
 * Encoding always produces upper-case text without `=` padding, the form authenticator apps and
 * the Key URI format expect. Decoding is lenient about presentation only: lower case, spaces and
 * hyphens (from "ABCD EFGH" or "abcd-efgh" groupings) and optional trailing `=` padding. It is
 * strict about everything else: no other characters, no impossible lengths, no padding but the
 * exact RFC 4648 amount, no non-zero bits left over at the end (which would let two texts decode to
 * the same bytes). It deliberately does not accept the base32hex or Crockford alphabets, nor treat
 * 0/1/8 as O/I/B.
 *
 * It is written here rather than taken from @scure/base because this is the core's only use of
 * it, and the browser bundle of the OTP core is about 1 KB smaller gzipped without it;
 * test/otp/base32.test.ts checks that it accepts and refuses exactly what @scure/base does.
 *
 * @module
 */
import { fail } from './checks.js';

/**
 * The longest secret accepted anywhere, in bytes (4096 bits: far beyond any HMAC block).
 * @example
 * ```ts
 * import { MAX_SECRET_BYTES } from 'mfakit';
 *
 * declare const imported: Uint8Array; // a secret from another system
 * if (imported.length > MAX_SECRET_BYTES) console.log('secret too long');
 * ```
 */
export const MAX_SECRET_BYTES = 512;
/**
 * The longest Base32 text accepted, in characters, separators and padding included.
 * @example
 * ```ts
 * import { MAX_SECRET_TEXT } from 'mfakit';
 * const field = `<input name="secret" maxlength="${MAX_SECRET_TEXT}">`;
 * ```
 */
export const MAX_SECRET_TEXT = 2048;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// Fast-path lookup: char code → 5-bit value, or -1 for anything but A–Z and 2–7.
const DECODE_TABLE: Int8Array = /* @__PURE__ */ (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

// Everything decodeBase32 accepts before normalisation; checked first so that toUpperCase never
// folds a non-ASCII letter (such as 'ß' → 'SS') into the alphabet.
const PASTED_BASE32 = /^[A-Za-z2-7= -]*$/;
const SEPARATORS = /[ -]/g;

/**
 * Encodes bytes as upper-case Base32 without padding.
 *
 * @param bytes - the secret, 1 to {@link MAX_SECRET_BYTES} bytes
 * @returns Base32 text, e.g. 'JBSWY3DPEHPK3PXP'
 * @throws {MfaError} INVALID_SECRET when `bytes` is not a Uint8Array, is empty or too long
 * @example
 * ```ts
 * import { encodeBase32 } from 'mfakit';
 * encodeBase32(new TextEncoder().encode('Hello!')); // 'JBSWY3DPEE'
 * ```
 */
export function encodeBase32(bytes: Uint8Array): string {
  checkSecretBytes(bytes);
  let text = '';
  let carry = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) {
    carry = ((carry << 8) | bytes[i]!) & 0x1fff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += ALPHABET[(carry >>> bits) & 31];
    }
  }
  // RFC 4648 §6: the last group is completed with zero bits.
  return bits > 0 ? text + ALPHABET[(carry << (5 - bits)) & 31] : text;
}

/**
 * Decodes Base32 text as people paste it: any case, spaces and hyphens anywhere, `=` padding
 * optional (but, when present, exactly as RFC 4648 §6 pads).
 *
 * @param text - Base32 text, at most {@link MAX_SECRET_TEXT} characters
 * @returns a new Uint8Array of 1 to {@link MAX_SECRET_BYTES} bytes, which the caller owns
 * @throws {MfaError} INVALID_SECRET for anything else; the message never repeats the input
 * @example
 * ```ts
 * import { decodeBase32 } from 'mfakit';
 * decodeBase32('jbsw y3dp-ee'); // Uint8Array of 'Hello!'
 * ```
 */
export function decodeBase32(text: string): Uint8Array {
  if (typeof text !== 'string') fail('INVALID_SECRET', 'secret must be Base32 text or a Uint8Array');
  if (text.length > MAX_SECRET_TEXT) fail('INVALID_SECRET', `secret text is longer than ${MAX_SECRET_TEXT}`);
  const bytes = decodeCanonical(text) ?? decodePasted(text);
  if (bytes.length === 0) fail('INVALID_SECRET', 'secret must not be empty');
  if (bytes.length > MAX_SECRET_BYTES) {
    bytes.fill(0);
    fail('INVALID_SECRET', `secret is longer than ${MAX_SECRET_BYTES} bytes`);
  }
  return bytes;
}

/** Checks that a secret given as bytes is a non-empty Uint8Array of bounded length. */
export function checkSecretBytes(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) fail('INVALID_SECRET', 'secret must be Base32 text or a Uint8Array');
  if (bytes.length === 0) fail('INVALID_SECRET', 'secret must not be empty');
  if (bytes.length > MAX_SECRET_BYTES)
    fail('INVALID_SECRET', `secret is longer than ${MAX_SECRET_BYTES} bytes`);
}

/**
 * The fast path for canonical text (upper case, no separators, no padding), which is what
 * {@link encodeBase32} and generators produce. Returns undefined for anything else, so that the
 * general path decides; its accept/refuse behaviour equals `base32nopad.decode` on this subset.
 */
function decodeCanonical(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array((text.length * 5) >>> 3);
  if (decodeCanonicalInto(text, bytes) === bytes.length) return bytes;
  bytes.fill(0);
  return undefined;
}

/**
 * Decodes canonical Base32 text into the start of `out` without allocating: the number of bytes
 * written, or -1 when the text is not canonical (or does not fit), in which case `decodeBase32`
 * decides. The caller wipes `out` after use.
 *
 * @param text - the text, any length
 * @param out - where the bytes go
 * @returns the number of bytes written, or -1
 */
export function decodeCanonicalInto(text: string, out: Uint8Array): number {
  const length = text.length;
  // Lengths 1, 3 and 6 (mod 8) leave a whole unused 5-bit group: not canonical, let scure refuse it.
  if ((length * 5) % 8 >= 5 || (length * 5) >>> 3 > out.length) return -1;
  let carry = 0;
  let bits = 0;
  let index = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? DECODE_TABLE[code]! : -1;
    if (value < 0) {
      out.fill(0, 0, index);
      return -1;
    }
    carry = ((carry << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = carry >>> bits;
      carry &= (1 << bits) - 1;
    }
  }
  // Non-zero leftover bits mean a second text decodes to the same bytes: refuse, as scure does.
  if (carry !== 0) {
    out.fill(0, 0, index);
    return -1;
  }
  return index;
}

/** The general path: checks the character set, removes separators, folds case, checks padding. */
function decodePasted(text: string): Uint8Array {
  if (!PASTED_BASE32.test(text)) fail('INVALID_SECRET', 'secret is not valid Base32');
  let normalised = text.replace(SEPARATORS, '').toUpperCase();
  const firstPad = normalised.indexOf('=');
  if (firstPad >= 0) {
    // RFC 4648 §6: padding only at the end, to a multiple of 8 characters, exactly as much as the
    // last group needs (6, 4, 3 or 1 '=' after 2, 4, 5 or 7 characters of it).
    const padding = normalised.length - firstPad;
    if (
      normalised.length % 8 !== 0 ||
      !/^=+$/.test(normalised.slice(firstPad)) ||
      ![1, 3, 4, 6].includes(padding)
    ) {
      fail('INVALID_SECRET', 'secret is not valid Base32');
    }
    normalised = normalised.slice(0, firstPad);
  }
  const bytes = decodeCanonical(normalised);
  if (bytes === undefined) fail('INVALID_SECRET', 'secret is not valid Base32');
  return bytes;
}
