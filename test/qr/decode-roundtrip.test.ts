// Every rendering decodes back to the same URI with jsQR, as a phone's camera would read it.
import { describe, expect, it } from 'vitest';
import { toDataUrl, toMatrix, toSvg, toTerminal } from '../../src/qr/index.js';
import { decodeBitmap, decodeDataUrl, svgToBitmap, terminalToBitmap } from './decode.js';

const URIS = [
  'otpauth://totp/Acme:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme',
  'otpauth://totp/Example%20Co:%C3%A9lodie%20%E2%9C%93?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example%20Co&algorithm=SHA512&digits=8&period=60',
  'otpauth://hotp/Bank:42?secret=KRSXG5CTMVRXEZLUKRSXG5CT&issuer=Bank&counter=9',
];

describe('toDataUrl', () => {
  it.each(URIS)('decodes back to the URI: %s', async (uri) => {
    expect(decodeDataUrl(await toDataUrl(uri))).toBe(uri);
  });

  it.each(['L', 'M', 'Q', 'H'] as const)('decodes at error correction %s', async (errorCorrection) => {
    const uri = URIS[0] as string;
    expect(decodeDataUrl(await toDataUrl(uri, { errorCorrection, scale: 3 }))).toBe(uri);
  });

  it('decodes with custom colours and a size in pixels', async () => {
    const uri = URIS[0] as string;
    const dataUrl = await toDataUrl(uri, { dark: '#1a237e', light: '#fffde7', size: 300, margin: 2 });
    expect(decodeDataUrl(dataUrl)).toBe(uri);
  });
});

describe('toSvg', () => {
  it.each(URIS)('its path of modules decodes back to the URI: %s', (uri) => {
    expect(decodeBitmap(svgToBitmap(toSvg(uri)))).toBe(uri);
  });

  it('draws exactly the modules of the symbol, inside the margin', () => {
    const uri = URIS[0] as string;
    const { size, modules } = toMatrix(uri);
    const bitmap = svgToBitmap(toSvg(uri, { margin: 3 }));
    expect(bitmap).toHaveLength(size + 6);
    for (let y = 0; y < size + 6; y++) {
      for (let x = 0; x < size + 6; x++) {
        const inside = x >= 3 && y >= 3 && x < size + 3 && y < size + 3;
        expect(bitmap[y]?.[x]).toBe(inside && modules[(y - 3) * size + (x - 3)] === 1);
      }
    }
  });
});

describe('toTerminal', () => {
  it.each(URIS)('its half blocks decode back to the URI: %s', (uri) => {
    expect(decodeBitmap(terminalToBitmap(toTerminal(uri), false))).toBe(uri);
  });

  it('decodes when inverted for light terminals', () => {
    const uri = URIS[0] as string;
    expect(decodeBitmap(terminalToBitmap(toTerminal(uri, { invert: true }), true))).toBe(uri);
  });

  it('is compact: two module rows per line, one column per module', () => {
    const uri = URIS[0] as string;
    const { size } = toMatrix(uri);
    const lines = toTerminal(uri).split('\n');
    expect(lines).toHaveLength(Math.ceil((size + 4) / 2));
    for (const line of lines) expect([...line]).toHaveLength(size + 4);
    expect(toTerminal(uri)).toMatch(/^[ ▀▄█\n]+$/);
  });

  it('draws the quiet zone in the text colour by default and leaves it blank when inverted', () => {
    const uri = URIS[0] as string;
    expect(toTerminal(uri).split('\n')[0]).toMatch(/^█+$/);
    expect(toTerminal(uri, { invert: true }).split('\n')[0]).toMatch(/^ +$/);
  });
});
