/**
 * Recovery codes: 80 random bits each, shown once as `XXXX-XXXX-XXXX-XXXX` (Base32), kept only as
 * hashes. The inner hash is SHA-256 of the user id and the code (the user id is a salt: one guess
 * cannot be tried against every account at once). With a keyring, what is stored is an HMAC-SHA-256
 * of that inner hash under a key derived from a keyring key, so that someone who can write to the
 * database but does not hold the keyring cannot plant a code of their own; 0.1 stored the inner hash
 * itself, which an HMAC over it upgrades without knowing the codes. A fast hash suffices because the
 * codes are random, not chosen by people: finding one from its hash means searching 2^80 candidates.
 * (NIST SP 800-63B asks for a slow salted KDF below 112 bits; docs/security.md explains why.)
 *
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeBase32 } from '../otp/index.js';

/** Random bytes per code: 10 bytes = 80 bits = 16 Base32 characters. */
const CODE_BYTES = 10;
const NORMALISED = /^[A-Z2-7]{16}$/;
const SEPARATORS = /[\s-]+/g;
const utf8 = new TextEncoder();

/** Freshly generated codes (to show once), their hashes (to store) and the key id they are keyed under. */
export interface RecoveryCodeSet {
  codes: string[];
  hashes: string[];
  keyId: string | null;
}

/** How the hashes of one record's recovery codes are computed. */
export interface RecoveryHasher {
  /** The keyring key id the hashes are keyed under, or null for the unkeyed SHA-256 of 0.1 (or no keyring). */
  readonly keyId: string | null;
  /** The stored form of a normalised code. */
  hash(userId: string, normalised: string): string;
  /** Keys an unkeyed (0.1) stored hash under this hasher's key. */
  upgrade(unkeyed: string): string;
}

/** The unkeyed hashing of 0.1, and of a service without a keyring. */
export const UNKEYED_HASHER: RecoveryHasher = Object.freeze({
  keyId: null,
  hash: hashRecoveryCode,
  upgrade: (unkeyed: string) => unkeyed,
});

const HASH_KEY_LABEL = utf8.encode('mfakit recovery-code hash key v1');

/**
 * The keyed hashing under one keyring key: an HMAC-SHA-256 key derived from it (HMAC as a PRF, so
 * the AES key itself is never used for anything but AES), and HMAC-SHA-256 over the unkeyed hash.
 *
 * @param keyId - the keyring key id
 * @param keyringKey - that key's 32 bytes
 * @returns the hasher
 */
export function keyedHasher(keyId: string, keyringKey: Uint8Array): RecoveryHasher {
  const hashKey = hmac(sha256, keyringKey, HASH_KEY_LABEL);
  const upgrade = (unkeyed: string): string => bytesToHex(hmac(sha256, hashKey, utf8.encode(unkeyed)));
  return Object.freeze({
    keyId,
    hash: (userId: string, normalised: string) => upgrade(hashRecoveryCode(userId, normalised)),
    upgrade,
  });
}

/**
 * Generates `count` recovery codes from the CSPRNG.
 *
 * @param userId - the account (salts the hashes)
 * @param count - how many
 * @param hasher - how their hashes are stored
 * @returns the codes as shown to the user, their hashes and the key id
 */
export function generateRecoveryCodes(
  userId: string,
  count: number,
  hasher: RecoveryHasher,
): RecoveryCodeSet {
  const codes: string[] = [];
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = encodeBase32(crypto.getRandomValues(new Uint8Array(CODE_BYTES)));
    codes.push(text.match(/.{4}/g)!.join('-'));
    hashes.push(hasher.hash(userId, text));
  }
  return { codes, hashes, keyId: hasher.keyId };
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
 * The stored form of what the user typed, to look up among a record's hashes; null when it cannot be
 * a recovery code.
 *
 * @param userId - the account
 * @param input - what the user typed
 * @param hasher - the record's hasher
 * @returns the hash to look for, or null
 */
export function recoveryCodeCandidate(userId: string, input: string, hasher: RecoveryHasher): string | null {
  const normalised = normaliseRecoveryCode(input);
  return normalised === null ? null : hasher.hash(userId, normalised);
}

/**
 * Finds which stored hash a candidate matches. Every stored hash is compared in full, in constant
 * time, whatever matches, so timing reveals neither the match nor its position.
 *
 * @param candidate - from {@link recoveryCodeCandidate}
 * @param hashes - the stored hashes
 * @returns the index of the matching hash, or -1
 */
export function findRecoveryCode(candidate: string | null, hashes: readonly string[]): number {
  if (candidate === null) return -1;
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
