/**
 * Every default of mfakit, in one frozen table. Code reads it, the docs' tables are checked
 * against it (test/docs/defaults-table.test.ts), and the option types link to it.
 *
 * @module
 */

/** The OTP core: `hotp`, `totp`, `verifyTotp`, `buildUri`, `generateSecret`. */
export const OTP_DEFAULTS = /* @__PURE__ */ deepFreeze({
  /** RFC 6238 §1.2: HMAC-SHA1 unless the Key URI says otherwise. */
  algorithm: 'SHA1',
  /** RFC 4226 §5.3: six digits. */
  digits: 6,
  /** RFC 6238 §5.2: a 30-second step. */
  period: 30,
  /** RFC 6238 §4: T0 = 0 (the Unix epoch), in seconds. */
  t0: 0,
  /** Steps accepted either side of now: RFC 6238 §5.2 recommends at most one step of network delay. */
  window: 1,
  /** Bytes of a new secret: 160 bits, what RFC 4226 §4 recommends and SHA-1 outputs. */
  secretBytes: 20,
} as const);

/** The MFA service, `createMfa`. */
export const MFA_DEFAULTS = /* @__PURE__ */ deepFreeze({
  /** How long a pending enrolment can be confirmed: 10 minutes. */
  pendingTtlMs: 600_000,
  /** The bound on every store call: 5 seconds. */
  storeTimeoutMs: 5000,
  /** Throttling of failed codes, per account. */
  throttle: {
    /** Consecutive failures that start a lock. */
    maxFailures: 5,
    /** The first lock: 30 seconds, doubling with every lock after. */
    baseLockMs: 30_000,
    /** The longest back-off lock: 15 minutes. */
    maxLockMs: 900_000,
    /** Consecutive failures (no success between) after which only a recovery code or `reset` unlocks. */
    maxConsecutiveFailures: 100,
    /**
     * The failure budget: at most this many failed codes in a burst, whatever successes come between,
     * regained one per `failureBudgetRefillMs`. 20 + 8 a day bounds an attacker to at most 2,940 judged
     * guesses a year (under 1 % for a ±1 window), however often the real user signs in.
     */
    failureBudget: 20,
    /** How long the failure budget takes to regain one failure: 3 hours. */
    failureBudgetRefillMs: 10_800_000,
  },
  /** Recovery codes issued when MFA is enabled or the codes are regenerated. */
  recoveryCodes: {
    /** How many codes are issued. */
    count: 10,
  },
  /** What the service adds to the TOTP parameters of `DEFAULTS.otp`. */
  totp: {
    /**
     * Clock drift: each authenticator's window is centred on the offset (in steps) of its last
     * accepted code, an offset of at most this many steps either way (0 turns it off).
     */
    maxDriftSteps: 1,
  },
  /** Authenticators (TOTP apps) per account. */
  authenticators: {
    /** The most an account holds, pending ones included. */
    max: 10,
    /** The label of an authenticator when none is given. */
    defaultLabel: 'Authenticator app',
  },
  /** Remembered devices ("don't ask again on this computer"). */
  devices: {
    /** The most an account remembers; remembering one more forgets the oldest. */
    max: 20,
    /** How long a device is remembered: 30 days. */
    ttlMs: 2_592_000_000,
  },
} as const);

/** The QR renderers of `mfakit/qr`. */
export const QR_DEFAULTS = /* @__PURE__ */ deepFreeze({
  /** Error correction 'M': survives smudges, keeps the symbol small. */
  errorCorrection: 'M',
  /** Quiet zone in modules around an image (ISO/IEC 18004 asks for 4). */
  margin: 4,
  /** Quiet zone in a terminal, where every module is a character. */
  terminalMargin: 2,
  /** Pixels per module of an image. */
  scale: 4,
  /** Colour of the dark modules. */
  dark: '#000000',
  /** Colour of the light modules and the quiet zone. */
  light: '#ffffff',
} as const);

/**
 * The default of every option mfakit has: the OTP core's parameters, the MFA policy of `createMfa`
 * (TOTP, throttle and failure budget, enrolment expiry, recovery codes, store timeout) and the QR
 * renderers'. Deeply frozen. Each layer reads its own part (`OTP_DEFAULTS`, …), so a bundle of
 * the OTP core carries only the OTP core's.
 *
 * Why these values: docs/security.md explains each one (RFC 4226 §4 and RFC 6238 §5.2 for the TOTP
 * parameters, NIST SP 800-63B §5.2.2 for throttling).
 *
 * @example
 * ```ts
 * import { DEFAULTS } from 'mfakit';
 * DEFAULTS.mfa.throttle.maxFailures; // 5
 * DEFAULTS.otp.period; // 30
 * ```
 */
export const DEFAULTS = /* @__PURE__ */ Object.freeze({
  /** The OTP core: `hotp`, `totp`, `verifyTotp`, `buildUri`, `generateSecret`. */
  otp: OTP_DEFAULTS,
  /** The MFA service, `createMfa`. */
  mfa: MFA_DEFAULTS,
  /** The QR renderers of `mfakit/qr` (a margin of 2 in a terminal). */
  qr: QR_DEFAULTS,
});

/** Freezes an object and every object in it; `as const` at the call site makes the type read-only too. */
function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}
