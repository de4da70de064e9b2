// The two AES-256-GCM paths of src/mfa/crypto.ts, the runtime's node:crypto and @noble/ciphers' public
// gcm: each against the Wycheproof vectors, both against each other on random inputs, and the choice
// between them (node:crypto where the runtime has it and it gets a known answer right).
import * as nodeCrypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseGcm,
  type GcmBackend,
  type NodeCryptoSlice,
  nobleGcm,
  nodeGcm,
  platformGcm,
} from '../../src/mfa/gcm.js';
import { MfaError } from '../../src/shared/index.js';
import { wycheproofAes256Gcm } from './vectors/aes-gcm-wycheproof.js';

const node = nodeCrypto as unknown as NodeCryptoSlice;
const backends: GcmBackend[] = [nodeGcm(node), nobleGcm];
const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Runs `open` and returns the MfaError it throws (failing the test if it returns instead). */
function openError(open: () => Uint8Array): MfaError {
  let caught: unknown;
  try {
    open();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(MfaError);
  return caught as MfaError;
}

const valid = wycheproofAes256Gcm.filter((c) => c.result === 'valid');
const invalid = wycheproofAes256Gcm.filter((c) => c.result === 'invalid');

describe.each(backends.map((backend) => [backend.name, backend] as const))(
  'AES-256-GCM over %s',
  (_, backend) => {
    it('has both valid and invalid Wycheproof cases to check', () => {
      expect(valid.length).toBeGreaterThanOrEqual(20);
      expect(invalid.length).toBeGreaterThanOrEqual(20);
    });

    it.each(valid.map((c) => [c.tcId, c] as const))(
      'Wycheproof tcId %i: seals to ct ‖ tag and opens it',
      (_, c) => {
        const key = backend.importKey(hex(c.key));
        const sealed = key.seal(hex(c.iv), hex(c.aad), hex(c.msg));
        expect(toHex(sealed)).toBe(c.ct + c.tag);
        expect(toHex(key.open(hex(c.iv), hex(c.aad), hex(c.ct + c.tag)))).toBe(c.msg);
      },
    );

    it.each(invalid.map((c) => [c.tcId, c.comment, c] as const))(
      'Wycheproof tcId %i (%s): refused with DECRYPT_FAILED, nothing secret in the message',
      (_, _comment, c) => {
        const key = backend.importKey(hex(c.key));
        const error = openError(() => key.open(hex(c.iv), hex(c.aad), hex(c.ct + c.tag)));
        expect(error.code).toBe('DECRYPT_FAILED');
        for (const secret of [c.key, c.msg, c.ct, c.tag]) expect(error.message).not.toContain(secret);
        expect(error.cause).toBeUndefined();
      },
    );

    it('refuses a stored nonce that is not 12 bytes and data shorter than a tag, with DECRYPT_FAILED', () => {
      const key = backend.importKey(new Uint8Array(32).fill(3));
      const sealed = key.seal(new Uint8Array(12), new Uint8Array(0), new Uint8Array(20));
      expect(openError(() => key.open(new Uint8Array(11), new Uint8Array(0), sealed)).code).toBe(
        'DECRYPT_FAILED',
      );
      expect(openError(() => key.open(new Uint8Array(16), new Uint8Array(0), sealed)).code).toBe(
        'DECRYPT_FAILED',
      );
      expect(
        openError(() => key.open(new Uint8Array(12), new Uint8Array(0), sealed.subarray(0, 15))).code,
      ).toBe('DECRYPT_FAILED');
    });

    it('refuses keys and nonces of the wrong size when sealing, with INVALID_ARGUMENT', () => {
      expect(() => backend.importKey(new Uint8Array(16))).toThrowError(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
      const key = backend.importKey(new Uint8Array(32));
      expect(() => key.seal(new Uint8Array(16), new Uint8Array(0), new Uint8Array(4))).toThrowError(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    });

    it('keeps its own copy of the key: wiping the caller array changes nothing', () => {
      const raw = new Uint8Array(32).fill(7);
      const key = backend.importKey(raw);
      const nonce = new Uint8Array(12).fill(1);
      const sealed = key.seal(nonce, new Uint8Array(0), new Uint8Array([1, 2, 3]));
      raw.fill(0);
      expect(key.open(nonce, new Uint8Array(0), sealed)).toEqual(new Uint8Array([1, 2, 3]));
    });

    it('returns a plain Uint8Array and works on views that do not start on a word boundary', () => {
      const key = backend.importKey(new Uint8Array(32).fill(9));
      const nonce = new Uint8Array(13).fill(1).subarray(1);
      const plaintext = new Uint8Array(64).subarray(1, 22).fill(0x41);
      const sealed = key.seal(nonce, new Uint8Array(5).subarray(1), plaintext);
      const shifted = new Uint8Array(sealed.length + 3);
      shifted.set(sealed, 3);
      const opened = key.open(nonce, new Uint8Array(4), shifted.subarray(3));
      expect(Object.getPrototypeOf(opened)).toBe(Uint8Array.prototype);
      expect(opened).toEqual(plaintext.slice());
    });
  },
);

const inputs = fc.record({
  key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
  aad: fc.uint8Array({ maxLength: 80 }),
  plaintext: fc.uint8Array({ maxLength: 100 }),
});

describe('node:crypto and @noble/ciphers agree', () => {
  const [platform, noble] = [nodeGcm(node), nobleGcm];

  it('seal the same bytes, and each opens what the other sealed', () => {
    fc.assert(
      fc.property(inputs, ({ key, nonce, aad, plaintext }) => {
        const a = platform.importKey(key);
        const b = noble.importKey(key);
        const sealedA = a.seal(nonce, aad, plaintext);
        expect(sealedA).toEqual(b.seal(nonce, aad, plaintext));
        expect(b.open(nonce, aad, sealedA)).toEqual(plaintext);
        expect(a.open(nonce, aad, b.seal(nonce, aad, plaintext))).toEqual(plaintext);
      }),
      { numRuns: 300 },
    );
  });

  it('both refuse any flipped bit, another nonce, key or associated data', () => {
    fc.assert(
      fc.property(inputs, fc.nat(), ({ key, nonce, aad, plaintext }, position) => {
        const sealed = nobleGcm.importKey(key).seal(nonce, aad, plaintext);
        const flipped = sealed.slice();
        const bit = position % (flipped.length * 8);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const otherNonce = nonce.slice();
        otherNonce[position % 12]! ^= 0x80;
        const otherKey = key.slice();
        otherKey[position % 32]! ^= 1;
        for (const backend of [platform, noble]) {
          const state = backend.importKey(key);
          expect(() => state.open(nonce, aad, flipped)).toThrowError(
            expect.objectContaining({ code: 'DECRYPT_FAILED' }),
          );
          expect(() => state.open(otherNonce, aad, sealed)).toThrowError(
            expect.objectContaining({ code: 'DECRYPT_FAILED' }),
          );
          expect(() => state.open(nonce, concat(aad, new Uint8Array(1)), sealed)).toThrowError(
            expect.objectContaining({ code: 'DECRYPT_FAILED' }),
          );
          expect(() => backend.importKey(otherKey).open(nonce, aad, sealed)).toThrowError(
            expect.objectContaining({ code: 'DECRYPT_FAILED' }),
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('choosing the AES-GCM', () => {
  const withCrypto = (module: unknown) => ({ process: { getBuiltinModule: (id: string) => module ?? id } });

  it('uses node:crypto in Node', () => {
    expect(platformGcm().name).toBe('node:crypto');
    expect(chooseGcm(withCrypto(nodeCrypto)).name).toBe('node:crypto');
  });

  it('uses @noble/ciphers without process.getBuiltinModule, or when it throws or lacks the cipher functions', () => {
    expect(chooseGcm({}).name).toBe('@noble/ciphers');
    expect(chooseGcm({ process: {} }).name).toBe('@noble/ciphers');
    const throwing = {
      process: {
        getBuiltinModule: () => {
          throw new Error('no such module');
        },
      },
    };
    expect(chooseGcm(throwing).name).toBe('@noble/ciphers');
    expect(chooseGcm(withCrypto({ createSecretKey: nodeCrypto.createSecretKey })).name).toBe(
      '@noble/ciphers',
    );
  });

  it('uses @noble/ciphers when the runtime node:crypto gets the known answer wrong or throws', () => {
    const notImplemented = {
      ...nodeCrypto,
      createCipheriv: () => {
        throw new Error('not implemented');
      },
    };
    expect(chooseGcm(withCrypto(notImplemented)).name).toBe('@noble/ciphers');
    const wrongCipher = {
      ...nodeCrypto,
      createCipheriv: (_: string, key: nodeCrypto.KeyObject, iv: Uint8Array) =>
        nodeCrypto.createCipheriv(
          'aes-256-gcm',
          key,
          iv.map((byte) => byte ^ 1),
        ),
    };
    expect(chooseGcm(withCrypto(wrongCipher)).name).toBe('@noble/ciphers');
  });
});

describe('a failed open over node:crypto', () => {
  it('wipes the plaintext OpenSSL produced before it checked the tag', () => {
    const produced: Uint8Array[] = [];
    const spying: NodeCryptoSlice = {
      ...node,
      createDecipheriv(...args) {
        const decipher = node.createDecipheriv(...args);
        return {
          setAAD: (aad) => decipher.setAAD(aad),
          setAuthTag: (tag) => decipher.setAuthTag(tag),
          update(data) {
            const out = decipher.update(data);
            produced.push(out);
            return out;
          },
          final: () => decipher.final(),
        };
      },
    };
    const key = nodeGcm(spying).importKey(new Uint8Array(32).fill(5));
    const nonce = new Uint8Array(12);
    const sealed = key.seal(nonce, new Uint8Array(0), new Uint8Array(20).fill(0xaa));
    sealed[sealed.length - 1]! ^= 1;
    expect(() => key.open(nonce, new Uint8Array(0), sealed)).toThrowError(
      expect.objectContaining({ code: 'DECRYPT_FAILED' }),
    );
    expect(produced).toHaveLength(1);
    expect(produced[0]).toHaveLength(20);
    expect(produced[0]!.every((byte) => byte === 0)).toBe(true);
  });
});
