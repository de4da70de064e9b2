import { base32, base32nopad } from '@scure/base';
import fc from 'fast-check';
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
  decodeBase32,
  encodeBase32,
  generateSecret,
  hotp,
  MAX_SECRET_BYTES,
  MfaError,
  totp,
  verifyTotp,
} from '../../src/index.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The text people pasted, as the decoder normalises it: separators removed, upper case. */
function normalise(text: string): string {
  return text.replace(/[ -]/g, '').toUpperCase();
}

/**
 * Clears the bits of the last character before any padding that belong to no byte (the pad bits
 * of RFC 4648 §3.5): 2, 4, 1 or 3 of them after 2, 4, 5 or 7 characters past a multiple of 8.
 * Text of another length, or whose last character is not in the alphabet, is returned unchanged.
 */
function clearLeftoverBits(normalised: string): string {
  const end = normalised.includes('=') ? normalised.indexOf('=') : normalised.length;
  const leftover = (end * 5) % 8;
  const last = ALPHABET.indexOf(normalised[end - 1] ?? '=');
  if (leftover === 0 || leftover >= 5 || last < 0) return normalised;
  return normalised.slice(0, end - 1) + ALPHABET[last & ~((1 << leftover) - 1)] + normalised.slice(end);
}

/** @scure/base's strict reading of the normalised text, within mfakit's bounds. */
function scure(normalised: string): Uint8Array | 'refused' {
  try {
    const bytes = normalised.includes('=') ? base32.decode(normalised) : base32nopad.decode(normalised);
    return bytes.length === 0 || bytes.length > MAX_SECRET_BYTES ? 'refused' : bytes;
  } catch {
    return 'refused';
  }
}

/**
 * The specification of decodeBase32, written on @scure/base: the characters people paste, then
 * scure's strict RFC 4648 decoding once the leftover bits of the last character are cleared.
 */
function reference(text: string): Uint8Array | 'refused' {
  if (text.length > 2048 || !/^[A-Za-z2-7= -]*$/.test(text)) return 'refused';
  return scure(clearLeftoverBits(normalise(text)));
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

  it('agrees with @scure/base on canonical text, and on other text once its leftover bits are cleared', () => {
    fc.assert(
      fc.property(fc.string({ unit: pastedChar, maxLength: 80 }), (text) => {
        const decoded = ours(text);
        expect(decoded).toEqual(reference(text));
        // Where scure accepts the text as it is (canonical), mfakit reads exactly the same bytes.
        const strict = /^[A-Za-z2-7= -]*$/.test(text) ? scure(normalise(text)) : 'refused';
        if (strict !== 'refused') expect(decoded).toEqual(strict);
        // Encoding stays canonical: the bytes are written back with the leftover bits cleared.
        if (decoded !== 'refused') {
          expect(encodeBase32(decoded)).toBe(clearLeftoverBits(normalise(text)).replace(/=+$/, ''));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('ignores leftover bits in every last character, and refuses lengths no bytes encode to', () => {
    for (let length = 0; length <= 40; length++) {
      for (const last of ALPHABET) {
        const text = 'M'.repeat(Math.max(length - 1, 0)) + (length > 0 ? last : '');
        const decoded = ours(text);
        expect(decoded, text).toEqual(reference(text));
        if ([1, 3, 6].includes(length % 8) || length === 0) expect(decoded, text).toBe('refused');
        else expect(decoded, text).toEqual(scure(clearLeftoverBits(text)));
      }
    }
  });

  it('reads pyotp’s test secret, whose last character carries leftover bits, as its canonical form', () => {
    const canonical = 'S46SQCPPTCNPROMHWYBDCTBZXU';
    expect(scure('S46SQCPPTCNPROMHWYBDCTBZXV')).toBe('refused'); // the strict reading refuses it
    for (const text of [
      'S46SQCPPTCNPROMHWYBDCTBZXV',
      's46s-qcpp tcnp-romh wybd-ctbz-xv',
      'S46SQCPPTCNPROMHWYBDCTBZXV======',
    ]) {
      expect(decodeBase32(text)).toEqual(decodeBase32(canonical));
      expect(encodeBase32(decodeBase32(text))).toBe(canonical);
    }
    expect(decodeBase32('MZXW7')).toEqual(new TextEncoder().encode('foo'));
    expect(decodeBase32('mzxw7===')).toEqual(new TextEncoder().encode('foo'));
  });

  it('refuses misplaced or wrong padding', () => {
    for (const text of [
      'MY======',
      'MZXQ====',
      '=MZXQ',
      'MZ=XQ',
      'MZXW6===',
      'MZXW6YQ=',
      'MZXW6YTB=',
      'MZXW7==',
    ]) {
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

// pyotp's test secret (pyauth/pyotp test.py), 26 characters whose last one has leftover bits set.
// The codes below come from Python's standard library (base64.b32decode, which pyotp's byte_secret
// uses and which ignores those bits, with hmac/hashlib SHA1), not from mfakit.
const PYOTP_SECRET = 'S46SQCPPTCNPROMHWYBDCTBZXV';
const PYOTP_CODES: Array<[seconds: number, code: string]> = [
  [59, '683259'],
  [1_111_111_109, '871280'],
  [1_700_000_000, '512026'],
  [2_000_000_000, '919694'],
];

describe('a secret whose last character has leftover bits', () => {
  it('gives the codes pyotp and Python’s Base32 give, fast path and pasted path alike', () => {
    for (const secret of [PYOTP_SECRET, PYOTP_SECRET.toLowerCase(), `${PYOTP_SECRET}======`]) {
      for (const [seconds, code] of PYOTP_CODES) {
        expect(totp(secret, { time: seconds * 1000 }), `${seconds}`).toBe(code);
      }
      expect([0, 1, 2].map((counter) => hotp(secret, counter))).toEqual(['705327', '683259', '081435']);
    }
  });

  it('gives the codes otpauth (which accepts it) gives, and verifies them', () => {
    const theirs = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(PYOTP_SECRET) });
    for (const [seconds] of PYOTP_CODES) {
      const time = seconds * 1000;
      const code = theirs.generate({ timestamp: time });
      expect(totp(PYOTP_SECRET, { time })).toBe(code);
      expect(verifyTotp(PYOTP_SECRET, code, { time, window: 0 })).toMatchObject({ delta: 0 });
      expect(verifyTotp(`${PYOTP_SECRET.toLowerCase()}`, code, { time, window: 0 })).toMatchObject({
        delta: 0,
      });
    }
  });

  it('is any random 16-byte secret with its leftover bits set: same codes as its canonical form', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 1, max: 3 }),
        (key, bits) => {
          const canonical = encodeBase32(key); // 26 characters, 2 leftover bits (always clear here)
          const last = ALPHABET.indexOf(canonical.at(-1)!);
          const noisy = canonical.slice(0, -1) + ALPHABET[last | bits];
          expect(decodeBase32(noisy)).toEqual(key);
          expect(totp(noisy, { time: 1_700_000_000_000 })).toBe(totp(canonical, { time: 1_700_000_000_000 }));
        },
      ),
      { numRuns: 200 },
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
