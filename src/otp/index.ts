/**
 * The OTP core: RFC 4226 HOTP, RFC 6238 TOTP, otpauth:// Key URIs and Base32 secrets.
 *
 * Pure and synchronous, with no `node:` imports: it runs unchanged in Node, browsers, Deno, Bun and
 * edge runtimes. Misuse throws {@link MfaError}; a wrong code is a `null` result, never an error.
 *
 * @module
 */
export type { OtpAlgorithm, OtpAlgorithmName } from './algorithm.js';
export { checkAlgorithm, checkDigits, normalizeAlgorithm } from './algorithm.js';
export { decodeBase32, encodeBase32 } from './base32.js';
export type { CodeOptions, CounterType, HotpMatch, HotpOptions, VerifyHotpOptions } from './hotp.js';
export { hotp, verifyHotp } from './hotp.js';
export type { GenerateSecretOptions, OtpSecret } from './secret.js';
export { generateSecret } from './secret.js';
export type { TotpMatch, TotpOptions, TotpWindow, VerifyTotpOptions } from './totp.js';
export { checkPeriod, totp, verifyTotp } from './totp.js';
export type { KeyUri, KeyUriOptions, OtpType } from './uri.js';
export { buildUri, checkLabelPart } from './uri.js';
export { parseUri } from './uri-parse.js';
