/**
 * Remembered devices: a device token is 256 random bits (base64url), shown once for an HttpOnly
 * cookie and stored only as a hash. With a keyring the hash is an HMAC-SHA-256 of the user id and
 * the token under a key derived from a keyring key, so that someone who can write to the database
 * but does not hold the keyring cannot plant a device of their own; without one, a SHA-256 (a
 * 256-bit random token cannot be found from its hash either way). Ids of authenticators and devices
 * are made here too.
 *
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';

const TOKEN_BYTES = 32;
/** What a token looks like: 43 base64url characters. Anything else is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const ID_BYTES = 8;
const utf8 = new TextEncoder();
const HASH_KEY_LABEL = utf8.encode('mfakit device-token hash key v1');

/** How the tokens of remembered devices are hashed under one key (or none). */
export interface DeviceHasher {
  /** The keyring key id the hashes are keyed under, or null without a keyring. */
  readonly keyId: string | null;
  /** The stored form of a token of `userId`. */
  hash(userId: string, token: string): string;
}

/** The hashing of a service without a keyring: SHA-256 of the user id, a NUL and the token. */
export const UNKEYED_DEVICE_HASHER: DeviceHasher = Object.freeze({
  keyId: null,
  hash: (userId: string, token: string) => bytesToHex(sha256(utf8.encode(`${userId}\u0000${token}`))),
});

/**
 * The keyed hashing under one keyring key: an HMAC-SHA-256 key derived from it (HMAC as a PRF, with
 * its own label, so this key differs from the one recovery codes are hashed under), then
 * HMAC-SHA-256 of the user id, a NUL and the token.
 *
 * @param keyId - the keyring key id
 * @param keyringKey - that key's 32 bytes
 * @returns the hasher
 */
export function keyedDeviceHasher(keyId: string, keyringKey: Uint8Array): DeviceHasher {
  const hashKey = hmac(sha256, keyringKey, HASH_KEY_LABEL);
  return Object.freeze({
    keyId,
    hash: (userId: string, token: string) =>
      bytesToHex(hmac(sha256, hashKey, utf8.encode(`${userId}\u0000${token}`))),
  });
}

/**
 * A new device token from the CSPRNG: 256 bits, base64url without padding (43 characters).
 *
 * @returns the token
 */
export function newDeviceToken(): string {
  return base64urlnopad.encode(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
}

/**
 * Whether input has the shape of a device token; only such input is hashed and looked up.
 *
 * @param input - what the application passed
 */
export function looksLikeDeviceToken(input: string): boolean {
  return TOKEN_SHAPE.test(input);
}

/**
 * A new random id: the prefix, an underscore and 16 hex digits (64 bits).
 *
 * @param prefix - 'au' for an authenticator, 'dv' for a device
 * @returns the id
 */
export function newId(prefix: 'au' | 'dv'): string {
  return `${prefix}_${bytesToHex(crypto.getRandomValues(new Uint8Array(ID_BYTES)))}`;
}
