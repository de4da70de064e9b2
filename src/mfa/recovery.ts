/**
 * Recovery codes: 80 random bits each, shown once as `XXXX-XXXX-XXXX-XXXX` (Base32), kept only as
 * SHA-256 hashes of the user id and the code. A fast hash suffices because the codes are random, not
 * chosen by people: finding one from its hash means searching 2^80 candidates. The user id in the hash
 * is a salt: it stops one guess from being tried against every account's hashes at once. (NIST SP
 * 800-63B asks for a slow salted KDF below 112 bits; docs/security.md explains why 80 random bits
 * with a per-account salt were judged enough.)
 *
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeBase32 } from '../otp/index.js';

/** Random bytes per code: 10 bytes = 80 bits = 16 Base32 characters. */
const CODE_BYTES = 10;
const NORMALISED = /^[A-Z2-7]{16}$/;
const SEPARATORS = /[\s-]+/g;
const utf8 = new TextEncoder();

/** Freshly generated codes (to show once) and their hashes (to store). */
export interface RecoveryCodeSet {
  codes: string[];
  hashes: string[];
}

/**
 * Generates `count` recovery codes from the CSPRNG.
 *
 * @param userId - the account (salts the hashes)
 * @param count - how many
 * @returns the codes as shown to the user and their hashes
 */
export function generateRecoveryCodes(userId: string, count: number): RecoveryCodeSet {
  const codes: string[] = [];
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = encodeBase32(crypto.getRandomValues(new Uint8Array(CODE_BYTES)));
    codes.push(text.match(/.{4}/g)!.join('-'));
    hashes.push(hashRecoveryCode(userId, text));
  }
  return { codes, hashes };
}

/**
 * Puts a typed recovery code in canonical form: upper case, without spaces or hyphens.
 *
 * @param input - what the user typed
 * @returns the 16-character code, or null when it cannot be a recovery code
 */
export function normaliseRecoveryCode(input: string): string | null {
  // Bound the work on hostile input before any regex runs over it.
  if (input.length > 64) return null;
  const text = input.replace(SEPARATORS, '').toUpperCase();
  return NORMALISED.test(text) ? text : null;
}

/**
 * Finds which stored hash a typed code matches. Every stored hash is compared in full, in constant
 * time, whatever matches, so timing reveals neither the match nor its position.
 *
 * @param userId - the account
 * @param input - what the user typed
 * @param hashes - the stored hashes
 * @returns the index of the matching hash, or -1
 */
export function findRecoveryCode(userId: string, input: string, hashes: readonly string[]): number {
  const normalised = normaliseRecoveryCode(input);
  // Stryker disable next-line ConditionalExpression: equivalent; the hash of "null" matches no stored hash, so the loop finds nothing
  if (normalised === null) return -1;
  const candidate = hashRecoveryCode(userId, normalised);
  let found = -1;
  for (let i = 0; i < hashes.length; i++) {
    if (equalConstantTime(candidate, hashes[i]!) && found === -1) found = i;
  }
  return found;
}

/**
 * Compares two strings in time that depends only on their lengths.
 *
 * @param a - one string
 * @param b - the other
 * @returns whether they are equal
 */
export function equalConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  // Stryker disable next-line EqualityOperator: equivalent; one more round compares NaN ^ NaN, which is 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The stored form of a recovery code: SHA-256 (hex) of the user id, a NUL separator and the
 * normalised code. The NUL keeps ('ab', 'c') and ('a', 'bc') apart.
 *
 * @param userId - the account
 * @param normalised - the code as {@link normaliseRecoveryCode} returns it
 * @returns 64 hex characters
 */
export function hashRecoveryCode(userId: string, normalised: string): string {
  return bytesToHex(sha256(utf8.encode(`${userId}\u0000${normalised}`)));
}
