// An SVG's accessible name comes from the URI's issuer and account name, or from the caller: text
// from outside. Whatever it holds, the document must parse (XML 1.0 forbids most C0 controls, even as
// references) and the name must not carry controls that reorder or hide what is announced.
import { describe, expect, it } from 'vitest';
import { toSvg } from '../../src/qr/index.js';
import { decodeBitmap, svgToBitmap } from './decode.js';
import { checkWellFormedXml } from './xml.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/Acme:ada?secret=${SECRET}&issuer=Acme`;

/** Every character a label must not keep: C0, DEL, C1, bidi controls, U+FFFE/U+FFFF, a lone surrogate. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)),
  ...Array.from({ length: 0x21 }, (_, offset) => String.fromCharCode(0x7f + offset)),
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ufffe',
  '\uffff',
  '\ud800',
].join('');

const FORBIDDEN_IN_LABEL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the test
  /[\u{0}-\u{1f}\u{7f}-\u{9f}\u{61c}\u{200e}\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{fffe}\u{ffff}\u{d800}-\u{dfff}]/u;

function titleOf(svg: string): string {
  return /<title>([^<]*)<\/title>/.exec(svg)?.[1] ?? '';
}

describe('the well-formedness check', () => {
  it('accepts what toSvg writes for a plain label', () => {
    expect(() => checkWellFormedXml(toSvg(URI))).not.toThrow();
  });

  it.each([
    ['a C0 control in text', '<svg><title>a\u0001b</title></svg>'],
    ['a control as a character reference', '<svg><title>a&#1;b</title></svg>'],
    ['a bare ampersand', '<svg aria-label="a & b"/>'],
    ['a < in an attribute', '<svg aria-label="a<b"/>'],
    ['an unclosed element', '<svg><title>a</svg>'],
    ['a repeated attribute', '<svg a="1" a="2"/>'],
  ])('refuses %s', (_what, xml) => {
    expect(() => checkWellFormedXml(xml)).toThrow(/not well-formed/);
  });
});

describe('SVG labels with control characters', () => {
  it('a caller label holding every control character still gives a well-formed SVG', () => {
    const svg = toSvg(URI, { label: `Scan${CONTROLS}me` });
    checkWellFormedXml(svg);
    expect(titleOf(svg)).not.toMatch(FORBIDDEN_IN_LABEL);
    // Tab, LF, VT, FF, CR and NEL become spaces; the rest is dropped.
    expect(titleOf(svg)).toBe('Scan      me');
    expect(decodeBitmap(svgToBitmap(svg))).toBe(URI);
  });

  it('an issuer and account name with controls (percent-encoded in the URI) still give a well-formed SVG', () => {
    const hostile = `otpauth://totp/Ev%1B%5D0%3Bx%07il%E2%80%AE:ada%01%C2%9B?secret=${SECRET}&issuer=Ev%1B%5D0%3Bx%07il%E2%80%AE`;
    const svg = toSvg(hostile);
    checkWellFormedXml(svg);
    expect(svg).toContain('aria-label="QR code for Ev]0;xil: ada"');
    expect(titleOf(svg)).toBe('QR code for Ev]0;xil: ada');
  });

  it('markup characters are escaped, not dropped', () => {
    const svg = toSvg(URI, { label: `<b>"Tom" & 'Jerry'</b>` });
    checkWellFormedXml(svg);
    expect(titleOf(svg)).toBe('&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;');
  });

  it('Unicode beyond the controls is kept', () => {
    const svg = toSvg(URI, { label: 'Café 日本 🔐' });
    checkWellFormedXml(svg);
    expect(titleOf(svg)).toBe('Café 日本 🔐');
  });

  it('a label of control characters alone is refused: it would leave an empty name', () => {
    expect(() => toSvg(URI, { label: '\u0007\u202e\n' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});
