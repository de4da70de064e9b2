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

import {
  checkOptions,
  checkSecretBytes,
  checkText,
  fail,
  MAX_LABEL_PART,
  MAX_URI_LENGTH,
  type MfaErrorCode,
} from '../shared/index.js';
import { checkAlgorithm, checkDigits, type OtpAlgorithm, type OtpAlgorithmName } from './algorithm.js';
import { decodeBase32, encodeBase32 } from './base32.js';
import { splitCounter } from './hotp.js';
import type { OtpSecret } from './secret.js';
import { checkPeriod } from './totp.js';

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
  /** The secret as canonical Base32: upper case, no padding or separators, no leftover bits set. */
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
  /**
   * HOTP only, and only when the URI had no `counter` parameter: `counter` is then 0, the value
   * Google Authenticator for Android and pyotp assume. The key may already be further on; an
   * importer may want to ask for two consecutive codes.
   */
  counterDefaulted?: true;
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

/** Checks an issuer or account name for the label: the colon separates the two, so neither may hold one. */
export function checkLabelPart(value: unknown, name: string, code: MfaErrorCode = 'INVALID_OPTION'): string {
  return checkText(value, name, { max: MAX_LABEL_PART, code, noColon: true });
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
  const period = checkPeriod(opts.period);
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
