// mfakit/qr bundled for a browser: a bundler follows qrcode's "browser" field to its canvas build,
// so nothing Node-only (pngjs, zlib, fs) comes along, and the bundle's toSvg and toMatrix work.
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { decodeBitmap, svgToBitmap } from './decode.js';

const URI = 'otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP&issuer=Acme';

function bundle(): { code: string; inputs: string[] } {
  const result = buildSync({
    entryPoints: ['src/qr/index.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
  });
  return { code: result.outputFiles[0]?.text ?? '', inputs: Object.keys(result.metafile.inputs) };
}

describe('the browser bundle of mfakit/qr', () => {
  const { code, inputs } = bundle();

  it("uses qrcode's browser build and nothing Node-only", () => {
    expect(inputs).toContain('node_modules/qrcode/lib/browser.js');
    expect(inputs.filter((input) => /pngjs|zlib|qrcode\/lib\/server|renderer\/png/.test(input))).toEqual([]);
    expect(code).not.toMatch(/from ["']node:|require\(["'](?:fs|zlib|node:)/);
  });

  it('renders an SVG that decodes to the URI', async () => {
    const qr = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {
      toSvg(uri: string): string;
    };
    expect(decodeBitmap(svgToBitmap(qr.toSvg(URI)))).toBe(URI);
  });
});
