// The word-level HMAC-SHA1 (src/otp/hmac-sha1.ts) against @noble/hashes' HMAC written the plain way:
// every key length (empty block padding, exactly one block, longer keys that are hashed first), every
// counter shape, and secrets given as canonical Base32, pasted Base32 and bytes.
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase32, hotp } from '../../src/index.js';

/** RFC 4226 §5.3 on noble's one-shot HMAC. */
function referenceHotp(key: Uint8Array, counter: bigint, digits: number): string {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, counter);
  const mac = hmac(sha1, key, message);
  const offset = mac[19]! & 0x0f;
  const value = new DataView(mac.buffer, mac.byteOffset).getUint32(offset) & 0x7fffffff;
  return String(value % 10 ** digits).padStart(digits, '0');
}

const counters = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.constantFrom(0n, 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n),
);

describe('HMAC-SHA1 on 32-bit words', () => {
  it('matches the reference for keys of every length up to three blocks and any 64-bit counter', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 192 }),
        counters,
        fc.integer({ min: 6, max: 10 }),
        (key, counter, digits) => {
          expect(hotp(key, counter, { digits })).toBe(referenceHotp(key, counter, digits));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the same code for a secret as bytes, canonical Base32 and pasted Base32', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 160 }),
        fc.bigInt({ min: 0n, max: 2n ** 40n }),
        (key, counter) => {
          const expected = referenceHotp(key, counter, 6);
          const text = encodeBase32(key);
          const pasted = text.toLowerCase().replace(/(.{4})/g, '$1 ');
          expect(hotp(text, counter)).toBe(expected);
          expect(hotp(pasted, counter)).toBe(expected);
          expect(hotp(key, counter)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('handles the block-boundary key lengths exactly', () => {
    for (const length of [1, 55, 56, 63, 64, 65, 127, 128, 129]) {
      const key = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      for (const counter of [0n, 1n, 0xffffffffn, 0x123456789abcdefn]) {
        expect(hotp(key, counter, { digits: 8 })).toBe(referenceHotp(key, counter, 8));
      }
    }
  });
});
