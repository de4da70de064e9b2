/**
 * HOTP, the HMAC-based one-time password of RFC 4226.
 *
 * @module
 */
import {
  checkInteger,
  checkOptions,
  fail,
  MAX_COUNTER,
  MAX_LOOK_AHEAD,
  type MfaErrorCode,
} from '../shared/index.js';
import { checkAlgorithm, checkDigits, type OtpAlgorithmName } from './algorithm.js';
import { codeValue, formatCode, parseCode, sameCode } from './code.js';
import { keyedHmac, type OtpSecret } from './secret.js';

const TWO_POW_32 = 2 ** 32;

/** Options shared by every code computation. */
export interface CodeOptions {
  /** The HMAC hash: 'SHA1' (default), 'SHA256' or 'SHA512', any letter case. */
  algorithm?: OtpAlgorithmName | undefined;
  /** Code length, 6 (default) to 10. */
  digits?: number | undefined;
}

/** Options of {@link hotp}. */
export type HotpOptions = CodeOptions;

/** Options of {@link verifyHotp}. */
export interface VerifyHotpOptions<C extends number | bigint = number | bigint> extends CodeOptions {
  /** The next counter the server expects (required): a safe integer or a bigint. */
  counter: C;
  /** How many counters after `counter` also to accept (RFC 4226 §7.4 resynchronisation), 0 (default) to 100. */
  lookAhead?: number | undefined;
}

/** `number` for a number counter, `bigint` for a bigint one (widening literal types). */
export type CounterType<C extends number | bigint> = C extends bigint ? bigint : number;

/** A successful HOTP verification. */
export interface HotpMatch<C extends number | bigint = number | bigint> {
  /** The counter that matched, of the same type as the `counter` option. Store `counter + 1` as the next one. */
  counter: C;
  /** How far past the expected counter the match was, 0 to `lookAhead`. */
  delta: number;
}

/**
 * Checks a counter and splits it into unsigned 32-bit halves [high, low].
 * Numbers must be safe integers; bigints may use all 64 bits.
 */
export function splitCounter(counter: unknown, name: string, code: MfaErrorCode): [number, number] {
  if (typeof counter === 'bigint') {
    if (counter < 0n || counter > MAX_COUNTER) fail(code, `${name} must be between 0 and 2^64 - 1`);
    return [Number(counter >> 32n), Number(counter & 0xffffffffn)];
  }
  const value = checkInteger(counter, name, 0, Number.MAX_SAFE_INTEGER, code);
  return [Math.floor(value / TWO_POW_32), value >>> 0];
}

/**
 * Computes the HOTP code for one counter (RFC 4226 §5.3).
 *
 * @param secret - the shared secret, Base32 text or bytes
 * @param counter - a non-negative safe integer, or a bigint up to 2^64 - 1
 * @param options - `algorithm` (default 'SHA1') and `digits` (default 6)
 * @returns the code, `digits` decimal digits with leading zeros
 * @throws {MfaError} INVALID_SECRET for a bad secret, INVALID_ARGUMENT for a bad counter,
 *   INVALID_OPTION for a bad option
 * @example
 * ```ts
 * import { hotp } from 'mfakit';
 * // RFC 4226 Appendix D, counter 0:
 * hotp(new TextEncoder().encode('12345678901234567890'), 0); // '755224'
 * ```
 */
export function hotp(secret: OtpSecret, counter: number | bigint, options?: HotpOptions): string {
  const opts = checkOptions(options);
  const algorithm = checkAlgorithm(opts.algorithm);
  const digits = checkDigits(opts.digits);
  const [high, low] = splitCounter(counter, 'counter', 'INVALID_ARGUMENT');
  const hmac = keyedHmac(secret, algorithm);
  try {
    return formatCode(codeValue(hmac.truncate(high, low), digits), digits);
  } finally {
    hmac.release();
  }
}

/**
 * Checks an HOTP code against `counter` and the `lookAhead` counters after it (RFC 4226 §7.2, §7.4).
 *
 * Every counter in the range is computed whichever one matches, and codes are compared as integers
 * without data-dependent branches, so the time taken does not reveal where (or whether) a match was.
 * The earliest matching counter wins.
 *
 * @param secret - the shared secret, Base32 text or bytes
 * @param code - the code the user typed
 * @param options - `counter` (required), `lookAhead` (default 0), `algorithm`, `digits`
 * @returns `{ counter, delta }` for a match; null for no match, and for a code of the wrong length
 *   or with anything but digits
 * @throws {MfaError} INVALID_SECRET, INVALID_OPTION (bad option, or `counter + lookAhead` beyond
 *   the counter range), INVALID_ARGUMENT when `code` is not a string
 * @example
 * ```ts
 * import { verifyHotp } from 'mfakit';
 * const match = verifyHotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '287082', { counter: 0, lookAhead: 2 });
 * // { counter: 1, delta: 1 }: store 2 as the next counter
 * ```
 */
export function verifyHotp<C extends number | bigint>(
  secret: OtpSecret,
  code: string,
  options: VerifyHotpOptions<C>,
): HotpMatch<CounterType<C>> | null {
  const opts = checkOptions(options);
  const algorithm = checkAlgorithm(opts.algorithm);
  const digits = checkDigits(opts.digits);
  const lookAhead =
    opts.lookAhead === undefined ? 0 : checkInteger(opts.lookAhead, 'lookAhead', 0, MAX_LOOK_AHEAD);
  if (opts.counter === undefined) fail('INVALID_OPTION', 'counter is required');
  const counter: number | bigint = opts.counter;
  const [high, low] = splitCounter(counter, 'counter', 'INVALID_OPTION');
  const last = typeof counter === 'bigint' ? counter + BigInt(lookAhead) : counter + lookAhead;
  if (typeof last === 'bigint' ? last > MAX_COUNTER : last > Number.MAX_SAFE_INTEGER) {
    fail('INVALID_OPTION', 'counter + lookAhead is beyond the largest counter');
  }
  const given = parseCode(code, digits);
  const hmac = keyedHmac(secret, algorithm);
  let found = -1;
  try {
    if (given < 0) return null;
    for (let delta = 0; delta <= lookAhead; delta++) {
      const sum = low + delta;
      const carry = sum >= TWO_POW_32 ? 1 : 0;
      const value = codeValue(hmac.truncate(high + carry, sum - carry * TWO_POW_32), digits);
      // Keep the first match without branching on it: take = 1 only for a match while none is kept.
      const take = sameCode(value, given) * Number(found < 0);
      found = take * delta + (1 - take) * found;
    }
  } finally {
    hmac.release();
  }
  if (found < 0) return null;
  const matched = typeof counter === 'bigint' ? counter + BigInt(found) : counter + found;
  return { counter: matched as CounterType<C>, delta: found };
}
