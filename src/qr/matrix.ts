// The one place that asks qrcode for a symbol. Everything else renders from the module matrix,
// so the SVG and terminal output are our own few lines and behave the same in every runtime.
import type { QRCode } from 'qrcode';
import { create } from 'qrcode';
import { MfaError } from '../shared/index.js';
import type { QrErrorCorrection } from './options.js';

/** A QR symbol as a square grid of modules, without the quiet zone. */
export interface QrMatrix {
  /** Modules per side (21 for version 1, up to 177 for version 40). */
  readonly size: number;
  /** QR version, 1–40. */
  readonly version: number;
  /** Row-major modules, `size * size` of them: 1 is dark, 0 is light. */
  readonly modules: Uint8Array;
}

/**
 * Text longer than this is refused before qrcode sees it. The largest symbol (version 40, level L)
 * holds 2953 bytes, so anything longer can never fit; the cap keeps megabyte inputs cheap to refuse.
 */
export const MAX_TEXT_LENGTH = 2953;

/** Checks the text to encode: a non-empty string short enough to fit in a QR code. */
export function checkText(text: unknown): string {
  if (typeof text !== 'string') throw new MfaError('INVALID_ARGUMENT', 'the URI must be a string');
  if (text.length === 0) throw new MfaError('INVALID_ARGUMENT', 'the URI must not be empty');
  if (text.length > MAX_TEXT_LENGTH) {
    throw new MfaError('INVALID_ARGUMENT', `the URI is longer than ${MAX_TEXT_LENGTH} characters`);
  }
  return text;
}

/** Encodes checked text into a module matrix at the given error correction level. */
export function encodeMatrix(text: string, errorCorrection: QrErrorCorrection): QrMatrix {
  let symbol: QRCode;
  try {
    symbol = create(text, { errorCorrectionLevel: errorCorrection });
  } catch {
    // qrcode's own message could in principle quote the input, which holds a secret: say it ourselves.
    throw new MfaError(
      'INVALID_ARGUMENT',
      `the URI does not fit in a QR code at error correction ${errorCorrection}`,
    );
  }
  return { size: symbol.modules.size, version: symbol.version, modules: symbol.modules.data };
}
