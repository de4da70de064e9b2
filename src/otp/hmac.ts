/**
 * Hands out keyed HMACs for one call each: {@link Sha1Hmac} for SHA1, {@link NobleHmac} for the
 * SHA-2 algorithms. Instances are created on first use (no work at import time) and reused after;
 * they hold no key material between calls (see hmac-base.ts).
 *
 * @module
 */
import type { OtpAlgorithm } from './algorithm.js';
import type { OtpHmac } from './hmac-base.js';
import { Sha1Hmac } from './hmac-sha1.js';
import { NobleHmac } from './hmac-sha2.js';

export { OtpHmac } from './hmac-base.js';
export { Sha1Hmac } from './hmac-sha1.js';
export { NobleHmac } from './hmac-sha2.js';

const pool: Partial<Record<OtpAlgorithm, OtpHmac>> = {};

const create = (algorithm: OtpAlgorithm): OtpHmac =>
  algorithm === 'SHA1' ? new Sha1Hmac() : new NobleHmac(algorithm);

/**
 * Returns an {@link OtpHmac} keyed with the first `length` bytes of `key`. The caller must call
 * `release()` in a `finally`.
 */
export function acquireHmac(algorithm: OtpAlgorithm, key: Uint8Array, length = key.length): OtpHmac {
  let hmac = pool[algorithm];
  if (hmac === undefined) {
    hmac = create(algorithm);
    pool[algorithm] = hmac;
  } else if (hmac.inUse) {
    hmac = create(algorithm);
  }
  hmac.inUse = true;
  try {
    hmac.setKey(key, length);
  } catch (error) {
    hmac.release();
    throw error;
  }
  return hmac;
}
