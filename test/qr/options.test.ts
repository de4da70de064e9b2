// Input checking and accessibility of the QR renderers.
import { describe, expect, it } from 'vitest';
import { toDataUrl, toMatrix, toSvg, toTerminal } from '../../src/qr/index.js';
import { MfaError } from '../../src/shared/index.js';

const SECRET = 'KRSXG5CTMVRXEZLUKRSXG5CT';
const URI = `otpauth://totp/Acme%20%26%20Sons:ada%3Cb%3E%40example.com?secret=${SECRET}&issuer=Acme%20%26%20Sons`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MfaError);
    expect((error as Error).message).not.toContain(SECRET);
    return (error as MfaError).code;
  }
  return undefined;
}

async function asyncCodeOf(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MfaError);
    return (error as MfaError).code;
  }
  return undefined;
}

const BAD_URIS: ReadonlyArray<readonly [string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['bytes', new Uint8Array(4)],
  ['an empty string', ''],
  ['a megabyte string', 'x'.repeat(1 << 20)],
  ['2954 characters (more than any QR code holds)', 'a'.repeat(2954)],
  ['2900 characters at level H', `otpauth://${'%'.repeat(2890)}`],
];

describe('bad URIs are refused with INVALID_ARGUMENT', () => {
  it.each(BAD_URIS)('%s', async (_what, uri) => {
    expect(codeOf(() => toSvg(uri as string, { errorCorrection: 'H' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => toTerminal(uri as string, { errorCorrection: 'H' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => toMatrix(uri as string, { errorCorrection: 'H' }))).toBe('INVALID_ARGUMENT');
    expect(await asyncCodeOf(() => toDataUrl(uri as string, { errorCorrection: 'H' }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

const BAD_OPTIONS: ReadonlyArray<readonly [string, unknown]> = [
  ['options that are not an object', 'M'],
  ['an unknown error correction', { errorCorrection: 'X' }],
  ['a fractional scale', { scale: 2.5 }],
  ['a scale of 0', { scale: 0 }],
  ['a scale of 33', { scale: 33 }],
  ['a negative margin', { margin: -1 }],
  ['a margin given as text', { margin: '4' }],
  ['a size below 21', { size: 20 }],
  ['a size above 4096', { size: 4097 }],
  ['both scale and size', { scale: 4, size: 200 }],
  ['a colour name', { dark: 'black' }],
  ['a colour without #', { light: 'ffffff' }],
  ['a five-digit colour', { dark: '#12345' }],
  ['equal colours', { dark: '#777777', light: '#777777' }],
  ['colours too alike', { dark: '#000000', light: '#333333' }],
  ['a transparent dark', { dark: '#00000000' }],
];

describe('bad options are refused with INVALID_OPTION', () => {
  it.each(BAD_OPTIONS)('%s', async (_what, options) => {
    expect(codeOf(() => toSvg(URI, options as object))).toBe('INVALID_OPTION');
    expect(await asyncCodeOf(() => toDataUrl(URI, options as object))).toBe('INVALID_OPTION');
  });

  it('an image wider than 4096 px', async () => {
    // 1200 bytes need a version-30 symbol at level M: (137 + 8) modules × 32 px is 4640 px.
    const long = `otpauth://totp/a?secret=${'A'.repeat(1176)}`.toLowerCase();
    expect(toMatrix(long).size).toBeGreaterThan(120);
    expect(codeOf(() => toSvg(long, { scale: 32 }))).toBe('INVALID_OPTION');
    expect(await asyncCodeOf(() => toDataUrl(long, { scale: 32 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => toSvg(long, { scale: 28 }))).toBeUndefined();
  });

  it.each([
    ['a terminal margin of 17', { margin: 17 }],
    ['invert given as text', { invert: 'yes' }],
    ['an unknown error correction', { errorCorrection: 'X' }],
  ])('terminal: %s', (_what, options) => {
    expect(codeOf(() => toTerminal(URI, options as object))).toBe('INVALID_OPTION');
  });

  it.each([
    ['an empty label', ''],
    ['a label of 501 characters', 'x'.repeat(501)],
    ['a number', 5],
  ])('svg: %s', (_what, label) => {
    expect(codeOf(() => toSvg(URI, { label: label as string }))).toBe('INVALID_OPTION');
  });
});

describe('the SVG is accessible', () => {
  it('has role="img", an aria-label and a title naming the issuer and account, escaped', () => {
    const svg = toSvg(URI);
    const label = 'QR code for Acme &amp; Sons: ada&lt;b&gt;@example.com';
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    expect(svg).toContain(' role="img"');
    expect(svg).toContain(` aria-label="${label}"`);
    expect(svg).toContain(`<title>${label}</title>`);
    expect(svg).not.toContain('<b>');
  });

  it('the label never contains the secret', () => {
    const svg = toSvg(URI);
    const label = /aria-label="([^"]*)"/.exec(svg)?.[1];
    const title = /<title>([^<]*)<\/title>/.exec(svg)?.[1];
    expect(label).toBeDefined();
    expect(label).not.toContain(SECRET);
    expect(title).not.toContain(SECRET);
    expect(svg).not.toContain(SECRET);
  });

  it('says just "QR code" for text that is not an otpauth URI, or a URI that does not parse', () => {
    expect(toSvg('https://example.com/')).toContain('aria-label="QR code"');
    expect(toSvg('otpauth://totp/?nothing')).toContain('aria-label="QR code"');
  });

  it('names an account without issuer on its own', () => {
    expect(toSvg(`otpauth://totp/ada?secret=${SECRET}`)).toContain('aria-label="QR code for ada"');
  });

  it('takes a label of its own, escaped', () => {
    const svg = toSvg(URI, { label: 'Scan "this" <now>' });
    expect(svg).toContain('aria-label="Scan &quot;this&quot; &lt;now&gt;"');
  });

  it('is sized by scale or size, with a viewBox in modules', () => {
    const { size } = toMatrix(URI);
    const total = size + 8;
    expect(toSvg(URI)).toContain(
      `width="${total * 4}" height="${total * 4}" viewBox="0 0 ${total} ${total}"`,
    );
    expect(toSvg(URI, { scale: 10 })).toContain(`width="${total * 10}"`);
    expect(toSvg(URI, { size: 256 })).toContain('width="256" height="256"');
  });

  it('uses the colours given, with their alpha as an opacity', () => {
    const svg = toSvg(URI, { dark: '#123', light: '#ffffff80' });
    expect(svg).toContain('<rect width="');
    expect(svg).toContain('fill="#ffffff" fill-opacity="0.502"');
    expect(svg).toContain('<path fill="#112233" d="M');
  });
});

describe('defaults', () => {
  it('uses error correction M, and accepts the level in lower case', () => {
    expect(toMatrix(URI).modules).toEqual(toMatrix(URI, { errorCorrection: 'M' }).modules);
    expect(toMatrix(URI, { errorCorrection: 'h' as 'H' }).modules).toEqual(
      toMatrix(URI, { errorCorrection: 'H' }).modules,
    );
    expect(toMatrix(URI, { errorCorrection: 'H' }).size).toBeGreaterThan(
      toMatrix(URI, { errorCorrection: 'L' }).size,
    );
  });

  it('a PNG is 4 px per module with a 4-module margin', async () => {
    const { size } = toMatrix(URI);
    const png = Buffer.from((await toDataUrl(URI)).split(',')[1] as string, 'base64');
    // The IHDR chunk holds the width at bytes 16–19.
    expect(png.readUInt32BE(16)).toBe((size + 8) * 4);
  });
});
