/**
 * HMAC (RFC 2104) specialised for one-time passwords: keyed once per call, then evaluated on any
 * number of 8-byte counters without allocating.
 *
 * A verify checks several counters with one key. Generic HMAC code pads and hashes the key again
 * for every counter (two extra compressions each, plus garbage). Here the key is absorbed once:
 * the inner (key ⊕ ipad) and outer (key ⊕ opad) blocks go into two hash states, and each counter
 * then costs a clone of those states into a scratch instance, an update and a digest into a
 * reused buffer: two compressions, no allocation of our own.
 *
 * The hash instances and buffers are scratch space reused across calls, because creating them
 * costs more than the hashing itself. They never carry key material from one call to the next:
 * {@link OtpHmac.release} resets every state to the hash's initial value and zeroes every buffer,
 * and callers release in a `finally`. No secret and no keyed state is cached.
 *
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { Hash } from '@noble/hashes/utils.js';
import type { OtpAlgorithm } from './algorithm.js';

// biome-ignore lint/suspicious/noExplicitAny: noble's Hash<T> is F-bounded; the three states share no T.
type HashState = Hash<any>;

const HASHES: Readonly<Record<OtpAlgorithm, { create(): HashState }>> = {
  SHA1: sha1,
  SHA256: sha256,
  SHA512: sha512,
};

const IPAD = 0x36;
const OPAD = 0x5c;

/** The keyed HMAC of one call. Obtain it with {@link acquireHmac}; always {@link OtpHmac.release} it. */
export class OtpHmac {
  private readonly initial: HashState;
  private readonly inner: HashState;
  private readonly outer: HashState;
  private readonly scratch: HashState;
  private readonly pad: Uint8Array;
  private readonly padTail: Uint8Array;
  private readonly message = new Uint8Array(8);
  private readonly digest: Uint8Array;
  /** True while a call holds this instance; a nested call (impossible today) gets its own. */
  inUse = false;

  /** @param algorithm - the hash function */
  constructor(algorithm: OtpAlgorithm) {
    const hash = HASHES[algorithm];
    this.initial = hash.create();
    this.inner = hash.create();
    this.outer = hash.create();
    this.scratch = hash.create();
    this.digest = new Uint8Array(this.initial.outputLen);
    this.pad = new Uint8Array(this.initial.blockLen);
    this.padTail = this.pad.subarray(1);
  }

  /** Absorbs the key into the inner and outer states. `key` is read, never kept or modified. */
  setKey(key: Uint8Array): void {
    const { pad, digest, scratch } = this;
    if (key.length > pad.length) {
      // RFC 2104 §2: a key longer than the hash block is replaced by its hash.
      scratch.update(key);
      scratch.digestInto(digest);
      pad.set(digest);
      this.initial._cloneInto(scratch);
    } else {
      pad.set(key);
    }
    for (let i = 0; i < pad.length; i++) pad[i]! ^= IPAD;
    this.inner.update(pad);
    for (let i = 0; i < pad.length; i++) pad[i]! ^= IPAD ^ OPAD;
    this.outer.update(pad);
    pad.fill(0);
  }

  /**
   * The RFC 4226 §5.3 dynamically truncated value of one 64-bit counter, given as its two unsigned
   * 32-bit halves: a non-negative 31-bit integer.
   */
  truncate(counterHigh: number, counterLow: number): number {
    const { message, digest, scratch } = this;
    message[0] = counterHigh >>> 24;
    message[1] = counterHigh >>> 16;
    message[2] = counterHigh >>> 8;
    message[3] = counterHigh;
    message[4] = counterLow >>> 24;
    message[5] = counterLow >>> 16;
    message[6] = counterLow >>> 8;
    message[7] = counterLow;
    this.inner._cloneInto(scratch);
    scratch.update(message);
    scratch.digestInto(digest);
    this.outer._cloneInto(scratch);
    scratch.update(digest);
    scratch.digestInto(digest);
    const offset = digest[digest.length - 1]! & 0x0f;
    return (
      ((digest[offset]! & 0x7f) << 24) |
      (digest[offset + 1]! << 16) |
      (digest[offset + 2]! << 8) |
      digest[offset + 3]!
    );
  }

  /** Forgets the key: every state back to the initial value, every buffer zeroed, instance free. */
  release(): void {
    const { initial, scratch } = this;
    this.pad.fill(0);
    initial._cloneInto(this.inner);
    initial._cloneInto(this.outer);
    // The scratch block buffer still holds the last padded block (the inner digest). A fresh state
    // buffers a short update without compressing it, so updating with zeros overwrites those bytes.
    initial._cloneInto(scratch);
    scratch.update(this.padTail);
    initial._cloneInto(scratch);
    this.message.fill(0);
    this.digest.fill(0);
    this.inUse = false;
  }
}

const pool: Partial<Record<OtpAlgorithm, OtpHmac>> = {};

/**
 * Returns an {@link OtpHmac} keyed with `key`. The caller must call `release()` in a `finally`.
 * Instances are created on first use (no work at import time) and reused afterwards.
 */
export function acquireHmac(algorithm: OtpAlgorithm, key: Uint8Array): OtpHmac {
  let hmac = pool[algorithm];
  if (hmac === undefined) {
    hmac = new OtpHmac(algorithm);
    pool[algorithm] = hmac;
  } else if (hmac.inUse) {
    hmac = new OtpHmac(algorithm);
  }
  hmac.inUse = true;
  try {
    hmac.setKey(key);
  } catch (error) {
    hmac.release();
    throw error;
  }
  return hmac;
}
