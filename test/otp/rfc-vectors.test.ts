import { describe, expect, it } from 'vitest';
import { hotp, totp, verifyHotp, verifyTotp } from '../../src/index.js';
import { RFC4226_VECTORS, RFC6238_VECTORS } from '../../src/testing/index.js';

// The tables restated here as literals, so that a wrong entry in src/testing/vectors.ts cannot
// make the implementation look right (and the exported data is checked too).
const RFC4226_CODES = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
];
const RFC6238_TABLE: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];
const SEED_HEX = {
  SHA1: '3132333435363738393031323334353637383930',
  SHA256: '3132333435363738393031323334353637383930313233343536373839303132',
  SHA512:
    '31323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334',
};

describe('RFC 4226 Appendix D (HOTP)', () => {
  it('exports exactly the ten published vectors', () => {
    expect(RFC4226_VECTORS.map((v) => [v.counter, v.code])).toEqual(
      RFC4226_CODES.map((code, i) => [i, code]),
    );
    for (const v of RFC4226_VECTORS) expect(v.secretHex).toBe(SEED_HEX.SHA1);
  });

  it.each(RFC4226_VECTORS.map((v) => [v.counter, v] as const))('counter %i', (_, v) => {
    expect(hotp(v.secret, v.counter, v)).toBe(v.code);
    expect(hotp(v.secretBase32, v.counter)).toBe(v.code);
    expect(hotp(v.secretBase32.toLowerCase(), BigInt(v.counter), { algorithm: 'sha1' })).toBe(v.code);
    expect(verifyHotp(v.secret, v.code, { counter: v.counter })).toEqual({ counter: v.counter, delta: 0 });
  });

  it('finds a later counter with lookAhead and reports its delta', () => {
    const secret = RFC4226_VECTORS[0]!.secretBase32;
    expect(verifyHotp(secret, '969429', { counter: 1, lookAhead: 5 })).toEqual({ counter: 3, delta: 2 });
    expect(verifyHotp(secret, '969429', { counter: 1, lookAhead: 1 })).toBeNull();
    expect(verifyHotp(secret, '969429', { counter: 4, lookAhead: 5 })).toBeNull();
    expect(verifyHotp(secret, '969429', { counter: 1n, lookAhead: 5 })).toEqual({ counter: 3n, delta: 2 });
  });
});

describe('RFC 6238 Appendix B (TOTP)', () => {
  it('exports exactly the eighteen published vectors', () => {
    const expected = RFC6238_TABLE.flatMap(([seconds, ...codes]) =>
      (['SHA1', 'SHA256', 'SHA512'] as const).map((algorithm, i) => [seconds * 1000, algorithm, codes[i]]),
    );
    expect(RFC6238_VECTORS.map((v) => [v.time, v.algorithm, v.code])).toEqual(expected);
    for (const v of RFC6238_VECTORS) {
      expect(v.secretHex).toBe(SEED_HEX[v.algorithm]);
      expect(v.digits).toBe(8);
      expect(v.step).toBe(Math.floor(v.time / 30_000));
    }
  });

  it.each(RFC6238_VECTORS.map((v) => [v.algorithm, v.time / 1000, v] as const))('%s at %i s', (_, __, v) => {
    const options = { algorithm: v.algorithm, digits: 8 };
    expect(totp(v.secret, { ...options, time: v.time })).toBe(v.code);
    expect(totp(v.secretBase32, { ...options, time: new Date(v.time) })).toBe(v.code);
    expect(totp(v.secret, { ...options, time: v.time, algorithm: v.algorithm.toLowerCase() as 'sha1' })).toBe(
      v.code,
    );
    expect(verifyTotp(v.secret, v.code, { ...options, time: v.time })).toEqual({ step: v.step, delta: 0 });
    // The same code a step later is accepted as delta −1, and refused once that step is used.
    const later = v.time + 30_000;
    expect(verifyTotp(v.secret, v.code, { ...options, time: later })).toEqual({ step: v.step, delta: -1 });
    expect(verifyTotp(v.secret, v.code, { ...options, time: later, afterStep: v.step })).toBeNull();
  });

  it('honours period and t0 exactly as T = floor((time - T0) / X)', () => {
    const v = RFC6238_VECTORS[0]!; // 59 s, step 1
    // With T0 = 29 s and a 60 s period, the step at 89 s is again 1: same code.
    expect(totp(v.secret, { time: 89_000, t0: 29, period: 60, digits: 8 })).toBe(v.code);
    expect(totp(v.secret, { time: 88_999, t0: 29, period: 60, digits: 8 })).toBe(hotpAt(v.secret, 0));
  });

  it('the vectors are frozen and hand out fresh secret bytes', () => {
    const v = RFC6238_VECTORS[0]!;
    expect(Object.isFrozen(RFC6238_VECTORS) && Object.isFrozen(v) && Object.isFrozen(RFC4226_VECTORS)).toBe(
      true,
    );
    v.secret.fill(0);
    expect(totp(v.secret, { time: v.time, digits: 8 })).toBe(v.code);
  });
});

function hotpAt(secret: Uint8Array, counter: number): string {
  return hotp(secret, counter, { digits: 8 });
}
