// Test helpers that read QR codes back the way a phone would: pixels into jsQR. Each renderer's
// output is turned back into pixels by code independent of the renderer under test.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** A bitmap of modules, true for dark, quiet zone included. */
export type Bitmap = boolean[][];

/** Decodes RGBA pixels with jsQR; null when no code is found. */
export function decodePixels(data: Uint8Array, width: number, height: number): string | null {
  const result = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width, height);
  return result ? result.data : null;
}

/** Decodes a PNG file's bytes. */
export function decodePng(bytes: Uint8Array): string | null {
  const png = PNG.sync.read(Buffer.from(bytes));
  return decodePixels(png.data, png.width, png.height);
}

/** Decodes a `data:image/png;base64,` URL. */
export function decodeDataUrl(dataUrl: string): string | null {
  const prefix = 'data:image/png;base64,';
  if (!dataUrl.startsWith(prefix)) throw new Error('not a PNG data URL');
  return decodePng(Buffer.from(dataUrl.slice(prefix.length), 'base64'));
}

/** Rasterises a module bitmap (black on white) with an extra white border, then decodes it. */
export function decodeBitmap(bitmap: Bitmap, scale = 4, border = 4): string | null {
  const modules = bitmap.length + border * 2;
  const side = modules * scale;
  const data = new Uint8Array(side * side * 4).fill(255);
  for (let y = 0; y < bitmap.length; y++) {
    for (let x = 0; x < bitmap.length; x++) {
      if (!bitmap[y]?.[x]) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const offset = (((y + border) * scale + dy) * side + (x + border) * scale + dx) * 4;
          data.fill(0, offset, offset + 3);
        }
      }
    }
  }
  return decodePixels(data, side, side);
}

/** Reads the dark modules back out of an SVG written by toSvg: its viewBox and path runs. */
export function svgToBitmap(svg: string): Bitmap {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path [^>]*\bd="([^"]*)"/.exec(svg);
  if (!viewBox || !path) throw new Error('no viewBox or path in the SVG');
  const side = Number(viewBox[1]);
  const bitmap: Bitmap = Array.from({ length: side }, () => new Array<boolean>(side).fill(false));
  const runs = path[1] ?? '';
  const run = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/g;
  let consumed = 0;
  for (let match = run.exec(runs); match; match = run.exec(runs)) {
    const [, x, y, width] = match.map(Number) as [number, number, number, number];
    for (let i = 0; i < width; i++) (bitmap[y] as boolean[])[x + i] = true;
    consumed += match[0].length;
  }
  if (consumed !== runs.length) throw new Error('the path has commands other than module runs');
  return bitmap;
}

/**
 * Reads half-block text back into modules. `inkIsDark` says what the characters draw: the light
 * modules (the default rendering) or the dark ones (`invert`).
 */
export function terminalToBitmap(text: string, inkIsDark: boolean): Bitmap {
  const lines = text.split('\n');
  const side = [...(lines[0] ?? '')].length;
  const bitmap: Bitmap = [];
  for (const line of lines) {
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    for (const char of line) {
      const inkTop = char === '▀' || char === '█';
      const inkBottom = char === '▄' || char === '█';
      if (!inkTop && !inkBottom && char !== ' ') throw new Error(`unexpected character ${char}`);
      top.push(inkTop === inkIsDark);
      bottom.push(inkBottom === inkIsDark);
    }
    bitmap.push(top, bottom);
  }
  // The code is square: the half row after an odd number of rows is outside it.
  return bitmap.slice(0, side);
}
