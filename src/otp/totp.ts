/**
 * TOTP, the time-based one-time password of RFC 6238: HOTP with the counter T = ⌊(now − T0) / X⌋.
 *
 * @module
 */
import {
  checkInteger,
  checkOptions,
  fail,
  integerOr,
  MAX_PERIOD,
  MAX_TIME_MS,
  MAX_WINDOW,
  OTP_DEFAULTS,
} from '../shared/index.js';
import { checkAlgorithm, checkDigits } from './algorithm.js';
import { codeValue, formatCode, parseCode, sameCode } from './code.js';
import type { OtpHmac } from './hmac.js';
import type { CodeOptions } from './hotp.js';
import { keyedHmac, type OtpSecret } from './secret.js';

const TWO_POW_32 = 2 ** 32;

/** Options of {@link totp}. */
export interface TotpOptions extends CodeOptions {
  /** The moment, in ms since the Unix epoch (as `Date.now()`) or as a Date. Default: now. */
  time?: number | Date | undefined;
  /** The time step X in seconds, 1 to 2^31 − 1. Default 30. */
  period?: number | undefined;
  /** The Unix time T0 in seconds from which steps are counted. Default 0. */
  t0?: number | undefined;
}

/** How many steps before and after the current one {@link verifyTotp} accepts. */
export type TotpWindow =
  | number
  | {
      /** Steps accepted before the current one. */
      past: number;
      /** Steps accepted after the current one. */
      future: number;
    };

/** Options of {@link verifyTotp}. */
export interface VerifyTotpOptions extends TotpOptions {
  /** N for ±N steps, or `{ past, future }`, each 0 to 100. Default 1 (RFC 6238 §5.2 recommends at most one step back). */
  window?: TotpWindow | undefined;
  /**
   * Accept only steps greater than this one. Pass the step of the last accepted code to make every
   * code single-use (RFC 6238 §5.2), the building block of replay protection.
   */
  afterStep?: number | undefined;
}

/** A successful TOTP verification. */
export interface TotpMatch {
  /** The time step T that matched; store it as the next `afterStep`. */
  step: number;
  /** The matched step minus the current one: negative for a code from the past. */
  delta: number;
}

/** The current time step T of RFC 6238 §4.2, after checking the time options. */
function currentStep(opts: Partial<TotpOptions>): number {
  const period = checkPeriod(opts.period);
  const t0 = integerOr(opts.t0, 't0', [0, MAX_TIME_MS / 1000], OTP_DEFAULTS.t0);
  const { time } = opts;
  let ms: number;
  if (time === undefined) ms = Date.now();
  else if (time instanceof Date) ms = checkInteger(time.getTime(), 'time', 0, MAX_TIME_MS);
  else ms = checkInteger(time, 'time', 0, MAX_TIME_MS);
  if (ms < t0 * 1000) fail('INVALID_OPTION', 'time must not be before t0');
  return Math.floor((ms - t0 * 1000) / (period * 1000));
}

/** Computes the code value of one time step. */
/** Checks a `period` option (1 to {@link MAX_PERIOD} seconds), filling in the default. */
export function checkPeriod(value: unknown): number {
  return integerOr(value, 'period', [1, MAX_PERIOD], OTP_DEFAULTS.period);
}

function stepValue(hmac: OtpHmac, step: number, digits: number): number {
  return codeValue(hmac.truncate(Math.floor(step / TWO_POW_32), step >>> 0), digits);
}

/**
 * Computes the TOTP code for a moment (RFC 6238 §4).
 *
 * @param secret - the shared secret, Base32 text or bytes
 * @param options - `time` (default now), `period` (30), `t0` (0), `algorithm` ('SHA1'), `digits` (6)
 * @returns the code, `digits` decimal digits with leading zeros
 * @throws {MfaError} INVALID_SECRET for a bad secret, INVALID_OPTION for a bad option (including a
 *   time before `t0`)
 * @example
 * ```ts
 * import { totp } from 'mfakit';
 * // RFC 6238 Appendix B, SHA1, 8 digits, T = 59 s:
 * totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { time: 59_000, digits: 8 }); // '94287082'
 * ```
 */
export function totp(secret: OtpSecret, options?: TotpOptions): string {
  const opts = checkOptions(options);
  const algorithm = checkAlgorithm(opts.algorithm);
  const digits = checkDigits(opts.digits);
  const step = currentStep(opts);
  const hmac = keyedHmac(secret, algorithm);
  try {
    return formatCode(stepValue(hmac, step, digits), digits);
  } finally {
    hmac.release();
  }
}

/** Checks the `window` option and returns [past, future]. */
function checkWindow(window: unknown): [number, number] {
  if (window === undefined) return [OTP_DEFAULTS.window, OTP_DEFAULTS.window];
  if (typeof window === 'object' && window !== null && !Array.isArray(window)) {
    const { past, future } = window as { past?: unknown; future?: unknown };
    return [
      checkInteger(past, 'window.past', 0, MAX_WINDOW),
      checkInteger(future, 'window.future', 0, MAX_WINDOW),
    ];
  }
  const steps = checkInteger(window, 'window', 0, MAX_WINDOW);
  return [steps, steps];
}

/**
 * Checks a TOTP code against the steps around a moment (RFC 6238 §5.2).
 *
 * Every step of the window is computed whichever one matches, and codes are compared as integers
 * without data-dependent branches, so the time taken does not reveal where (or whether) a match was.
 * When several steps match, the one nearest the current step wins (the past side first).
 *
 * @param secret - the shared secret, Base32 text or bytes
 * @param code - the code the user typed
 * @param options - `window` (default 1), `afterStep`, and the options of {@link totp}
 * @returns `{ step, delta }` for a match at a step after `afterStep`; null for no match, and for a
 *   code of the wrong length or with anything but digits
 * @throws {MfaError} INVALID_SECRET, INVALID_OPTION, or INVALID_ARGUMENT when `code` is not a string
 * @example
 * ```ts
 * import { totp, verifyTotp } from 'mfakit';
 * const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
 * const code = totp(secret, { time: 59_000 });
 * verifyTotp(secret, code, { time: 75_000 }); // { step: 1, delta: -1 }
 * verifyTotp(secret, code, { time: 75_000, afterStep: 1 }); // null: already used
 * ```
 */
export function verifyTotp(secret: OtpSecret, code: string, options?: VerifyTotpOptions): TotpMatch | null {
  const opts = checkOptions(options);
  const algorithm = checkAlgorithm(opts.algorithm);
  const digits = checkDigits(opts.digits);
  const step = currentStep(opts);
  const [past, future] = checkWindow(opts.window);
  const afterStep =
    opts.afterStep === undefined
      ? -1
      : checkInteger(opts.afterStep, 'afterStep', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const given = parseCode(code, digits);
  const hmac = keyedHmac(secret, algorithm);
  let found = 0;
  let foundDelta = 0;
  try {
    if (given < 0) return null;
    // Deltas in order 0, −1, +1, −2, +2 …; the order depends only on the window, never on the code.
    for (let distance = 0; distance <= Math.max(past, future); distance++) {
      for (let side = -1; side <= 1; side += 2) {
        const delta = side < 0 ? 0 - distance : distance; // 0 - 0 is +0, unlike 0 * -1
        if (distance > (side < 0 ? past : future) || (distance === 0 && side > 0)) continue;
        const candidate = step + delta;
        // Steps before 0 do not exist: compute step 0 instead (same work) but never accept it.
        const value = stepValue(hmac, Math.max(candidate, 0), digits);
        const allowed = Number(candidate >= 0) * Number(candidate > afterStep);
        const take = sameCode(value, given) * allowed * (1 - found);
        foundDelta = take * delta + (1 - take) * foundDelta;
        found += take;
      }
    }
  } finally {
    hmac.release();
  }
  return found === 1 ? { step: step + foundDelta, delta: foundDelta } : null;
}
