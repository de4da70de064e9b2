/**
 * HMAC-SHA1 for one-time passwords, computed on 32-bit words.
 *
 * SHA1 is what nearly every authenticator app uses, so it is the path worth making fast. An HOTP
 * message is always one 8-byte counter, and the HMAC's outer message is always one 20-byte digest:
 * both fit in a single SHA-1 block whose padding is known in advance (FIPS 180-4 §5.1.1). So, once
 * the key is absorbed into the inner (key ⊕ ipad) and outer (key ⊕ opad) chaining values, each
 * counter costs exactly two block compressions written straight into a reused word array: no byte
 * buffers, no length bookkeeping, no views, no allocation. The generic path over @noble/hashes
 * (SHA256, SHA512) does the same work through the hash objects' streaming interface, which costs
 * more than the compressions themselves for messages this short.
 *
 * Keys longer than a block are first hashed (RFC 2104 §2) by {@link hashKey}, which is the only
 * place that hashes a message of arbitrary length. test/otp/sha1-hmac.test.ts checks every path
 * against @noble/hashes' HMAC-SHA1.
 *
 * @module
 */
import { OtpHmac } from './hmac-base.js';

/** SHA-1 initial chaining value H(0) (FIPS 180-4 §5.3.1). */
const IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0] as const;
const BLOCK_BYTES = 64;
const IPAD_WORD = 0x36363636;
const OPAD_WORD = 0x5c5c5c5c;
/** Bit lengths of the two padded messages: ipad block + 8-byte counter; opad block + 20-byte digest. */
const INNER_BITS = (BLOCK_BYTES + 8) * 8;
const OUTER_BITS = (BLOCK_BYTES + 20) * 8;

/**
 * One SHA-1 compression (FIPS 180-4 §6.1.2): `w[0..15]` holds the block, `from` the chaining value;
 * the result goes to `to` (which may be `from`). `w` is used as the message schedule.
 */
function compress(from: Int32Array, to: Int32Array, w: Int32Array): void {
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = from[0]!;
  let b = from[1]!;
  let c = from[2]!;
  let d = from[3]!;
  let e = from[4]!;
  // Five rounds per iteration, so that the working variables rotate by renaming instead of moves.
  for (let i = 0; i < 20; i += 5) {
    e = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + w[i]! + 0x5a827999) | 0;
    b = (b << 30) | (b >>> 2);
    d = (((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + d + w[i + 1]! + 0x5a827999) | 0;
    a = (a << 30) | (a >>> 2);
    c = (((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + c + w[i + 2]! + 0x5a827999) | 0;
    e = (e << 30) | (e >>> 2);
    b = (((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + b + w[i + 3]! + 0x5a827999) | 0;
    d = (d << 30) | (d >>> 2);
    a = (((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + a + w[i + 4]! + 0x5a827999) | 0;
    c = (c << 30) | (c >>> 2);
  }
  for (let i = 20; i < 40; i += 5) {
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w[i]! + 0x6ed9eba1) | 0;
    b = (b << 30) | (b >>> 2);
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + w[i + 1]! + 0x6ed9eba1) | 0;
    a = (a << 30) | (a >>> 2);
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + w[i + 2]! + 0x6ed9eba1) | 0;
    e = (e << 30) | (e >>> 2);
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + w[i + 3]! + 0x6ed9eba1) | 0;
    d = (d << 30) | (d >>> 2);
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + w[i + 4]! + 0x6ed9eba1) | 0;
    c = (c << 30) | (c >>> 2);
  }
  for (let i = 40; i < 60; i += 5) {
    e = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + w[i]! + 0x8f1bbcdc) | 0;
    b = (b << 30) | (b >>> 2);
    d = (((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + d + w[i + 1]! + 0x8f1bbcdc) | 0;
    a = (a << 30) | (a >>> 2);
    c = (((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + c + w[i + 2]! + 0x8f1bbcdc) | 0;
    e = (e << 30) | (e >>> 2);
    b = (((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + b + w[i + 3]! + 0x8f1bbcdc) | 0;
    d = (d << 30) | (d >>> 2);
    a = (((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + a + w[i + 4]! + 0x8f1bbcdc) | 0;
    c = (c << 30) | (c >>> 2);
  }
  for (let i = 60; i < 80; i += 5) {
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w[i]! + 0xca62c1d6) | 0;
    b = (b << 30) | (b >>> 2);
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + w[i + 1]! + 0xca62c1d6) | 0;
    a = (a << 30) | (a >>> 2);
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + w[i + 2]! + 0xca62c1d6) | 0;
    e = (e << 30) | (e >>> 2);
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + w[i + 3]! + 0xca62c1d6) | 0;
    d = (d << 30) | (d >>> 2);
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + w[i + 4]! + 0xca62c1d6) | 0;
    c = (c << 30) | (c >>> 2);
  }
  to[0] = (from[0]! + a) | 0;
  to[1] = (from[1]! + b) | 0;
  to[2] = (from[2]! + c) | 0;
  to[3] = (from[3]! + d) | 0;
  to[4] = (from[4]! + e) | 0;
}

/**
 * Writes `length` bytes of `bytes` from `offset` (at most one block) into `words` as big-endian
 * 32-bit words, zero-filling the rest of the block.
 */
function loadWords(bytes: Uint8Array, offset: number, length: number, words: Int32Array): void {
  words.fill(0, 0, 16);
  for (let i = 0; i < length; i++) {
    words[i >> 2] = words[i >> 2]! | (bytes[offset + i]! << (24 - 8 * (i & 3)));
  }
}

/**
 * SHA-1 of the first `length` bytes of `key`, written as the first five of sixteen words of
 * `keyWords` (the rest zero): the HMAC key of RFC 2104 §2 for keys longer than a block.
 * `w` and `state` are scratch space.
 */
function hashKey(
  key: Uint8Array,
  length: number,
  keyWords: Int32Array,
  w: Int32Array,
  state: Int32Array,
): void {
  state.set(IV);
  let offset = 0;
  for (; offset + BLOCK_BYTES <= length; offset += BLOCK_BYTES) {
    loadWords(key, offset, BLOCK_BYTES, w);
    compress(state, state, w);
  }
  // Padding (FIPS 180-4 §5.1.1): a 1 bit, zeros, then the bit length in the last 64 bits. Keys are
  // at most 512 bytes, so the length fits the low word.
  const tail = length - offset;
  loadWords(key, offset, tail, w);
  w[tail >> 2] = w[tail >> 2]! | (0x80 << (24 - 8 * (tail & 3)));
  if (tail >= 56) {
    compress(state, state, w);
    w.fill(0, 0, 16);
  }
  w[15] = length * 8;
  compress(state, state, w);
  keyWords.fill(0, 0, 16);
  keyWords.set(state);
}

/** HMAC-SHA1 keyed once, evaluated on any number of 8-byte counters. */
export class Sha1Hmac extends OtpHmac {
  /** Chaining value after the (key ⊕ ipad) block. */
  private readonly inner = new Int32Array(5);
  /** Chaining value after the (key ⊕ opad) block. */
  private readonly outer = new Int32Array(5);
  /** The initial chaining value, read-only. */
  private readonly iv = Int32Array.from(IV);
  /** The inner digest, then the HMAC. */
  private readonly digest = new Int32Array(5);
  /** One block and its message schedule. */
  private readonly w = new Int32Array(80);
  /** The key block while it is being absorbed; zeroed right after. */
  private readonly keyWords = new Int32Array(16);

  override setKey(key: Uint8Array, length: number): void {
    const { w, keyWords, iv } = this;
    if (length > BLOCK_BYTES) hashKey(key, length, keyWords, w, this.digest);
    else loadWords(key, 0, length, keyWords);
    for (let i = 0; i < 16; i++) w[i] = keyWords[i]! ^ IPAD_WORD;
    compress(iv, this.inner, w);
    for (let i = 0; i < 16; i++) w[i] = keyWords[i]! ^ OPAD_WORD;
    compress(iv, this.outer, w);
    keyWords.fill(0);
  }

  override truncate(counterHigh: number, counterLow: number): number {
    const { w, digest } = this;
    w[0] = counterHigh;
    w[1] = counterLow;
    w[2] = 0x80000000;
    w.fill(0, 3, 15);
    w[15] = INNER_BITS;
    compress(this.inner, digest, w);
    w[0] = digest[0]!;
    w[1] = digest[1]!;
    w[2] = digest[2]!;
    w[3] = digest[3]!;
    w[4] = digest[4]!;
    w[5] = 0x80000000;
    w.fill(0, 6, 15);
    w[15] = OUTER_BITS;
    compress(this.outer, digest, w);
    // RFC 4226 §5.3: the low 4 bits of the last byte pick 4 bytes of the 20-byte digest.
    const offset = digest[4]! & 0x0f;
    const index = offset >> 2;
    const shift = (offset & 3) * 8;
    // No branch on the offset: for shift 0 the second term is (x >>> 1) >>> 31, which is always 0.
    // The index stays in range: offset ≤ 15, so index + 1 ≤ 4.
    const word = (digest[index]! << shift) | ((digest[index + 1]! >>> 1) >>> (31 - shift));
    return word & 0x7fffffff;
  }

  override release(): void {
    this.keyWords.fill(0);
    this.inner.fill(0);
    this.outer.fill(0);
    this.digest.fill(0);
    this.w.fill(0);
    this.inUse = false;
  }
}
