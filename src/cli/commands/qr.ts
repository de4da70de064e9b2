import { parseUri } from '../../otp/index.js';
import { toDataUrl, toMatrix, toSvg, toTerminal } from '../../qr/index.js';
import { expectPositionals, integerArg, JSON_OPTION, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { writePrivateFile } from '../files.js';
import { readArgument } from '../key.js';
import { escapeControls, printJson, printLine } from '../output.js';

/** `mfakit qr`: a QR code in the terminal or in a PNG or SVG file. */
export const qrCommand: Command = {
  name: 'qr',
  summary: 'show a Key URI as a QR code in the terminal, or write it as PNG or SVG',
  help: `Usage: mfakit qr <otpauth-uri | -> [--png FILE | --svg FILE] [options]

Draws the QR code of an otpauth:// Key URI in the terminal, for an authenticator app to scan, or
writes it to a PNG or SVG file (a new file readable by you only, mode 600, as the code carries the
secret; an existing file is replaced, a symbolic link or other special file refused).
Give - to read the URI from standard input.

Options:
  --png FILE                 write a PNG image
  --svg FILE                 write an SVG image (with a title and an accessible label)
  --error-correction LEVEL   L, M, Q or H (default M)
  --margin N                 quiet zone in modules (default 4 in files, 2 in the terminal)
  --scale N                  pixels per module in files, 1 to 32 (default 4)
  --size N                   image width in pixels instead of --scale
  --dark COLOUR              colour of dark modules in files, e.g. #000000 (default)
  --light COLOUR             colour of light modules in files, e.g. #ffffff (default)
  --label TEXT               the SVG's accessible name (default "QR code for <issuer>: <account>")
  --invert                   in the terminal, draw dark modules in the text colour (for light
                             terminal themes; the default suits light text on a dark background)
  --json                     after writing a file, print {"file", "format", "version", "modules"}
  -h, --help                 show this help

Examples:
  mfakit qr 'otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP&issuer=Acme'
  mfakit qr "$URI" --png enrol.png --scale 8
  mfakit qr "$URI" --svg enrol.svg --dark '#1a237e'`,
  options: {
    png: { type: 'string' },
    svg: { type: 'string' },
    'error-correction': { type: 'string' },
    margin: { type: 'string' },
    scale: { type: 'string' },
    size: { type: 'string' },
    dark: { type: 'string' },
    light: { type: 'string' },
    label: { type: 'string' },
    invert: { type: 'boolean' },
    ...JSON_OPTION,
  },
  async run(parsed) {
    const [argument] = expectPositionals('qr', parsed, ['otpauth-uri']);
    const uri = await readArgument(argument ?? '', 'URI');
    // Refuse a malformed URI here: a QR code of it would only fail later, in the user's app.
    parseUri(uri);
    const png = stringOption(parsed, 'png');
    const svg = stringOption(parsed, 'svg');
    if (png !== undefined && svg !== undefined) throw new UsageError('give --png or --svg, not both');
    const level = stringOption(parsed, 'error-correction');
    const shared = {
      ...(level === undefined ? {} : { errorCorrection: level as 'M' }),
      ...optionalNumber('margin', integerArg(parsed, 'margin')),
    };
    if (png === undefined && svg === undefined) {
      printLine(toTerminal(uri, { ...shared, invert: parsed.values['invert'] === true }));
      return EXIT.ok;
    }
    const image = {
      ...shared,
      ...optionalNumber('scale', integerArg(parsed, 'scale')),
      ...optionalNumber('size', integerArg(parsed, 'size')),
      ...optionalString('dark', stringOption(parsed, 'dark')),
      ...optionalString('light', stringOption(parsed, 'light')),
    };
    const file = (png ?? svg) as string;
    if (png !== undefined) {
      const dataUrl = await toDataUrl(uri, image);
      writePrivateFile(file, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
    } else {
      writePrivateFile(
        file,
        toSvg(uri, { ...image, ...optionalString('label', stringOption(parsed, 'label')) }),
      );
    }
    const { version, size } = toMatrix(uri, shared);
    const format = png === undefined ? 'svg' : 'png';
    if (parsed.values['json']) {
      printJson({ file, format, version, modules: size });
    } else {
      const shape = `${format.toUpperCase()}, QR version ${version}, ${size}×${size} modules`;
      printLine(`wrote ${escapeControls(file)} (${shape})`);
    }
    return EXIT.ok;
  },
};

function optionalNumber<K extends string>(name: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: number };
}

function optionalString<K extends string>(name: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: string };
}
