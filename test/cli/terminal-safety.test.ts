// Text from a URI (issuer, account, image) or from the command line (a file name) is printed on a
// terminal. A crafted URI must not be able to retitle the window, clear the screen, write to the
// clipboard (OSC 52) or reorder what is shown: every control character appears as a visible escape.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeControls, formatJson, formatTable } from '../../src/cli/output.js';
import { mfakit, requireBuiltCli } from './run.js';

/** Every character a terminal may act on: C0, DEL, C1, bidi controls, line and paragraph separators. */
const CONTROL_CODES = [
  ...Array.from({ length: 0x20 }, (_, code) => code),
  ...Array.from({ length: 0x21 }, (_, offset) => 0x7f + offset),
  0x061c,
  0x200e,
  0x200f,
  0x2028,
  0x2029,
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2066,
  0x2067,
  0x2068,
  0x2069,
];
const CONTROLS = String.fromCodePoint(...CONTROL_CODES);

/** Any of them, for asserting their absence. */
const ANY_CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the test
  /[\u{0}-\u{1f}\u{7f}-\u{9f}\u{61c}\u{200e}\u{200f}\u{2028}-\u{202e}\u{2066}-\u{2069}]/u;
/** The same, allowing the line feeds that separate lines. */
const ANY_CONTROL_BUT_NEWLINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the test
  /[\u{0}-\u{9}\u{b}-\u{1f}\u{7f}-\u{9f}\u{61c}\u{200e}\u{200f}\u{2028}-\u{202e}\u{2066}-\u{2069}]/u;

const SECRET = 'KRSXG5CTMVRXEZLUKRSXG5CT';
// "Ev" ESC]0;pwned BEL (retitle) ESC[2J (clear) U+009B "2J" (one-byte CSI) ESC]52;c;… BEL (clipboard)
// U+202E (right-to-left override) "il".
const HOSTILE = 'Ev\x1b]0;pwned\x07\x1b[2J\u009b2J\x1b]52;c;ZXZpbA==\x07\u202eil';
const SHOWN = 'Ev\\x1b]0;pwned\\x07\\x1b[2J\\x9b2J\\x1b]52;c;ZXZpbA==\\x07\\u{202e}il';
const HOSTILE_URI =
  `otpauth://totp/${encodeURIComponent(HOSTILE)}:${encodeURIComponent(`ada${HOSTILE}`)}` +
  `?secret=${SECRET}&issuer=${encodeURIComponent(HOSTILE)}` +
  `&image=${encodeURIComponent(`https://example.com/${HOSTILE}.png`)}`;

describe('escapeControls', () => {
  it.each(CONTROL_CODES.map((code) => [code.toString(16).padStart(4, '0'), code]))(
    'shows U+%s as a visible escape',
    (_hex, code) => {
      const shown = escapeControls(`a${String.fromCodePoint(code)}b`);
      expect(shown).not.toMatch(ANY_CONTROL);
      expect(shown).toMatch(code <= 0xff ? /^a\\x[0-9a-f]{2}b$/ : /^a\\u\{[0-9a-f]+\}b$/);
    },
  );

  it('escapes a whole string of them, newline and tab included, into one printable line', () => {
    const shown = escapeControls(CONTROLS);
    expect(shown).not.toMatch(ANY_CONTROL);
    expect(shown.startsWith('\\x00\\x01')).toBe(true);
    expect(shown).toContain('\\x09\\x0a\\x0b\\x0c\\x0d');
    expect(shown).toContain('\\x7f\\x80');
    expect(shown.endsWith('\\u{2069}')).toBe(true);
  });

  it('shows a lone surrogate as an escape and leaves every other character alone', () => {
    expect(escapeControls('a\ud800b')).toBe('a\\u{d800}b');
    const ordinary = 'Acme Café: ada@example.com 日本 🔐 ÿ \u00a0 \\x1b';
    expect(escapeControls(ordinary)).toBe(ordinary);
  });

  it('formatTable escapes the values', () => {
    expect(formatTable([['issuer', HOSTILE]])).toBe(`issuer  ${SHOWN}`);
  });
});

describe('formatJson', () => {
  it('writes C1 and bidi controls as \\u escapes that parse back to the same value', () => {
    const value = { issuer: HOSTILE, all: CONTROLS, lone: 'a\ud800' };
    const json = formatJson(value);
    expect(json).not.toMatch(ANY_CONTROL_BUT_NEWLINE);
    expect(json).toContain('\\u009b');
    expect(json).toContain('\\u202e');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('the command prints no control characters from its input', () => {
  beforeAll(requireBuiltCli);

  it('inspect shows the issuer, account and image of a hostile URI with visible escapes', () => {
    const run = mfakit(['inspect', HOSTILE_URI]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(ANY_CONTROL_BUT_NEWLINE);
    const row = (name: string): string | undefined =>
      run.stdout
        .split('\n')
        .find((line) => line.startsWith(`${name} `))
        ?.replace(/^\S+ +/, '');
    expect(row('issuer')).toBe(SHOWN);
    expect(row('account')).toBe(`ada${SHOWN}`);
    expect(row('image')).toBe(`https://example.com/${SHOWN}.png`);
  });

  it('inspect --json keeps the exact text, as escapes a JSON reader decodes', () => {
    const run = mfakit(['inspect', HOSTILE_URI, '--json']);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(ANY_CONTROL_BUT_NEWLINE);
    expect(JSON.parse(run.stdout)).toMatchObject({ issuer: HOSTILE, accountName: `ada${HOSTILE}` });
  });

  it('an error naming a file shows its control characters as escapes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfakit-tty-'));
    const uri = `otpauth://totp/Acme:ada?secret=${SECRET}&issuer=Acme`;
    const run = mfakit(['qr', uri, '--svg', join(dir, HOSTILE, 'a.svg')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^mfakit: cannot write .*ENOENT\n$/);
    expect(run.stderr.slice(0, -1)).not.toMatch(ANY_CONTROL);
    expect(run.stderr).toContain(SHOWN);
  });

  it('the file name in "wrote …" is shown with escapes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfakit-tty-'));
    const uri = `otpauth://totp/Acme:ada?secret=${SECRET}&issuer=Acme`;
    const run = mfakit(['qr', uri, '--svg', join(dir, `${HOSTILE}.svg`)]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(ANY_CONTROL_BUT_NEWLINE);
    expect(run.stdout).toContain(`${SHOWN}.svg (SVG`);
  });
});
