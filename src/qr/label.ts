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
  return label;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for an XML attribute value or element content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}
