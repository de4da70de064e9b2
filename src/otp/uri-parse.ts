/**
 * Parsing otpauth:// Key URIs (https://github.com/google/google-authenticator/wiki/Key-Uri-Format).
 *
 * Lenient where the format and real-world generators are: any letter case in the scheme and type,
 * a literal or percent-encoded colon in the label, spaces after that colon, '+' for a space in
 * parameters, unknown parameters (ignored). Lenient too where other readers are and no reading
 * can pick the wrong account or key: an empty issuer before the label's colon (`:alice`) means no
 * label issuer, an HOTP URI without `counter` starts at 0 (flagged `counterDefaulted`), and the
 * secret's last character may carry leftover bits (see base32.ts). Strict where a lenient reading
 * could pick the wrong account or key: a label issuer that contradicts the `issuer` parameter, a
 * second colon, a repeated parameter, a malformed number or secret are all refused. It
 * deliberately does not read `otpauth-migration://` exports.
 *
 * @module
 */

import {
  fail,
  MAX_COUNTER,
  MAX_DIGITS,
  MAX_PERIOD,
  MAX_URI_LENGTH,
  MIN_DIGITS,
  OTP_DEFAULTS,
} from '../shared/index.js';
import { normalizeAlgorithm } from './algorithm.js';
import { decodeBase32, encodeBase32 } from './base32.js';
import type { KeyUri, OtpType } from './uri.js';

// Scheme, type, label, query, optional fragment. No nested quantifiers: linear on any input.
const KEY_URI = /^otpauth:\/\/(totp|hotp)\/([^?#]*)(?:\?([^#]*))?(?:#.*)?$/is;
const KNOWN_PARAMETERS = new Set(['secret', 'issuer', 'algorithm', 'digits', 'period', 'counter', 'image']);

/** Decodes percent-escapes, and '+' as a space when `plusIsSpace` (query parameters). */
function percentDecode(text: string, plusIsSpace: boolean): string {
  try {
    return decodeURIComponent(plusIsSpace ? text.replace(/\+/g, ' ') : text);
  } catch {
    return fail('INVALID_URI', 'the URI has a malformed percent-encoding');
  }
}

/** Reads the query into a map of known parameters, refusing repeats. */
function readParameters(query: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = percentDecode(equals < 0 ? pair : pair.slice(0, equals), true);
    if (!KNOWN_PARAMETERS.has(key)) continue;
    if (parameters.has(key)) fail('INVALID_URI', `the URI repeats the ${key} parameter`);
    parameters.set(key, percentDecode(equals < 0 ? '' : pair.slice(equals + 1), true));
  }
  return parameters;
}

/** Splits the decoded label into [issuer or undefined, account name]; an empty issuer is none. */
function readLabel(rawLabel: string): [string | undefined, string] {
  const label = percentDecode(rawLabel, false);
  const colon = label.indexOf(':');
  if (colon < 0) {
    if (label === '') fail('INVALID_URI', 'the URI has no account name');
    return [undefined, label];
  }
  if (label.indexOf(':', colon + 1) >= 0) fail('INVALID_URI', 'the URI label has more than one colon');
  const issuer = label.slice(0, colon);
  const accountName = label.slice(colon + 1).replace(/^ +/, '');
  if (accountName === '') fail('INVALID_URI', 'the URI has no account name');
  // ':alice' names no issuer: reading it as none cannot file the key under the wrong service.
  return [issuer === '' ? undefined : issuer, accountName];
}

/** Reads an unsigned decimal parameter of at most `maxDigits` digits. */
function readInteger(text: string | undefined, name: string, maxDigits: number): bigint | undefined {
  if (text === undefined) return undefined;
  if (text.length === 0 || text.length > maxDigits || !/^[0-9]+$/.test(text)) {
    fail('INVALID_URI', `the URI's ${name} parameter is not a valid number`);
  }
  return BigInt(text);
}

/** Reads a small integer parameter within [min, max], or the default. */
function readBounded(
  text: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const value = readInteger(text, name, 10);
  if (value === undefined) return fallback;
  if (value < BigInt(min) || value > BigInt(max)) {
    fail('INVALID_URI', `the URI's ${name} parameter must be between ${min} and ${max}`);
  }
  return Number(value);
}

/**
 * Decodes and re-encodes the secret parameter, so the result is canonical Base32: upper case, no
 * separators or padding, leftover bits of the last character cleared.
 */
function readSecret(text: string | undefined): string {
  if (text === undefined || text === '') fail('INVALID_URI', 'the URI has no secret parameter');
  let bytes: Uint8Array;
  try {
    bytes = decodeBase32(text);
  } catch {
    return fail('INVALID_URI', "the URI's secret parameter is not valid Base32");
  }
  try {
    return encodeBase32(bytes);
  } finally {
    bytes.fill(0);
  }
}

/**
 * Parses an otpauth:// Key URI, filling in the defaults (SHA1, 6 digits, 30 s).
 *
 * @param uri - the URI, at most {@link MAX_URI_LENGTH} characters
 * @returns the parameters: `type`, `secret` (canonical Base32, which may differ from the URI's text
 *   in case, separators, padding and the last character's leftover bits, never in the key),
 *   `accountName`, `issuer`, `algorithm`, `digits`, `period`, `counter` for HOTP (0 when the URI
 *   has none, with `counterDefaulted: true`), and `image` when present
 * @throws {MfaError} INVALID_URI for anything malformed or self-contradictory; the message never
 *   contains the secret
 * @example
 * ```ts
 * import { parseUri } from 'mfakit';
 * const key = parseUri('otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co');
 * // { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', accountName: 'alice@example.com', issuer: 'ACME Co',
 * //   algorithm: 'SHA1', digits: 6, period: 30 }
 * ```
 */
export function parseUri(uri: string): KeyUri {
  if (typeof uri !== 'string') fail('INVALID_URI', 'the URI must be a string');
  if (uri.length > MAX_URI_LENGTH) fail('INVALID_URI', `the URI is longer than ${MAX_URI_LENGTH}`);
  const match = KEY_URI.exec(uri);
  if (match === null) fail('INVALID_URI', 'not an otpauth://totp/ or otpauth://hotp/ URI');
  const type = match[1]!.toLowerCase() as OtpType;
  const [labelIssuer, accountName] = readLabel(match[2]!);
  const parameters = readParameters(match[3] ?? '');
  const issuerParameter = parameters.get('issuer') || undefined;
  if (labelIssuer !== undefined && issuerParameter !== undefined && labelIssuer !== issuerParameter) {
    fail('INVALID_URI', 'the URI label issuer contradicts the issuer parameter');
  }
  const issuer = issuerParameter ?? labelIssuer;
  if (issuer?.includes(':')) fail('INVALID_URI', 'the URI issuer contains a colon');
  const algorithmText = parameters.get('algorithm');
  const result: KeyUri = {
    type,
    secret: readSecret(parameters.get('secret')),
    accountName,
    issuer,
    algorithm:
      algorithmText === undefined ? OTP_DEFAULTS.algorithm : normalizeAlgorithm(algorithmText, 'INVALID_URI'),
    digits: readBounded(parameters.get('digits'), 'digits', MIN_DIGITS, MAX_DIGITS, OTP_DEFAULTS.digits),
    period:
      type === 'totp'
        ? readBounded(parameters.get('period'), 'period', 1, MAX_PERIOD, OTP_DEFAULTS.period)
        : OTP_DEFAULTS.period,
  };
  if (type === 'hotp') {
    const counter = readInteger(parameters.get('counter'), 'counter', 20);
    if (counter === undefined) {
      // Google Authenticator for Android and pyotp start such a key at 0; the flag lets an
      // importer ask the user to resynchronise instead of trusting it.
      result.counter = 0;
      result.counterDefaulted = true;
    } else {
      if (counter > MAX_COUNTER) fail('INVALID_URI', "the URI's counter parameter is beyond 2^64 - 1");
      result.counter = counter <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(counter) : counter;
    }
  }
  const image = parameters.get('image');
  if (image !== undefined && image !== '') result.image = image;
  return result;
}
