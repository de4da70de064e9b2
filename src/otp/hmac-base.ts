/**
 * The keyed HMAC that HOTP and TOTP use: keyed once per call, then evaluated on any number of
 * 8-byte counters without allocating. Two implementations: {@link Sha1Hmac} on 32-bit words for
 * SHA1, and `NobleHmac` over @noble/hashes for SHA256 and SHA512.
 *
 * Instances are scratch space reused across calls (see `acquireHmac` in hmac.ts), because
 * creating them costs more than the hashing itself. They never carry key material from one call to
 * the next: `release` wipes every state and buffer, and callers release in a `finally`.
 *
 * @module
 */

/** An HMAC keyed for one call. Obtain it with `acquireHmac`; always `release` it. */
export abstract class OtpHmac {
  /** True while a call holds this instance; a nested call gets its own. */
  inUse = false;

  /**
   * Absorbs the key (the first `length` bytes of `key`) into the inner and outer states. `key` is
   * read, never kept or modified.
   */
  abstract setKey(key: Uint8Array, length: number): void;

  /**
   * The RFC 4226 §5.3 dynamically truncated value of one 64-bit counter, given as its two unsigned
   * 32-bit halves: a non-negative 31-bit integer.
   */
  abstract truncate(counterHigh: number, counterLow: number): number;

  /** Forgets the key: every state and buffer wiped, the instance free for the next call. */
  abstract release(): void;
}
