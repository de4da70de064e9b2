/**
 * Every bound mfakit enforces on its input, in one place. Checks read these; error messages and
 * docs quote them; nothing restates a number.
 *
 * The public ones are exported from `mfakit` so that an application can size its own inputs
 * (a form's `maxlength`, a CLI's range) from the same values.
 *
 * @module
 */

/**
 * The shortest code: RFC 4226 §5.3 requires at least 6 digits.
 * @example
 * ```ts
 * import { MIN_DIGITS, totp } from 'mfakit';
 * totp('JBSWY3DPEHPK3PXP', { digits: MIN_DIGITS }).length; // 6
 * ```
 */
export const MIN_DIGITS = 6;
/**
 * The longest code: a dynamic truncation yields 31 bits, i.e. at most 10 decimal digits.
 * @example
 * ```ts
 * import { MAX_DIGITS, totp } from 'mfakit';
 * totp('JBSWY3DPEHPK3PXP', { digits: MAX_DIGITS }).length; // 10
 * ```
 */
export const MAX_DIGITS = 10;

/**
 * The longest secret accepted anywhere, in bytes (4096 bits: far beyond any HMAC block).
 * @example
 * ```ts
 * import { MAX_SECRET_BYTES } from 'mfakit';
 * const imported = new Uint8Array(20);
 * if (imported.length > MAX_SECRET_BYTES) console.log('secret too long');
 * ```
 */
export const MAX_SECRET_BYTES = 512;
/**
 * The longest Base32 text accepted, in characters, separators and padding included.
 * @example
 * ```ts
 * import { MAX_SECRET_TEXT } from 'mfakit';
 * const input = { maxLength: MAX_SECRET_TEXT };
 * ```
 */
export const MAX_SECRET_TEXT = 2048;

/**
 * The fewest random bytes a new secret has: RFC 4226 §4 requires at least 128 bits (and NIST SP
 * 800-63B §5.1.4.1 at least 112).
 * @example
 * ```ts
 * import { generateSecret, MIN_GENERATED_BYTES } from 'mfakit';
 * generateSecret({ bytes: MIN_GENERATED_BYTES }); // 26 Base32 characters, 128 bits
 * ```
 */
export const MIN_GENERATED_BYTES = 16;
/**
 * The most random bytes a new secret has: a SHA-512 block; more adds nothing to HMAC.
 * @example
 * ```ts
 * import { generateSecret, MAX_GENERATED_BYTES } from 'mfakit';
 * generateSecret({ bytes: MAX_GENERATED_BYTES }); // 103 Base32 characters, 512 bits
 * ```
 */
export const MAX_GENERATED_BYTES = 64;
/** The fewest bytes an imported secret may have: 80 bits, the shortest secrets apps met in practice. */
export const MIN_IMPORTED_SECRET_BYTES = 10;

/**
 * The largest HOTP counter: RFC 4226 §5.1 makes the counter 8 bytes.
 * @example
 * ```ts
 * import { hotp, MAX_COUNTER } from 'mfakit';
 * hotp('JBSWY3DPEHPK3PXP', MAX_COUNTER); // the last counter a HOTP secret can reach
 * ```
 */
export const MAX_COUNTER: bigint = 2n ** 64n - 1n;
/**
 * The most counters `verifyHotp` looks ahead (RFC 4226 §7.4's resynchronisation window).
 * @example
 * ```ts
 * import { MAX_LOOK_AHEAD, verifyHotp } from 'mfakit';
 * verifyHotp('JBSWY3DPEHPK3PXP', '123456', { counter: 7, lookAhead: MAX_LOOK_AHEAD });
 * ```
 */
export const MAX_LOOK_AHEAD = 100;

/**
 * The latest moment a JavaScript `Date` can hold (year 275760), in ms since the epoch.
 * @example
 * ```ts
 * import { MAX_TIME_MS, totp } from 'mfakit';
 * totp('JBSWY3DPEHPK3PXP', { time: MAX_TIME_MS }); // the code of the last representable moment
 * ```
 */
export const MAX_TIME_MS = 8.64e15;
/**
 * The widest verify window of the OTP core, in steps either side of now.
 * @example
 * ```ts
 * import { MAX_WINDOW, verifyTotp } from 'mfakit';
 * verifyTotp('JBSWY3DPEHPK3PXP', '123456', { window: { past: MAX_WINDOW, future: 0 } });
 * ```
 */
export const MAX_WINDOW = 100;
/**
 * The longest TOTP step of the OTP core, in seconds.
 * @example
 * ```ts
 * import { MAX_PERIOD, totp } from 'mfakit';
 * totp('JBSWY3DPEHPK3PXP', { period: MAX_PERIOD });
 * ```
 */
export const MAX_PERIOD = 2 ** 31 - 1;

/**
 * The longest Key URI built or parsed, in characters: ample for a QR code, small enough to fail fast.
 * @example
 * ```ts
 * import { MAX_URI_LENGTH } from 'mfakit';
 * const scanned = 'otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP';
 * if (scanned.length > MAX_URI_LENGTH) console.log('not a Key URI');
 * ```
 */
export const MAX_URI_LENGTH = 4096;
/**
 * The longest issuer or account name, in UTF-16 code units: in a Key URI, in `createMfa`'s
 * `issuer` and in `beginEnable`'s `accountName` alike.
 * @example
 * ```ts
 * import { MAX_LABEL_PART } from 'mfakit';
 * const accountName = 'ada@example.com'.slice(0, MAX_LABEL_PART);
 * ```
 */
export const MAX_LABEL_PART = 256;
/**
 * The longest user id, in UTF-16 code units (it becomes a database key).
 * @example
 * ```ts
 * import { MAX_USER_ID_LENGTH } from 'mfakit';
 * const fits = 'user-42'.length <= MAX_USER_ID_LENGTH; // true
 * ```
 */
export const MAX_USER_ID_LENGTH = 255;
/** The longest text judged as a code or recovery code; longer input is a wrong code without further work. */
export const MAX_CODE_INPUT = 64;

/** The longest timer every runtime accepts (2^31 - 1 ms); a longer one would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** One day in milliseconds: the longest lock step and pending enrolment. */
const DAY_MS = 86_400_000;

/**
 * The longest label of an authenticator or a remembered device, in UTF-16 code units: enough for
 * "Pixel 8 (work profile)" or a browser's name, short enough for a list on a phone.
 * @example
 * ```ts
 * import { MAX_DISPLAY_LABEL } from 'mfakit';
 * const label = 'Firefox on a very long computer name'.slice(0, MAX_DISPLAY_LABEL);
 * ```
 */
export const MAX_DISPLAY_LABEL = 64;

/**
 * The longest remembered-device token accepted as input; longer input is refused unread (a token
 * mfakit issues is 43 characters).
 * @example
 * ```ts
 * import { MAX_DEVICE_TOKEN } from 'mfakit';
 * declare const cookie: string | undefined; // the device cookie, if the browser sent one
 * const token = cookie !== undefined && cookie.length <= MAX_DEVICE_TOKEN ? cookie : undefined;
 * ```
 */
export const MAX_DEVICE_TOKEN = 128;

/** The longest a device can be remembered: 400 days, the longest cookie lifetime browsers keep. */
const MAX_DEVICE_TTL_MS = 400 * DAY_MS;

/** The widest QR image any renderer produces, in pixels, so a careless option cannot allocate gigabytes. */
export const MAX_IMAGE_PIXELS = 4096;

/** The accepted range `[min, max]` of every numeric option of `createMfa`, by its dotted name. */
export const POLICY_LIMITS = /* @__PURE__ */ Object.freeze({
  'totp.period': [1, 3600],
  'totp.digits': [MIN_DIGITS, MAX_DIGITS],
  'totp.window': [0, 10],
  'totp.secretBytes': [MIN_GENERATED_BYTES, MAX_GENERATED_BYTES],
  'throttle.maxFailures': [1, 100],
  'throttle.baseLockMs': [0, DAY_MS],
  'throttle.maxLockMs': [0, DAY_MS],
  'throttle.maxConsecutiveFailures': [1, 1_000_000],
  'throttle.failureBudget': [1, 1_000_000],
  'throttle.failureBudgetRefillMs': [0, DAY_MS],
  pendingTtlMs: [1000, DAY_MS],
  'recoveryCodes.count': [0, 100],
  storeTimeoutMs: [1, MAX_TIMER_MS],
  'totp.maxDriftSteps': [0, 10],
  'authenticators.max': [1, 100],
  'devices.max': [1, 100],
  'devices.ttlMs': [60_000, MAX_DEVICE_TTL_MS],
} satisfies Record<string, readonly [number, number]>);
