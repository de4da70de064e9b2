import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { hotp, MAX_COUNTER, type OtpAlgorithm, verifyHotp } from '../../src/index.js';

/** RFC 4226 §5.3 written out the obvious way on noble's one-shot hmac, as an independent reference. */
function referenceHotp(key: Uint8Array, counter: bigint, algorithm: OtpAlgorithm, digits: number): string {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, counter);
  const hash = { SHA1: sha1, SHA256: sha256, SHA512: sha512 }[algorithm];
  const mac = hmac(hash, key, message);
  const offset = mac[mac.length - 1]! & 0xf;
  const binary = new DataView(mac.buffer).getUint32(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

const algorithms = fc.constantFrom<OtpAlgorithm>('SHA1', 'SHA256', 'SHA512');
// Keys of every interesting size, including longer than the SHA-1/SHA-256 block (hashed first).
const keys = fc.uint8Array({ minLength: 1, maxLength: 200 });

describe('64-bit counters', () => {
  it('agrees with a reference HMAC for counters across the whole 64-bit range', () => {
    fc.assert(
      fc.property(
        keys,
        fc.bigInt({ min: 0n, max: MAX_COUNTER }),
        algorithms,
        fc.integer({ min: 6, max: 10 }),
        (key, counter, algorithm, digits) => {
          expect(hotp(key, counter, { algorithm, digits })).toBe(
            referenceHotp(key, counter, algorithm, digits),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with otpauth for number counters above 2^32', () => {
    fc.assert(
      fc.property(
        keys,
        fc.integer({ min: 2 ** 32, max: Number.MAX_SAFE_INTEGER }),
        algorithms,
        (key, counter, algorithm) => {
          const theirs = OTPAuth.HOTP.generate({
            secret: new OTPAuth.Secret({ buffer: key.slice().buffer }),
            counter,
            algorithm,
          });
          expect(hotp(key, counter, { algorithm })).toBe(theirs);
          expect(hotp(key, BigInt(counter), { algorithm })).toBe(theirs);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('handles the edges: 2^32 - 1, 2^32, 2^53 - 1, 2^64 - 1', () => {
    const key = new TextEncoder().encode('12345678901234567890');
    for (const counter of [2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, MAX_COUNTER]) {
      expect(hotp(key, counter)).toBe(referenceHotp(key, counter, 'SHA1', 6));
    }
    expect(hotp(key, 2 ** 32)).toBe(referenceHotp(key, 2n ** 32n, 'SHA1', 6));
  });

  it('verifyHotp carries from the low to the high 32 bits inside the look-ahead', () => {
    const key = new TextEncoder().encode('12345678901234567890');
    const code = referenceHotp(key, 2n ** 32n + 1n, 'SHA1', 6);
    expect(verifyHotp(key, code, { counter: 2 ** 32 - 2, lookAhead: 4 })).toEqual({
      counter: 2 ** 32 + 1,
      delta: 3,
    });
    expect(verifyHotp(key, code, { counter: 2n ** 32n - 2n, lookAhead: 4 })).toEqual({
      counter: 2n ** 32n + 1n,
      delta: 3,
    });
  });

  it('refuses a look-ahead that would run past the last counter', () => {
    expect(() =>
      verifyHotp('GEZDGNBVGY3TQOJQ', '123456', { counter: MAX_COUNTER, lookAhead: 1 }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(verifyHotp('GEZDGNBVGY3TQOJQ', '123456', { counter: MAX_COUNTER - 1n, lookAhead: 1 })).toBeNull();
    expect(() =>
      verifyHotp('GEZDGNBVGY3TQOJQ', '123456', { counter: Number.MAX_SAFE_INTEGER, lookAhead: 1 }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
