// The clock check at its bounds: every whole or fractional millisecond from the epoch to
// MAX_TIME_MS (the largest time a Date holds) is a time; anything outside, or not a number, is refused.
import { describe, expect, it } from 'vitest';
import { readClock } from '../../src/mfa/options.js';
import { MAX_TIME_MS } from '../../src/shared/index.js';
import { expectMfaError, newUser, setup } from './helpers.js';

describe('the clock at its bounds', () => {
  it('accepts the epoch and MAX_TIME_MS, floors fractions, and refuses just outside', () => {
    expect(readClock(() => 0)).toBe(0);
    expect(readClock(() => MAX_TIME_MS)).toBe(MAX_TIME_MS);
    expect(readClock(() => 1234.999)).toBe(1234);
    for (const bad of [
      -0.001,
      -1,
      MAX_TIME_MS + 1,
      Number.NaN,
      '5' as unknown as number,
      null as unknown as number,
    ]) {
      expect(() => readClock(() => bad)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    }
  });

  it('the service reads the clock on each call and refuses a time outside the bounds', async () => {
    let now = 0;
    const f = setup({ clock: () => now });
    const userId = newUser();
    expect((await f.mfa.beginEnable(userId)).expiresAt).toBe(10 * 60_000);
    now = MAX_TIME_MS + 1;
    await expectMfaError(f.mfa.status(userId), 'INVALID_OPTION');
    now = -1;
    await expectMfaError(f.mfa.verify(userId, '123456'), 'INVALID_OPTION');
  });
});
