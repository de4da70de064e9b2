/**
 * QR codes for otpauth:// Key URIs: SVG, PNG data URLs and terminal text.
 *
 * This entry point is the only part of mfakit that loads `qrcode`; apps that never draw a QR code
 * never pay for it. `toMatrix`, `toSvg` and `toTerminal` render the module matrix themselves and run
 * anywhere; `toDataUrl` uses qrcode's PNG encoder in Node, Bun and Deno and its canvas renderer in a
 * browser page, and rejects with UNSUPPORTED_RUNTIME where there is neither (workerd, Web Workers).
 *
 * What it deliberately does not do: guess a URI's validity (render it, and let `parseUri` judge),
 * or add logos or rounded modules, which cost scanners their error-correction margin.
 *
 * @module
 */
import { MfaError, QR_DEFAULTS } from '../shared/index.js';
import { resolveLabel } from './label.js';
import { checkText, encodeMatrix, type QrMatrix } from './matrix.js';
import {
  checkOptionsObject,
  errorCorrectionOption,
  integerOption,
  type QrImageOptions,
  type QrOptions,
  resolveImageOptions,
} from './options.js';
import { renderPngDataUrl } from './png.js';
import { renderSvg } from './svg.js';
import { renderHalfBlocks } from './terminal.js';

export type { QrMatrix } from './matrix.js';
export type { QrErrorCorrection, QrImageOptions, QrOptions } from './options.js';

/** Options of {@link toSvg}. */
export interface QrSvgOptions extends QrImageOptions {
  /**
   * The accessible name, used for both `<title>` and `aria-label`. Default: "QR code for
   * Issuer: account" for an otpauth:// URI, else "QR code". Never derived from the secret.
   */
  label?: string;
}

/** Options of {@link toTerminal}. */
export interface QrTerminalOptions extends QrOptions {
  /**
   * Draw the dark modules in the text colour, for dark text on a light background. By default the
   * light modules and the quiet zone are drawn, which suits light text on a dark background.
   */
  invert?: boolean;
}

/**
 * Encodes text as a QR symbol and returns its module matrix, for custom renderers.
 *
 * @param uri - the text to encode, usually an otpauth:// Key URI
 * @param options - `errorCorrection` ('L' | 'M' | 'Q' | 'H', default 'M')
 * @returns the matrix: `size` modules per side, row-major `modules` (1 dark, 0 light), `version`
 * @throws {MfaError} INVALID_ARGUMENT when `uri` is not a non-empty string or does not fit in a QR
 *   code; INVALID_OPTION for a bad option
 * @example
 * ```ts
 * import { toMatrix } from 'mfakit/qr';
 * const { size, modules } = toMatrix('otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP&issuer=Acme');
 * console.log(size, modules[0]); // 29 1 (the top-left finder pattern is dark)
 * ```
 */
export function toMatrix(uri: string, options?: Pick<QrOptions, 'errorCorrection'>): QrMatrix {
  const text = checkText(uri);
  return encodeMatrix(text, errorCorrectionOption(checkOptionsObject(options)));
}

/**
 * Renders text, usually an otpauth:// Key URI, as an accessible SVG document.
 *
 * The SVG has `role="img"`, an `aria-label` and a `<title>`, so a screen reader announces it; the
 * label names the issuer and account, never the secret. Works in browsers and every JS runtime.
 *
 * @param uri - the text to encode (at most 2953 characters; what fits depends on the level)
 * @param options - `errorCorrection`, `margin` (modules, default 4), `scale` (px per module, default 4)
 *   or `size` (px), `dark` and `light` hex colours, `label`
 * @returns the SVG markup, starting with `<svg`
 * @throws {MfaError} INVALID_ARGUMENT when `uri` is not a non-empty string or does not fit;
 *   INVALID_OPTION for a bad option (unknown level, fractional scale, bad colour, too little contrast)
 * @example
 * ```ts
 * import { buildUri, generateSecret } from 'mfakit';
 * import { toSvg } from 'mfakit/qr';
 * const uri = buildUri({ secret: generateSecret(), issuer: 'Acme', accountName: 'ada@example.com' });
 * const svg = toSvg(uri, { size: 240 });
 * // <svg … role="img" aria-label="QR code for Acme: ada@example.com">…
 * ```
 */
export function toSvg(uri: string, options?: QrSvgOptions): string {
  const text = checkText(uri);
  const resolved = resolveImageOptions(options);
  const label = resolveLabel((options as { label?: unknown } | undefined)?.label, text);
  return renderSvg(encodeMatrix(text, resolved.errorCorrection), resolved, label);
}

/**
 * Renders text, usually an otpauth:// Key URI, as a PNG image in a `data:image/png;base64,` URL,
 * ready for an `<img src>`.
 *
 * It needs a PNG encoder: qrcode's (over pngjs) in Node, Bun and Deno, or a DOM canvas in a browser
 * page. In workerd (Cloudflare Workers), a Web Worker or any bundle built for browsers but run
 * without a DOM, use {@link toSvg} instead.
 *
 * @param uri - the text to encode
 * @param options - `errorCorrection`, `margin` (modules, default 4), `scale` (px per module, default 4)
 *   or `size` (px; at least one pixel per module), `dark` and `light` hex colours
 * @returns a promise of the data URL
 * @throws {MfaError} (as a rejection) INVALID_ARGUMENT when `uri` is not a non-empty string or does
 *   not fit; INVALID_OPTION for a bad option; UNSUPPORTED_RUNTIME when the runtime can draw no PNG
 * @example
 * ```ts
 * import { toDataUrl } from 'mfakit/qr';
 * const src = await toDataUrl('otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP&issuer=Acme');
 * // '<img alt="QR code for Acme: ada" src="' + src + '">'
 * ```
 */
export async function toDataUrl(uri: string, options?: QrImageOptions): Promise<string> {
  const text = checkText(uri);
  const resolved = resolveImageOptions(options);
  return renderPngDataUrl(text, encodeMatrix(text, resolved.errorCorrection), resolved);
}

/**
 * Renders text, usually an otpauth:// Key URI, as lines of half-block characters (▀ ▄ █) for a
 * terminal: two module rows per line, no escape codes, so it also survives being piped to a file.
 *
 * @param uri - the text to encode
 * @param options - `errorCorrection` (default 'M'), `margin` (modules, default 2: terminals have
 *   little room, and scanners read a 2-module quiet zone), `invert` (see {@link QrTerminalOptions})
 * @returns the lines joined with `\n`, without a trailing newline
 * @throws {MfaError} INVALID_ARGUMENT when `uri` is not a non-empty string or does not fit;
 *   INVALID_OPTION for a bad option
 * @example
 * ```ts
 * import { toTerminal } from 'mfakit/qr';
 * console.log(toTerminal('otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP&issuer=Acme'));
 * ```
 */
export function toTerminal(uri: string, options?: QrTerminalOptions): string {
  const text = checkText(uri);
  const checked = checkOptionsObject(options);
  const margin = integerOption(checked, 'margin', QR_DEFAULTS.terminalMargin);
  const invert = checked['invert'];
  if (invert !== undefined && typeof invert !== 'boolean') {
    throw new MfaError('INVALID_OPTION', 'invert must be a boolean');
  }
  return renderHalfBlocks(encodeMatrix(text, errorCorrectionOption(checked)), margin, invert === true);
}
