// `mfakit qr`: what it draws in the terminal and writes to files decodes back to the URI.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBitmap, decodePng, svgToBitmap, terminalToBitmap } from '../qr/decode.js';
import { mfakit, requireBuiltCli } from './run.js';

const URI = 'otpauth://totp/Acme:ada%40example.com?secret=KRSXG5CTMVRXEZLUKRSXG5CT&issuer=Acme&digits=8';
const dir = mkdtempSync(join(tmpdir(), 'mfakit-qr-'));

beforeAll(requireBuiltCli);

describe('mfakit qr', () => {
  it('--png writes a PNG that decodes to the URI', () => {
    const file = join(dir, 'code.png');
    const run = mfakit(['qr', URI, '--png', file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*code\.png \(PNG, QR version \d+, \d+×\d+ modules\)\n$/);
    expect(decodePng(readFileSync(file))).toBe(URI);
  });

  it('--png honours --scale, --margin, --error-correction and the colours', () => {
    const file = join(dir, 'styled.png');
    const args = [
      '--scale',
      '6',
      '--margin',
      '2',
      '--error-correction',
      'H',
      '--dark',
      '#1a237e',
      '--light',
      '#fffde7',
    ];
    expect(mfakit(['qr', URI, '--png', file, ...args]).status).toBe(0);
    const png = readFileSync(file);
    expect(decodePng(png)).toBe(URI);
    const { modules } = JSON.parse(
      mfakit(['qr', URI, '--svg', join(dir, 'h.svg'), '--error-correction', 'H', '--json']).stdout,
    );
    expect(png.readUInt32BE(16)).toBe((modules + 4) * 6);
  });

  it('--svg writes an accessible SVG whose modules decode to the URI', () => {
    const file = join(dir, 'code.svg');
    expect(mfakit(['qr', URI, '--svg', file]).status).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('role="img" aria-label="QR code for Acme: ada@example.com"');
    expect(decodeBitmap(svgToBitmap(svg))).toBe(URI);
  });

  it('--label names the SVG', () => {
    const file = join(dir, 'label.svg');
    expect(mfakit(['qr', URI, '--svg', file, '--label', 'Scan me']).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('<title>Scan me</title>');
  });

  it('writes files readable by their owner only, since they carry the secret', () => {
    const file = join(dir, 'private.png');
    mfakit(['qr', URI, '--png', file]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('--json reports the file written', () => {
    const file = join(dir, 'json.svg');
    const run = mfakit(['qr', URI, '--svg', file, '--json']);
    expect(JSON.parse(run.stdout)).toEqual({
      file,
      format: 'svg',
      version: expect.any(Number),
      modules: expect.any(Number),
    });
  });

  it('draws a code in the terminal that decodes to the URI', () => {
    const run = mfakit(['qr', URI]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^[ ▀▄█\n]+$/);
    expect(decodeBitmap(terminalToBitmap(run.stdout.replace(/\n$/, ''), false))).toBe(URI);
  });

  it('--invert draws a code for light terminals that decodes too', () => {
    const run = mfakit(['qr', URI, '--invert', '--margin', '1']);
    expect(decodeBitmap(terminalToBitmap(run.stdout.replace(/\n$/, ''), true))).toBe(URI);
  });

  it('reads the URI from standard input with -', () => {
    const run = mfakit(['qr', '-'], `${URI}\n`);
    expect(decodeBitmap(terminalToBitmap(run.stdout.replace(/\n$/, ''), false))).toBe(URI);
  });
});
