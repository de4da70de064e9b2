// The accessible name of a QR image. Screen readers cannot read the symbol itself, so the label
// says whose key it carries, from the URI's issuer and account name: never from its secret.

import { parseUri } from '../otp/index.js';
import { MfaError } from '../shared/index.js';

/** The longest label accepted; a label is a sentence, not a document. */
export const MAX_LABEL_LENGTH = 500;

/**
 * The default label: "QR code for Issuer: account" for an otpauth:// URI, else "QR code".
 * A URI that does not parse still gets the plain label: rendering is not the place to validate it.
 */
export function defaultLabel(text: string): string {
  if (!/^otpauth:\/\//i.test(text)) return 'QR code';
  try {
    const { issuer, accountName } = parseUri(text);
    return issuer ? `QR code for ${issuer}: ${accountName}` : `QR code for ${accountName}`;
  } catch {
    return 'QR code';
  }
}

/** Checks a caller-supplied label, or derives the default one. */
export function resolveLabel(label: unknown, text: string): string {
  if (label === undefined) return defaultLabel(text);
  if (typeof label !== 'string' || label.length === 0 || label.length > MAX_LABEL_LENGTH) {
    throw new MfaError('INVALID_OPTION', `label must be a string of 1 to ${MAX_LABEL_LENGTH} characters`);
  }
  // A label of control characters alone would be an empty name once they are dropped.
  if (escapeXml(label).trim() === '') throw new MfaError('INVALID_OPTION', 'label must have visible text');
  return label;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

// Tab, line breaks and the Unicode line separators: a label is one line, so each becomes a space.
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * What a label cannot keep: the C0 controls, which XML 1.0 forbids even as character references (a
 * parser stops at the first one), DEL and the C1 controls, the bidi controls that would reorder the
 * name a screen reader announces, U+FFFE and U+FFFF (not XML characters) and lone surrogates.
 */
const NOT_IN_LABEL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its job
  /[\u{0}-\u{1f}\u{7f}-\u{9f}\u{61c}\u{200e}\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{fffe}\u{ffff}\u{d800}-\u{dfff}]/gu;

/**
 * Escapes text for an XML attribute value or element content. Characters that XML cannot carry or
 * that a label should not (see above) are dropped, line breaks and tabs become spaces, so that the
 * document always parses whatever the issuer, account name or caller's label holds.
 */
export function escapeXml(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(NOT_IN_LABEL, '')
    .replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}
