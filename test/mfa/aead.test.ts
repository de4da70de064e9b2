// mfakit's AES-256-GCM (src/mfa/aead.ts) against two independent implementations: @noble/ciphers'
// gcm and Node's OpenSSL. Same ciphertext and tag byte for byte, each opens the other's output, and
// any change to the key, nonce, associated data, ciphertext or tag is refused.
import { createCipheriv } from 'node:crypto';
import { gcm } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gcmKey, gcmOpen, gcmSeal } from '../../src/mfa/aead.js';

function openssl(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([body, cipher.getAuthTag()]));
}

const inputs = fc.record({
  key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
  aad: fc.uint8Array({ maxLength: 80 }),
  plaintext: fc.uint8Array({ maxLength: 100 }),
});

describe('AES-256-GCM', () => {
  it('seals exactly as @noble/ciphers and OpenSSL do, and opens what they seal', () => {
    fc.assert(
      fc.property(inputs, ({ key, nonce, aad, plaintext }) => {
        const sealed = gcmSeal(gcmKey(key), nonce, aad, plaintext);
        expect(sealed).toEqual(gcm(key, nonce, aad).encrypt(plaintext));
        expect(sealed).toEqual(openssl(key, nonce, aad, plaintext));
        expect(gcmOpen(gcmKey(key), nonce, aad, openssl(key, nonce, aad, plaintext))).toEqual(plaintext);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any single flipped bit of the ciphertext or tag, and a different nonce, key or associated data', () => {
    fc.assert(
      fc.property(inputs, fc.nat(), ({ key, nonce, aad, plaintext }, position) => {
        const state = gcmKey(key);
        const sealed = gcmSeal(state, nonce, aad, plaintext);
        const flipped = sealed.slice();
        const bit = position % (flipped.length * 8);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        expect(() => gcmOpen(state, nonce, aad, flipped)).toThrow(/authentication failed/);
        const otherNonce = nonce.slice();
        otherNonce[position % 12]! ^= 0x80;
        expect(() => gcmOpen(state, otherNonce, aad, sealed)).toThrow(/authentication failed/);
        const otherAad = Uint8Array.from([...aad, 0]);
        expect(() => gcmOpen(state, nonce, otherAad, sealed)).toThrow(/authentication failed/);
        const otherKey = key.slice();
        otherKey[position % 32]! ^= 1;
        expect(() => gcmOpen(gcmKey(otherKey), nonce, aad, sealed)).toThrow(/authentication failed/);
      }),
      { numRuns: 200 },
    );
  });

  it('works on inputs that do not start on a word boundary', () => {
    const key = gcmKey(new Uint8Array(32).fill(9));
    const nonce = new Uint8Array(12).fill(1);
    const buffer = new Uint8Array(64);
    const plaintext = buffer.subarray(1, 22).fill(0x41);
    const sealed = gcmSeal(key, nonce, new Uint8Array(0), plaintext);
    const offset = new Uint8Array(sealed.length + 3);
    offset.set(sealed, 3);
    expect(gcmOpen(key, nonce, new Uint8Array(0), offset.subarray(3))).toEqual(plaintext);
  });

  it('refuses keys, nonces and data of the wrong size', () => {
    expect(() => gcmKey(new Uint8Array(16))).toThrow(/32-byte key/);
    const key = gcmKey(new Uint8Array(32));
    expect(() => gcmSeal(key, new Uint8Array(16), new Uint8Array(0), new Uint8Array(4))).toThrow(/12 bytes/);
    expect(() => gcmOpen(key, new Uint8Array(12), new Uint8Array(0), new Uint8Array(15))).toThrow(/shorter/);
  });
});
