// PNG rendering is left to qrcode: in Node, Bun and Deno it encodes with pngjs, in a browser bundle
// (through qrcode's "browser" field) it draws on a DOM canvas. Writing a PNG encoder here would
// duplicate both. Where neither is available (workerd, a Web Worker, a server-side bundle built for
// browsers) the failure is the runtime's, and is reported as such.
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
    // The text and options were checked and the same symbol already encoded (`matrix`), so what failed
    // is the drawing: no pngjs and no DOM canvas here. qrcode's message is not passed on, as it could in
    // principle quote the text, which holds a secret.
    throw new MfaError(
      'UNSUPPORTED_RUNTIME',
      'this runtime cannot draw a PNG (it needs Node, Bun or Deno, or a browser page with a canvas); ' +
        'use toSvg, or toMatrix with your own renderer',
    );
  }
}
