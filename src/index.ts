/**
 * mfakit: TOTP multi-factor authentication for TypeScript apps.
 *
 * The OTP core (RFC 4226 HOTP, RFC 6238 TOTP, otpauth:// Key URIs, Base32 secrets) and the MFA
 * service (`createMfa`), which keeps each account's state in a pluggable store.
 *
 * @module
 */
export * from './mfa/index.js';
export * from './otp/index.js';
