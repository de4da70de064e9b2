// mfakit/qr bundled for a browser: a bundler follows qrcode's "browser" field to its canvas build,
// so nothing Node-only (pngjs, zlib, fs) comes along, and the bundle's toSvg and toMatrix work.
// Loaded here in Node, the bundle has no DOM canvas, as in workerd or a Web Worker: toDataUrl must
// say that the runtime cannot draw a PNG, not that the URI is wrong.
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { decodeBitmap, svgToBitmap } from './decode.js';

const URI = 'otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP&issuer=Acme';

interface BundledQr {
  toSvg(uri: string): string;
  toDataUrl(uri: string, options?: object): Promise<string>;
}

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

  const load = async (): Promise<BundledQr> =>
    (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as BundledQr;

  it('renders an SVG that decodes to the URI', async () => {
    const qr = await load();
    expect(decodeBitmap(svgToBitmap(qr.toSvg(URI)))).toBe(URI);
  });

  it('rejects toDataUrl with UNSUPPORTED_RUNTIME where there is no canvas, without the secret', async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const qr = await load();
    const error = await qr.toDataUrl(URI).then(
      () => undefined,
      (reason: unknown) => reason as { name?: unknown; code?: unknown; message?: unknown },
    );
    expect(error).toMatchObject({ name: 'MfaError', code: 'UNSUPPORTED_RUNTIME' });
    expect(String(error?.message)).toMatch(/toSvg/);
    expect(String(error?.message)).not.toContain('JBSWY3DPEHPK3PXP');
  });

  it('still refuses bad input to toDataUrl as such, before looking for a canvas', async () => {
    const qr = await load();
    await expect(qr.toDataUrl('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(qr.toDataUrl(URI, { scale: 0.5 })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
});
