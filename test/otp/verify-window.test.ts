import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { totp, verifyHotp, verifyTotp } from '../../src/index.js';
import { Sha1Hmac } from '../../src/otp/hmac.js';

// 10 digits make an accidental match between two steps (about 1 in 2^31) negligible, so the
// properties can demand the exact delta.
const DIGITS = 10;
const PERIOD_MS = 30_000;
const secrets = fc.uint8Array({ minLength: 16, maxLength: 64 });
// Far enough from the epoch that every step of the widest window exists.
const times = fc.integer({ min: 10 ** 12, max: 4 * 10 ** 12 });
const sides = fc.integer({ min: 0, max: 6 });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('verifyTotp window', () => {
  it('a code from every delta inside the window verifies with that delta, and none outside it', () => {
    fc.assert(
      fc.property(secrets, times, sides, sides, (secret, time, past, future) => {
        for (let delta = -past - 2; delta <= future + 2; delta++) {
          const code = totp(secret, { time: time + delta * PERIOD_MS, digits: DIGITS });
          const result = verifyTotp(secret, code, { time, window: { past, future }, digits: DIGITS });
          const step = Math.floor(time / PERIOD_MS) + delta;
          if (delta >= -past && delta <= future) expect(result).toEqual({ step, delta });
          else expect(result).toBeNull();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a number window N means ±N', () => {
    fc.assert(
      fc.property(secrets, times, fc.integer({ min: 0, max: 5 }), (secret, time, n) => {
        const at = (delta: number) => totp(secret, { time: time + delta * PERIOD_MS, digits: DIGITS });
        const verify = (code: string) => verifyTotp(secret, code, { time, window: n, digits: DIGITS });
        expect(verify(at(-n))?.delta).toBe(0 - n); // 0 - 0 is +0, as the result's delta
        expect(verify(at(n))?.delta).toBe(n);
        expect(verify(at(-n - 1))).toBeNull();
        expect(verify(at(n + 1))).toBeNull();
      }),
      { numRuns: 50 },
    );
  });

  it('the default window is ±1', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const time = 1_700_000_000_000;
    for (const [delta, ok] of [
      [-2, false],
      [-1, true],
      [0, true],
      [1, true],
      [2, false],
    ] as const) {
      const code = totp(secret, { time: time + delta * PERIOD_MS });
      expect(verifyTotp(secret, code, { time }) !== null).toBe(ok);
    }
  });

  it('afterStep: a step at or before afterStep is never accepted, a later one always is', () => {
    fc.assert(
      fc.property(
        secrets,
        times,
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: -4, max: 4 }),
        (secret, time, delta, offset) => {
          const current = Math.floor(time / PERIOD_MS);
          const code = totp(secret, { time: time + delta * PERIOD_MS, digits: DIGITS });
          const afterStep = current + delta + offset;
          const result = verifyTotp(secret, code, { time, window: 3, afterStep, digits: DIGITS });
          if (current + delta > afterStep) expect(result).toEqual({ step: current + delta, delta });
          else expect(result).toBeNull();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('steps before the epoch do not exist: near time 0 the past side finds nothing', () => {
    const secret = new Uint8Array(20).fill(7);
    const code = totp(secret, { time: 0 });
    expect(verifyTotp(secret, code, { time: 0, window: 3 })).toEqual({ step: 0, delta: 0 });
    expect(verifyTotp(secret, code, { time: 0, window: 3, afterStep: 0 })).toBeNull();
  });

  it('returns null, never throws, for a code of the wrong length or with non-digits', () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const time = 1_700_000_000_000;
    const good = totp(secret, { time });
    for (const code of [
      '',
      good.slice(1),
      `${good}0`,
      ` ${good.slice(1)}`,
      `${good.slice(0, 5)}a`,
      '１２３４５６',
      '12 456',
      '-12345',
      '1e5000',
      '0x1234',
      'x'.repeat(1 << 20),
    ]) {
      expect(verifyTotp(secret, code, { time })).toBeNull();
      expect(verifyHotp(secret, code, { counter: 0 })).toBeNull();
    }
    expect(verifyTotp(secret, good, { time })).not.toBeNull();
  });
});

describe('verify does the same work whichever step matches', () => {
  it('computes every step of the window for a match at any delta and for no match', () => {
    const truncate = vi.spyOn(Sha1Hmac.prototype, 'truncate');
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const time = 1_700_000_000_000;
    const calls: number[] = [];
    for (const delta of [-2, -1, 0, 1, 2]) {
      truncate.mockClear();
      verifyTotp(secret, totp(secret, { time: time + delta * PERIOD_MS }), { time, window: 2 });
      calls.push(truncate.mock.calls.length - 1); // minus the totp() that made the code
    }
    truncate.mockClear();
    verifyTotp(secret, '000000', { time, window: 2 });
    calls.push(truncate.mock.calls.length);
    expect(calls).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('verifyHotp computes every counter of the look-ahead whichever one matches', () => {
    const truncate = vi.spyOn(Sha1Hmac.prototype, 'truncate');
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const codes = [0, 1, 2, 3].map((counter) => totp(secret, { time: counter * PERIOD_MS }));
    for (const code of [...codes, '000000']) {
      truncate.mockClear();
      verifyHotp(secret, code, { counter: 0, lookAhead: 3 });
      expect(truncate).toHaveBeenCalledTimes(4);
    }
  });
});
