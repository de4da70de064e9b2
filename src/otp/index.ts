/**
 * The OTP core: RFC 4226 HOTP, RFC 6238 TOTP, otpauth:// Key URIs and Base32 secrets.
 *
 * Pure and synchronous, with no `node:` imports: it runs unchanged in Node, browsers, Deno, Bun and
 * edge runtimes. Misuse throws {@link MfaError}; a wrong code is a `null` result, never an error.
 *
 * @module
 */
export type { OtpAlgorithm, OtpAlgorithmName } from './algorithm.js';
export { MAX_DIGITS, MIN_DIGITS, normalizeAlgorithm } from './algorithm.js';
export { decodeBase32, encodeBase32, MAX_SECRET_BYTES, MAX_SECRET_TEXT } from './base32.js';
export type { MfaErrorCode } from './errors.js';
export { MfaError } from './errors.js';
export type { CodeOptions, CounterType, HotpMatch, HotpOptions, VerifyHotpOptions } from './hotp.js';
export { hotp, MAX_COUNTER, MAX_LOOK_AHEAD, verifyHotp } from './hotp.js';
export type { GenerateSecretOptions, OtpSecret } from './secret.js';
export { generateSecret, MAX_GENERATED_BYTES, MIN_GENERATED_BYTES } from './secret.js';
export type { TotpMatch, TotpOptions, TotpWindow, VerifyTotpOptions } from './totp.js';
export { MAX_PERIOD, MAX_TIME_MS, MAX_WINDOW, totp, verifyTotp } from './totp.js';
export type { KeyUri, KeyUriOptions, OtpType } from './uri.js';
export { buildUri, MAX_LABEL_PART, MAX_URI_LENGTH } from './uri.js';
export { parseUri } from './uri-parse.js';
