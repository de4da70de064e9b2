// Computing codes from resolved key parameters, for `code`, `verify` and the live view.
import { hotp, normalizeAlgorithm, totp } from '../otp/index.js';
import type { KeyParams } from './key.js';

/** A TOTP code with its place in time. */
export interface TimedCode {
  readonly code: string;
  /** The code of the following time step. */
  readonly next: string;
  /** The time step number: floor(seconds since the epoch / period). */
  readonly step: number;
  /** Whole seconds until the code changes, 1 to period. */
  readonly secondsRemaining: number;
}

/** The code of a TOTP key at `timeMs`, with the next one. */
export function timedCode(key: KeyParams, timeMs: number): TimedCode {
  const options = { period: key.period, digits: key.digits, algorithm: normalizeAlgorithm(key.algorithm) };
  const seconds = Math.floor(timeMs / 1000);
  return {
    code: totp(key.secret, { ...options, time: timeMs }),
    next: totp(key.secret, { ...options, time: timeMs + key.period * 1000 }),
    step: Math.floor(seconds / key.period),
    secondsRemaining: key.period - (seconds % key.period),
  };
}

/** The code of a HOTP key at its counter. */
export function counterCode(key: KeyParams): string {
  return hotp(key.secret, key.counter ?? 0, {
    digits: key.digits,
    algorithm: normalizeAlgorithm(key.algorithm),
  });
}
