/**
 * AES-256-GCM (NIST SP 800-38D) for the short secrets mfakit stores, with the per-key work done
 * once per keyring key instead of once per call.
 *
 * Every verify decrypts one stored secret (20 bytes by default). A general-purpose GCM such as
 * `gcm()` of @noble/ciphers expands the AES key and builds GHASH tables on every call: 16–19 µs
 * of CPU, a third of a whole verify. Here the AES key schedule and the hash subkey H are derived
 * once per key ({@link gcmKey}); a call then costs a few AES blocks from @noble/ciphers' block
 * function and a GHASH over a handful of 16-byte blocks: 5.5–6 µs (bench/aead.bench.ts).
 *
 * GHASH multiplies bit by bit (SP 800-38D §6.3, Algorithm 1) with masks instead of branches or
 * table lookups, so its timing does not depend on H or on the data. Deliberately limited: 96-bit
 * nonces only (what {@link gcmSeal} callers generate), 16-byte tags only, messages and associated
 * data up to 64 KiB. test/mfa/aead.test.ts checks it byte for byte against @noble/ciphers' `gcm`
 * and Node's OpenSSL on random inputs.
 *
 * @module
 */
import { unsafe } from '@noble/ciphers/aes.js';

const BLOCK = 16;
const TAG_BYTES = 16;
const NONCE_BYTES = 12;
const MAX_BYTES = 65_536;

/** A key ready for use: the AES-256 key schedule and the GHASH subkey H = AES_K(0^128). */
export interface GcmKey {
  /** The expanded AES key (@noble/ciphers' little-endian schedule). */
  readonly schedule: Uint32Array;
  /** H as four big-endian 32-bit words. */
  readonly hash: Uint32Array;
}

/**
 * Derives the per-key state of AES-256-GCM.
 *
 * @param key - 32 bytes
 * @returns the state to pass to {@link gcmSeal} and {@link gcmOpen}
 */
export function gcmKey(key: Uint8Array): GcmKey {
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  const schedule = unsafe.expandKeyLE(key);
  const h = unsafe.encryptBlock(schedule, new Uint8Array(BLOCK));
  const hash = new Uint32Array(4);
  for (let i = 0; i < 4; i++) hash[i] = readWord(h, i * 4);
  h.fill(0);
  return { schedule, hash };
}

/**
 * Encrypts and authenticates `plaintext`.
 *
 * @param key - from {@link gcmKey}
 * @param nonce - 12 bytes, never reused with the same key
 * @param aad - associated data, authenticated but not encrypted
 * @param plaintext - the message
 * @returns ciphertext followed by the 16-byte tag
 */
export function gcmSeal(key: GcmKey, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  checkSizes(nonce, aad, plaintext.length);
  const sealed = new Uint8Array(plaintext.length + TAG_BYTES);
  const ciphertext = sealed.subarray(0, plaintext.length);
  unsafe.ctr32(key.schedule, false, counterBlock(nonce, 2), aligned(plaintext), ciphertext);
  sealed.set(tag(key, nonce, aad, ciphertext), plaintext.length);
  return sealed;
}

/**
 * Checks the tag of `sealed` and decrypts it.
 *
 * @param key - from {@link gcmKey}
 * @param nonce - the 12 bytes it was sealed with
 * @param aad - the associated data it was sealed with
 * @param sealed - ciphertext followed by the 16-byte tag
 * @returns the plaintext
 * @throws Error when the tag does not match (wrong key, nonce, associated data or tampering); no
 *   plaintext is produced then
 */
export function gcmOpen(key: GcmKey, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
  if (sealed.length < TAG_BYTES) throw new Error('AES-GCM: sealed data is shorter than a tag');
  const ciphertext = sealed.subarray(0, sealed.length - TAG_BYTES);
  checkSizes(nonce, aad, ciphertext.length);
  const expected = tag(key, nonce, aad, ciphertext);
  // Constant-time comparison: OR of all byte differences, no early exit.
  let difference = 0;
  for (let i = 0; i < TAG_BYTES; i++) difference |= expected[i]! ^ sealed[ciphertext.length + i]!;
  if (difference !== 0) throw new Error('AES-GCM: authentication failed');
  return unsafe.ctr32(key.schedule, false, counterBlock(nonce, 2), aligned(ciphertext));
}

/** The block function reads 32-bit words: give it a copy when the bytes do not start on a word boundary. */
function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
}

function checkSizes(nonce: Uint8Array, aad: Uint8Array, messageLength: number): void {
  if (nonce.length !== NONCE_BYTES) throw new Error('AES-GCM: the nonce must be 12 bytes');
  if (aad.length > MAX_BYTES || messageLength > MAX_BYTES) throw new Error('AES-GCM: input too long');
}

/** J0 + n for a 96-bit nonce: nonce ‖ the 32-bit big-endian counter n (SP 800-38D §7.1). */
function counterBlock(nonce: Uint8Array, n: number): Uint8Array {
  const block = new Uint8Array(BLOCK);
  block.set(nonce);
  block[15] = n;
  return block;
}

/** The tag: GHASH_H(A, C) ⊕ AES_K(J0) (SP 800-38D §7.1, steps 5–6). */
function tag(key: GcmKey, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const y = new Uint32Array(4);
  absorb(key.hash, y, aad);
  absorb(key.hash, y, ciphertext);
  // The length block: bit lengths of A and C as 64-bit big-endian numbers (both below 2^32 here).
  y[1] = y[1]! ^ (aad.length * 8);
  y[3] = y[3]! ^ (ciphertext.length * 8);
  multiplyByH(key.hash, y);
  const mask = unsafe.encryptBlock(key.schedule, counterBlock(nonce, 1));
  for (let i = 0; i < 4; i++) {
    const word = y[i]! ^ readWord(mask, i * 4);
    mask[i * 4] = word >>> 24;
    mask[i * 4 + 1] = word >>> 16;
    mask[i * 4 + 2] = word >>> 8;
    mask[i * 4 + 3] = word;
  }
  return mask;
}

/** Y ← (Y ⊕ X_i) · H for each 16-byte block X_i of `data`, the last one zero-padded. */
function absorb(h: Uint32Array, y: Uint32Array, data: Uint8Array): void {
  for (let offset = 0; offset < data.length; offset += BLOCK) {
    for (let i = 0; i < 4; i++) y[i] = y[i]! ^ readWord(data, offset + i * 4);
    multiplyByH(h, y);
  }
}

/** Big-endian 32-bit word of `bytes` at `offset`; bytes past the end read as zero. */
function readWord(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] ?? 0) << 24) |
      ((bytes[offset + 1] ?? 0) << 16) |
      ((bytes[offset + 2] ?? 0) << 8) |
      (bytes[offset + 3] ?? 0)) >>>
    0
  );
}

/**
 * y ← y · h in GF(2^128) with GCM's bit order (SP 800-38D §6.3, Algorithm 1): bit 0 is the most
 * significant bit of the first word. Masks replace both branches, so every call does the same work.
 */
function multiplyByH(h: Uint32Array, y: Uint32Array): void {
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  let v0 = h[0]!;
  let v1 = h[1]!;
  let v2 = h[2]!;
  let v3 = h[3]!;
  for (let word = 0; word < 4; word++) {
    const x = y[word]!;
    for (let bit = 31; bit >= 0; bit--) {
      const take = -((x >>> bit) & 1);
      z0 ^= v0 & take;
      z1 ^= v1 & take;
      z2 ^= v2 & take;
      z3 ^= v3 & take;
      // V ← V >> 1, and reduce by R = 11100001 ‖ 0^120 when a 1 bit falls off the end.
      const carry = -(v3 & 1);
      v3 = (v3 >>> 1) | (v2 << 31);
      v2 = (v2 >>> 1) | (v1 << 31);
      v1 = (v1 >>> 1) | (v0 << 31);
      v0 = (v0 >>> 1) ^ (0xe1000000 & carry);
    }
  }
  y[0] = z0;
  y[1] = z1;
  y[2] = z2;
  y[3] = z3;
}
