// One shared list of bad inputs, run through every parameter of every public OTP function: each must
// throw MfaError with the right stable code (never return a wrong code, never hang), and the message
// must not repeat the input.
import { describe, expect, it } from 'vitest';
import {
  buildUri,
  decodeBase32,
  encodeBase32,
  generateSecret,
  hotp,
  MfaError,
  type MfaErrorCode,
  normalizeAlgorithm,
  parseUri,
  totp,
  verifyHotp,
  verifyTotp,
} from '../../src/index.js';

const HUGE = 'A'.repeat(1 << 20);
const BAD_INPUTS: [label: string, value: unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-1', -1],
  ['1.5', 1.5],
  ['2^53', 2 ** 53],
  ['1e300', 1e300],
  ['-1n', -1n],
  ['2^64n', 2n ** 64n],
  ['true', true],
  ["''", ''],
  ["'6'", '6'],
  ['1 MiB string', HUGE],
  ['{}', {}],
  ['[]', []],
  ['function', () => 6],
  ['symbol', Symbol('x')],
  ['invalid Date', new Date(Number.NaN)],
  ['empty bytes', new Uint8Array(0)],
];

const SECRET = 'JBSWY3DPEHPK3PXP';
const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isUndefined = (value: unknown) => value === undefined;
const isString = (value: unknown) => typeof value === 'string';

/** A parameter of a public function: how to call with a bad value, the code expected, and which of the shared values are in fact valid there. */
interface Slot {
  name: string;
  call: (value: unknown) => unknown;
  code: MfaErrorCode;
  valid?: (value: unknown) => boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the point is to pass what the types forbid.
type Loose = any;
const t = (value: unknown): Loose => value;

const SLOTS: Slot[] = [
  { name: 'hotp secret', call: (v) => hotp(t(v), 0), code: 'INVALID_SECRET' },
  { name: 'hotp counter', call: (v) => hotp(SECRET, t(v)), code: 'INVALID_ARGUMENT' },
  {
    name: 'hotp options',
    call: (v) => hotp(SECRET, 0, t(v)),
    code: 'INVALID_OPTION',
    valid: (v) => isUndefined(v) || isObject(v),
  },
  {
    name: 'hotp algorithm',
    call: (v) => hotp(SECRET, 0, { algorithm: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  {
    name: 'hotp digits',
    call: (v) => hotp(SECRET, 0, { digits: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  { name: 'totp secret', call: (v) => totp(t(v)), code: 'INVALID_SECRET' },
  {
    name: 'totp options',
    call: (v) => totp(SECRET, t(v)),
    code: 'INVALID_OPTION',
    valid: (v) => isUndefined(v) || isObject(v),
  },
  {
    name: 'totp time',
    call: (v) => totp(SECRET, { time: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  {
    name: 'totp period',
    call: (v) => totp(SECRET, { period: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  { name: 'totp t0', call: (v) => totp(SECRET, { t0: t(v) }), code: 'INVALID_OPTION', valid: isUndefined },
  {
    name: 'totp digits',
    call: (v) => totp(SECRET, { digits: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  {
    name: 'totp algorithm',
    call: (v) => totp(SECRET, { algorithm: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  { name: 'verifyTotp secret', call: (v) => verifyTotp(t(v), '123456'), code: 'INVALID_SECRET' },
  {
    name: 'verifyTotp code',
    call: (v) => verifyTotp(SECRET, t(v)),
    code: 'INVALID_ARGUMENT',
    valid: isString,
  },
  {
    name: 'verifyTotp options',
    call: (v) => verifyTotp(SECRET, '123456', t(v)),
    code: 'INVALID_OPTION',
    valid: (v) => isUndefined(v) || isObject(v),
  },
  {
    name: 'verifyTotp time',
    call: (v) => verifyTotp(SECRET, '123456', { time: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  {
    name: 'verifyTotp window',
    call: (v) => verifyTotp(SECRET, '123456', { window: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  {
    name: 'verifyTotp window.past',
    call: (v) => verifyTotp(SECRET, '123456', { window: { past: t(v), future: 1 } }),
    code: 'INVALID_OPTION',
  },
  {
    name: 'verifyTotp afterStep',
    call: (v) => verifyTotp(SECRET, '123456', { afterStep: t(v) }),
    code: 'INVALID_OPTION',
    valid: (v) => isUndefined(v) || v === -1,
  },
  {
    name: 'verifyTotp period',
    call: (v) => verifyTotp(SECRET, '123456', { period: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  {
    name: 'verifyTotp digits',
    call: (v) => verifyTotp(SECRET, '123456', { digits: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  {
    name: 'verifyHotp secret',
    call: (v) => verifyHotp(t(v), '123456', { counter: 0 }),
    code: 'INVALID_SECRET',
  },
  {
    name: 'verifyHotp code',
    call: (v) => verifyHotp(SECRET, t(v), { counter: 0 }),
    code: 'INVALID_ARGUMENT',
    valid: isString,
  },
  { name: 'verifyHotp options', call: (v) => verifyHotp(SECRET, '123456', t(v)), code: 'INVALID_OPTION' },
  {
    name: 'verifyHotp counter',
    call: (v) => verifyHotp(SECRET, '123456', { counter: t(v) }),
    code: 'INVALID_OPTION',
  },
  {
    name: 'verifyHotp lookAhead',
    call: (v) => verifyHotp(SECRET, '123456', { counter: 0, lookAhead: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  {
    name: 'generateSecret options',
    call: (v) => generateSecret(t(v)),
    code: 'INVALID_OPTION',
    valid: (v) => isUndefined(v) || isObject(v),
  },
  {
    name: 'generateSecret bytes',
    call: (v) => generateSecret({ bytes: t(v) }),
    code: 'INVALID_OPTION',
    valid: isUndefined,
  },
  { name: 'encodeBase32 bytes', call: (v) => encodeBase32(t(v)), code: 'INVALID_SECRET' },
  { name: 'decodeBase32 text', call: (v) => decodeBase32(t(v)), code: 'INVALID_SECRET' },
  { name: 'normalizeAlgorithm name', call: (v) => normalizeAlgorithm(v), code: 'INVALID_OPTION' },
  { name: 'buildUri options', call: (v) => buildUri(t(v)), code: 'INVALID_OPTION' },
  ...(['type', 'accountName', 'issuer', 'algorithm', 'digits', 'period', 'image'] as const).map(
    (key): Slot => ({
      name: `buildUri ${key}`,
      call: (v) => buildUri({ secret: SECRET, accountName: 'alice', [key]: t(v) }),
      code: 'INVALID_OPTION',
      // Short text is a fine account name, issuer or image; the 1 MiB string is not.
      valid: (v) =>
        (key !== 'accountName' && v === undefined) ||
        (v === '6' && ['accountName', 'issuer', 'image'].includes(key)),
    }),
  ),
  {
    name: 'buildUri secret',
    call: (v) => buildUri({ secret: t(v), accountName: 'alice' }),
    code: 'INVALID_SECRET',
  },
  {
    name: 'buildUri counter',
    call: (v) => buildUri({ type: 'hotp', secret: SECRET, accountName: 'a', counter: t(v) }),
    code: 'INVALID_OPTION',
  },
  { name: 'parseUri uri', call: (v) => parseUri(t(v)), code: 'INVALID_URI' },
];

describe('one shared list of bad inputs, through every public function', () => {
  it('the valid base calls succeed (so each failure below is caused by the bad value)', () => {
    expect(() => [
      hotp(SECRET, 0, {}),
      totp(SECRET, { time: 0, period: 30, t0: 0, digits: 6, algorithm: 'SHA1' }),
      verifyTotp(SECRET, '123456', { window: { past: 1, future: 1 }, afterStep: -1 }),
      verifyHotp(SECRET, '123456', { counter: 0, lookAhead: 1 }),
      generateSecret({ bytes: 20 }),
      buildUri({ type: 'hotp', secret: SECRET, accountName: 'a', counter: 0 }),
      buildUri({
        secret: SECRET,
        accountName: 'alice',
        issuer: 'I',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        image: 'https://x',
      }),
    ]).not.toThrow();
  });

  for (const slot of SLOTS) {
    it(slot.name, () => {
      let checked = 0;
      for (const [label, value] of BAD_INPUTS) {
        if (slot.valid?.(value)) continue;
        checked++;
        let thrown: unknown;
        try {
          slot.call(value);
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `${slot.name} with ${label}`).toBeInstanceOf(MfaError);
        expect((thrown as MfaError).code, `${slot.name} with ${label}`).toBe(slot.code);
        expect((thrown as MfaError).message).not.toContain('AAAAAAAAAA');
      }
      expect(checked).toBeGreaterThan(10);
    });
  }
});
