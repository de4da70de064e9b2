/**
 * Building otpauth:// Key URIs, the format authenticator apps read from QR codes
 * (https://github.com/google/google-authenticator/wiki/Key-Uri-Format).
 *
 * `otpauth://TYPE/ISSUER:ACCOUNT?secret=…&issuer=ISSUER&algorithm=…&digits=…&period=…` — the issuer
 * goes both in the label prefix (read by older apps) and in the `issuer` parameter (preferred by
 * newer ones), as the format recommends. Label parts and text parameters are percent-encoded like
 * `encodeURIComponent`, so any Unicode text, astral characters included, survives the round trip.
 *
 * @module
 */
import { checkAlgorithm, checkDigits, type OtpAlgorithm, type OtpAlgorithmName } from './algorithm.js';
import { checkSecretBytes, decodeBase32, encodeBase32 } from './base32.js';
import { checkInteger, checkOptions, fail } from './checks.js';
import { splitCounter } from './hotp.js';
import type { OtpSecret } from './secret.js';
import { MAX_PERIOD } from './totp.js';

/**
 * The longest Key URI built or parsed, in characters: ample for a QR code, small enough to fail fast.
 * @example
 * ```ts
 * import { MAX_URI_LENGTH } from 'mfakit';
 *
 * declare const scanned: string; // the text a QR scanner returned
 * if (scanned.length > MAX_URI_LENGTH) console.log('not a Key URI');
 * ```
 */
export const MAX_URI_LENGTH = 4096;
/**
 * The longest issuer or account name accepted by {@link buildUri}, in UTF-16 code units.
 * @example
 * ```ts
 * import { MAX_LABEL_PART } from 'mfakit';
 *
 * declare const email: string;
 * const accountName = email.slice(0, MAX_LABEL_PART);
 * ```
 */
export const MAX_LABEL_PART = 256;

/** The two kinds of one-time password. */
export type OtpType = 'totp' | 'hotp';

/** What {@link buildUri} takes. */
export interface KeyUriOptions {
  /** 'totp' (default) or 'hotp'. */
  type?: OtpType | undefined;
  /** The shared secret, Base32 text or bytes; written as normalised Base32. */
  secret: OtpSecret;
  /** The user's account, e.g. an email address. Must not contain ':' nor start with a space. */
  accountName: string;
  /** The service, e.g. 'ACME Co'. Strongly recommended; must not contain ':'. */
  issuer?: string | undefined;
  /** Default 'SHA1'. */
  algorithm?: OtpAlgorithmName | undefined;
  /** Default 6. */
  digits?: number | undefined;
  /** TOTP step in seconds, default 30. Checked but not written for HOTP. */
  period?: number | undefined;
  /** HOTP only, and required for it: the initial counter. */
  counter?: number | bigint | undefined;
  /** A logo URL for the apps that show one (an extension some apps read). */
  image?: string | undefined;
}

/** A parsed Key URI, with defaults filled in. */
export interface KeyUri {
  /** 'totp' or 'hotp'. */
  type: OtpType;
  /** The secret as upper-case Base32 without padding or separators. */
  secret: string;
  /** The account name from the label. */
  accountName: string;
  /** The issuer, from the `issuer` parameter or the label prefix; undefined when neither is there. */
  issuer: string | undefined;
  /** The algorithm, default 'SHA1'. */
  algorithm: OtpAlgorithm;
  /** Code length, default 6. */
  digits: number;
  /** TOTP step in seconds, default 30 (also 30 for HOTP, where it has no meaning). */
  period: number;
  /** HOTP only: the counter, a number when it is a safe integer, else a bigint. */
  counter?: number | bigint;
  /** The image parameter, when present. */
  image?: string;
}

/** Percent-encodes like encodeURIComponent; text with lone surrogates cannot be encoded. */
export function percentEncode(text: string, name: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return fail('INVALID_OPTION', `${name} is not well-formed Unicode text`);
  }
}

/** Checks an issuer or account name for the label. */
function checkLabelPart(value: unknown, name: string): string {
  if (typeof value !== 'string') fail('INVALID_OPTION', `${name} must be a string`);
  if (value.length === 0 || value.length > MAX_LABEL_PART) {
    fail('INVALID_OPTION', `${name} must be 1 to ${MAX_LABEL_PART} characters`);
  }
  // The colon separates issuer from account in the label; inside either it would be ambiguous.
  if (value.includes(':')) fail('INVALID_OPTION', `${name} must not contain ':'`);
  return value;
}

/** Normalises a secret argument to canonical Base32 (validating it on the way). */
function canonicalSecret(secret: OtpSecret): string {
  if (typeof secret !== 'string') {
    checkSecretBytes(secret);
    return encodeBase32(secret);
  }
  const bytes = decodeBase32(secret);
  try {
    return encodeBase32(bytes);
  } finally {
    bytes.fill(0);
  }
}

/**
 * Builds an otpauth:// Key URI, for a QR code or a link.
 *
 * @param options - `secret` and `accountName` (required), `type` ('totp'), `issuer`, `algorithm`
 *   ('SHA1'), `digits` (6), `period` (30, TOTP), `counter` (required for HOTP), `image`
 * @returns the URI, at most {@link MAX_URI_LENGTH} characters
 * @throws {MfaError} INVALID_SECRET for a bad secret; INVALID_OPTION for a bad option, a ':' in the
 *   issuer or account name, an account name starting with a space, a missing HOTP counter, a counter
 *   given for TOTP, or a URI that would be too long
 * @example
 * ```ts
 * import { buildUri } from 'mfakit';
 * buildUri({ secret: 'JBSWY3DPEHPK3PXP', accountName: 'alice@example.com', issuer: 'ACME Co' });
 * // 'otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30'
 * ```
 */
export function buildUri(options: KeyUriOptions): string {
  const opts = checkOptions(options);
  const type = opts.type === undefined ? 'totp' : opts.type;
  if (type !== 'totp' && type !== 'hotp') fail('INVALID_OPTION', "type must be 'totp' or 'hotp'");
  const accountName = checkLabelPart(opts.accountName, 'accountName');
  // Readers strip spaces after the label's colon (the format allows "Issuer: account").
  if (accountName.startsWith(' ')) fail('INVALID_OPTION', 'accountName must not start with a space');
  const issuer = opts.issuer === undefined ? undefined : checkLabelPart(opts.issuer, 'issuer');
  const algorithm = checkAlgorithm(opts.algorithm);
  const digits = checkDigits(opts.digits);
  const period = opts.period === undefined ? 30 : checkInteger(opts.period, 'period', 1, MAX_PERIOD);
  let counterParam = '';
  if (type === 'hotp') {
    if (opts.counter === undefined) fail('INVALID_OPTION', 'counter is required for hotp');
    splitCounter(opts.counter, 'counter', 'INVALID_OPTION');
    counterParam = `&counter=${opts.counter}`;
  } else if (opts.counter !== undefined) {
    fail('INVALID_OPTION', 'counter applies to hotp only');
  }
  let imageParam = '';
  if (opts.image !== undefined) {
    if (typeof opts.image !== 'string' || opts.image.length === 0 || opts.image.length > MAX_URI_LENGTH) {
      fail('INVALID_OPTION', 'image must be a non-empty string');
    }
    imageParam = `&image=${percentEncode(opts.image, 'image')}`;
  }
  const secret = canonicalSecret(opts.secret as OtpSecret);
  const account = percentEncode(accountName, 'accountName');
  const issuerText = issuer === undefined ? undefined : percentEncode(issuer, 'issuer');
  const label = issuerText === undefined ? account : `${issuerText}:${account}`;
  const issuerParam = issuerText === undefined ? '' : `&issuer=${issuerText}`;
  const periodParam = type === 'totp' ? `&period=${period}` : '';
  const uri = `otpauth://${type}/${label}?secret=${secret}${issuerParam}&algorithm=${algorithm}&digits=${digits}${periodParam}${counterParam}${imageParam}`;
  if (uri.length > MAX_URI_LENGTH) fail('INVALID_OPTION', `the URI would be longer than ${MAX_URI_LENGTH}`);
  return uri;
}
