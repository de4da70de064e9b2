// Option checking for the QR renderers. Every option is validated up front with a message that
// names the option, so a typo in a colour or a fractional scale fails loudly instead of yielding
// an image that no phone can scan.
import {
  checkOptions,
  fail,
  integerOr,
  MAX_IMAGE_PIXELS,
  type MfaErrorCode,
  QR_DEFAULTS,
} from '../shared/index.js';

/** QR error correction levels: roughly 7 %, 15 %, 25 % and 30 % of the symbol can be restored. */
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/** Options shared by every renderer. */
export interface QrOptions {
  /** Error correction level (default `DEFAULTS.qr.errorCorrection`). */
  errorCorrection?: QrErrorCorrection;
  /** Width of the quiet zone around the symbol, in modules (0–16; default `DEFAULTS.qr`). */
  margin?: number;
}

/** Options of the image renderers (SVG and PNG). */
export interface QrImageOptions extends QrOptions {
  /** Pixels per module (1–32; default `DEFAULTS.qr.scale`). Give `scale` or `size`, not both. */
  scale?: number;
  /** Width and height of the whole image in pixels, quiet zone included (21–4096). */
  size?: number;
  /** Colour of the dark modules: `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa`. */
  dark?: string;
  /** Colour of the light modules and the quiet zone, in the same forms. */
  light?: string;
}

/** A colour split into its channels, each 0–255. */
export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** Image options after checking, with defaults filled in. */
export interface ResolvedImageOptions {
  readonly errorCorrection: QrErrorCorrection;
  readonly margin: number;
  readonly scale: number | undefined;
  readonly size: number | undefined;
  readonly dark: Rgba;
  readonly light: Rgba;
}

const LEVELS: readonly string[] = ['L', 'M', 'Q', 'H'];
const HEX_COLOUR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

const INVALID: MfaErrorCode = 'INVALID_OPTION';

/** Checks that `options` is absent or a plain object. */
export function checkOptionsObject(options: unknown): Record<string, unknown> {
  return checkOptions(options as Record<string, unknown> | undefined);
}

/** The ranges of the renderers' integer options. */
export const QR_LIMITS = Object.freeze({
  margin: [0, 16],
  scale: [1, 32],
  size: [21, MAX_IMAGE_PIXELS],
} satisfies Record<string, readonly [number, number]>);

/** Reads an integer option within its range, or the fallback when absent. */
export function integerOption(
  options: Record<string, unknown>,
  name: keyof typeof QR_LIMITS,
  fallback: number,
): number;
export function integerOption(
  options: Record<string, unknown>,
  name: keyof typeof QR_LIMITS,
  fallback: undefined,
): number | undefined;
export function integerOption(
  options: Record<string, unknown>,
  name: keyof typeof QR_LIMITS,
  fallback: number | undefined,
): number | undefined {
  const value = options[name];
  return value === undefined ? fallback : integerOr(value, name, QR_LIMITS[name], 0);
}

/** Reads the error correction level (any case), default 'M'. */
export function errorCorrectionOption(options: Record<string, unknown>): QrErrorCorrection {
  const value = options['errorCorrection'];
  if (value === undefined) return QR_DEFAULTS.errorCorrection;
  // ASCII letters only before upper-casing, so that no other letter folds onto a level.
  const level = typeof value === 'string' && /^[lmqh]$/i.test(value) ? value.toUpperCase() : '';
  if (!LEVELS.includes(level)) fail(INVALID, 'errorCorrection must be one of L, M, Q, H');
  return level as QrErrorCorrection;
}

/** Parses a hex colour into channels. */
export function parseColour(name: string, value: unknown, fallback: string): Rgba {
  const text = value === undefined ? fallback : value;
  if (typeof text !== 'string' || !HEX_COLOUR.test(text)) {
    fail(INVALID, `${name} must be a hex colour such as #000000 or #ffffff80`);
  }
  let hex = text.slice(1);
  if (hex.length <= 4) hex = [...hex].map((digit) => digit + digit).join('');
  if (hex.length === 6) hex += 'ff';
  const channel = (index: number): number => Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return { r: channel(0), g: channel(1), b: channel(2), a: channel(3) };
}

/** Formats channels as `#rrggbbaa`, the form qrcode's PNG renderer takes. */
export function formatColour(colour: Rgba): string {
  return `#${[colour.r, colour.g, colour.b, colour.a].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

// WCAG relative luminance; used only to refuse colour pairs that no scanner can tell apart.
function luminance(colour: Rgba): number {
  const linear = (channel: number): number => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b);
}

/** The least contrast ratio between dark and light accepted (WCAG's ratio runs from 1 to 21). */
export const MIN_CONTRAST = 2;

/** Checks and fills in the options of the SVG and PNG renderers. */
export function resolveImageOptions(input: unknown): ResolvedImageOptions {
  const options = checkOptionsObject(input);
  const scale = integerOption(options, 'scale', undefined);
  const size = integerOption(options, 'size', undefined);
  if (scale !== undefined && size !== undefined) fail(INVALID, 'give either scale or size, not both');
  const dark = parseColour('dark', options['dark'], QR_DEFAULTS.dark);
  const light = parseColour('light', options['light'], QR_DEFAULTS.light);
  if (dark.a === 0) fail(INVALID, 'dark must not be fully transparent');
  const [hi, lo] = [luminance(dark), luminance(light)].sort((a, b) => b - a) as [number, number];
  if ((hi + 0.05) / (lo + 0.05) < MIN_CONTRAST) {
    fail(INVALID, `dark and light are too close to scan (contrast below ${MIN_CONTRAST}:1)`);
  }
  return {
    errorCorrection: errorCorrectionOption(options),
    margin: integerOption(options, 'margin', QR_DEFAULTS.margin),
    scale,
    size,
    dark,
    light,
  };
}

/** The pixel width of a rendered image, quiet zone included. */
export interface ImageSize {
  /** Modules across, quiet zone included. */
  readonly modulesWide: number;
  /** Pixels across. */
  readonly pixels: number;
  /** Pixels per module when sized by `scale` (default `DEFAULTS.qr.scale`), else undefined. */
  readonly scale: number | undefined;
}

/**
 * Sizes an image of `symbolSize` modules under the checked options, refusing one wider than
 * {@link MAX_IMAGE_PIXELS}.
 *
 * @param symbolSize - modules across the symbol, without the quiet zone
 * @param options - the checked options
 * @returns the size
 */
export function imageSize(symbolSize: number, options: ResolvedImageOptions): ImageSize {
  const modulesWide = symbolSize + options.margin * 2;
  const scale = options.size === undefined ? (options.scale ?? QR_DEFAULTS.scale) : undefined;
  const pixels = options.size ?? modulesWide * (scale as number);
  if (pixels > MAX_IMAGE_PIXELS)
    fail(INVALID, `the image would be ${pixels} px wide; at most ${MAX_IMAGE_PIXELS}`);
  return { modulesWide, pixels, scale };
}
