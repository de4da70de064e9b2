import { base32, base32nopad } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32, generateSecret, MAX_SECRET_BYTES, MfaError } from '../../src/index.js';

/** The specification of decodeBase32, written directly on @scure/base. */
function reference(text: string): Uint8Array | 'refused' {
  if (text.length > 2048 || !/^[A-Za-z2-7= -]*$/.test(text)) return 'refused';
  const normalised = text.replace(/[ -]/g, '').toUpperCase();
  try {
    const bytes = normalised.includes('=') ? base32.decode(normalised) : base32nopad.decode(normalised);
    return bytes.length === 0 || bytes.length > MAX_SECRET_BYTES ? 'refused' : bytes;
  } catch {
    return 'refused';
  }
}

function ours(text: string): Uint8Array | 'refused' {
  try {
    return decodeBase32(text);
  } catch (error) {
    expect(error).toBeInstanceOf(MfaError);
    expect((error as MfaError).code).toBe('INVALID_SECRET');
    return 'refused';
  }
}

const bytes = fc.uint8Array({ minLength: 1, maxLength: MAX_SECRET_BYTES });
// Mostly the alphabet, with the separators, padding and a few characters that must be refused.
const pastedChar = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcdefghijklmnopqrstuvwxyz') },
  { weight: 3, arbitrary: fc.constantFrom(' ', '-', '=') },
  { weight: 1, arbitrary: fc.constantFrom('0', '1', '8', '9', '_', '\t', '\n', 'ß', 'ſ', 'é', '+', '/') },
);

describe('Base32', () => {
  it('encodes as RFC 4648 unpadded Base32 (as @scure/base does) and round trips any bytes', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        const text = encodeBase32(input);
        expect(text).toBe(base32nopad.encode(input));
        expect(decodeBase32(text)).toEqual(input);
      }),
    );
  });

  it('round trips what people paste: lower case, groups with spaces or hyphens, padding', () => {
    fc.assert(
      fc.property(bytes, fc.constantFrom(' ', '-'), fc.boolean(), (input, separator, pad) => {
        const canonical = pad ? base32.encode(input) : encodeBase32(input);
        const pasted = (canonical.toLowerCase().match(/.{1,4}/g) ?? []).join(separator);
        expect(decodeBase32(pasted)).toEqual(input);
      }),
    );
  });

  it('accepts and refuses exactly what @scure/base does after normalising (fast path included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: pastedChar, maxLength: 80 }), (text) => {
        expect(ours(text)).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with @scure/base on every canonical-looking length, including non-zero trailing bits', () => {
    for (let length = 0; length <= 40; length++) {
      for (const last of ['A', 'B', 'Q', '7']) {
        const text = 'M'.repeat(Math.max(length - 1, 0)) + (length > 0 ? last : '');
        expect(ours(text)).toEqual(reference(text));
      }
    }
  });

  it('refuses misplaced or wrong padding', () => {
    for (const text of ['MY======', 'MZXQ====', '=MZXQ', 'MZ=XQ', 'MZXW6===', 'MZXW6YQ=', 'MZXW6YTB=']) {
      expect(ours(text)).toEqual(reference(text));
    }
    expect(decodeBase32('MZXW6===')).toEqual(new TextEncoder().encode('foo'));
    expect(decodeBase32('MZXW6')).toEqual(new TextEncoder().encode('foo'));
    expect(ours('MZXW6==')).toBe('refused');
  });

  it('refuses non-ASCII letters that upper-case into the alphabet', () => {
    expect(ours('ſſſſſſſſ')).toBe('refused');
    expect(ours('ßßßß')).toBe('refused');
  });

  it('never repeats the refused input in the error', () => {
    const secretLike = 'JBSWY3DPEHPK3PX!';
    try {
      decodeBase32(secretLike);
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('JBSWY3DP');
      expect((error as Error).cause).toBeUndefined();
    }
  });

  it('refuses empty input, and input longer than the bounds', () => {
    expect(ours('')).toBe('refused');
    expect(ours('  -- ')).toBe('refused');
    expect(ours('A'.repeat(10_000_000))).toBe('refused');
    expect(ours('A'.repeat(2048))).toBe('refused'); // 1280 bytes: over MAX_SECRET_BYTES
    expect(() => encodeBase32(new Uint8Array(0))).toThrowError(
      expect.objectContaining({ code: 'INVALID_SECRET' }),
    );
    expect(() => encodeBase32(new Uint8Array(MAX_SECRET_BYTES + 1))).toThrowError(
      expect.objectContaining({ code: 'INVALID_SECRET' }),
    );
  });
});

describe('generateSecret', () => {
  it('makes 20 bytes by default and any count from 16 to 64 on request', () => {
    expect(decodeBase32(generateSecret())).toHaveLength(20);
    for (const count of [16, 32, 64])
      expect(decodeBase32(generateSecret({ bytes: count }))).toHaveLength(count);
  });

  it('never repeats itself (1000 secrets)', () => {
    expect(new Set(Array.from({ length: 1000 }, () => generateSecret())).size).toBe(1000);
  });

  it('refuses fewer than 16 bytes (128 bits) and more than 64', () => {
    for (const count of [0, 10, 15, 65, 1024]) {
      expect(() => generateSecret({ bytes: count })).toThrowError(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
  });
});
