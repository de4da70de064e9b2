// PNG rendering is left to qrcode: in Node it encodes with pngjs, in a browser bundle (through
// qrcode's "browser" field) it draws on a canvas. Writing a PNG encoder here would duplicate both.
import { toDataURL } from 'qrcode';
import { MfaError } from '../shared/index.js';
import type { QrMatrix } from './matrix.js';
import { formatColour, imageSize, type ResolvedImageOptions } from './options.js';

/** Renders checked text as a PNG data URL; `matrix` is the same text's symbol, used for sizing. */
export async function renderPngDataUrl(
  text: string,
  matrix: QrMatrix,
  options: ResolvedImageOptions,
): Promise<string> {
  const { modulesWide, pixels, scale } = imageSize(matrix.size, options);
  // qrcode ignores a width smaller than the symbol; fall back to one pixel per module then.
  const sizing = scale !== undefined ? { scale } : { width: Math.max(pixels, modulesWide) };
  try {
    return await toDataURL(text, {
      errorCorrectionLevel: options.errorCorrection,
      margin: options.margin,
      ...sizing,
      color: { dark: formatColour(options.dark), light: formatColour(options.light) },
    });
  } catch {
    throw new MfaError('INVALID_ARGUMENT', 'the URI could not be rendered as a PNG image');
  }
}
