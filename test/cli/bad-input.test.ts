// Bad input of every kind: exit status 2, exactly one line on stderr saying what was wrong,
// nothing on stdout, no stack trace, and never the secret that was passed in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mfakit, requireBuiltCli } from './run.js';

// A secret whose text is easy to search for in the output.
const SECRET = 'KRSXG5CTMVRXEZLUKRSXG5CT';
const URI = `otpauth://totp/Acme:ada?secret=${SECRET}&issuer=Acme`;
const dir = mkdtempSync(join(tmpdir(), 'mfakit-cli-'));

const BAD: ReadonlyArray<readonly [what: string, args: string[], says: RegExp]> = [
  ['no command', [], /missing command/],
  ['an unknown command', ['nope'], /unknown command 'nope'/],
  ['an unknown top-level option', ['--nope'], /unknown option/],
  ['a missing secret', ['code'], /missing <secret/],
  ['too many arguments', ['code', SECRET, 'extra'], /expected 1 argument/],
  ['an unknown option', ['code', SECRET, '--bogus'], /unknown option --bogus/],
  ['an option without its value', ['code', SECRET, '--digits'], /--digits needs a value/],
  ['a secret that is not Base32', ['code', `${SECRET}!`], /base32|secret/i],
  ['5 digits', ['code', SECRET, '--digits', '5'], /digits/],
  ['11 digits', ['code', SECRET, '--digits', '11'], /digits/],
  ['digits that are not a number', ['code', SECRET, '--digits', 'six'], /--digits must be a whole number/],
  ['an unknown algorithm', ['code', SECRET, '--algorithm', 'MD5'], /algorithm/],
  ['a period of 0', ['code', SECRET, '--period', '0'], /period must be an integer from 1 to/],
  ['a time that is no time', ['code', SECRET, '--time', 'yesterday'], /--time must be/],
  ['a date-time without a zone', ['code', SECRET, '--time', '2025-01-01T00:00:00'], /time zone/],
  ['unix seconds without @', ['code', SECRET, '--time', '59'], /--time must be/],
  ['a time past the year 275760', ['code', SECRET, '--time', '@999999999999999'], /275760/],
  ['a malformed URI', ['code', 'otpauth://totp/Acme:ada?issuer=Acme'], /./],
  ['a missing code', ['verify', SECRET], /missing <code>/],
  ['a code with letters', ['verify', SECRET, '12345a'], /digits/],
  ['a negative window', ['verify', SECRET, '123456', '--window=-1'], /--window/],
  ['a missing --account', ['uri', SECRET], /--account/],
  ['a colon in the account', ['uri', SECRET, '--account', 'a:b'], /colon|:/i],
  ['a secret shorter than 16 bytes', ['secret', '--bytes', '8'], /bytes must be an integer from 16 to 64/],
  [
    'a secret longer than the library makes',
    ['secret', '--bytes', '65'],
    /bytes must be an integer from 16 to 64/,
  ],
  ['a URI that is not otpauth', ['qr', 'https://example.com/'], /./],
  ['both --png and --svg', ['qr', URI, '--png', join(dir, 'a.png'), '--svg', join(dir, 'a.svg')], /not both/],
  ['an unwritable file', ['qr', URI, '--svg', join(dir, 'missing', 'a.svg')], /cannot write/],
  ['a colour name', ['qr', URI, '--svg', join(dir, 'c.svg'), '--dark', 'red'], /dark must be a hex colour/],
  ['colours too alike', ['qr', URI, '--svg', join(dir, 'c.svg'), '--light', '#111111'], /contrast/],
  ['an unknown error correction', ['qr', URI, '--error-correction', 'Z'], /errorCorrection/],
  [
    'a scale of 0',
    ['qr', URI, '--png', join(dir, 's.png'), '--scale', '0'],
    /scale must be an integer from 1 to 32/,
  ],
  ['inspect of a URI without a secret', ['inspect', 'otpauth://totp/Acme:ada?issuer=Acme'], /./],
  ['empty standard input for -', ['code', '-'], /standard input/],
  ['help for an unknown command', ['help', 'nope'], /unknown command/],
];

beforeAll(requireBuiltCli);

describe('bad input exits 2 with one line on stderr', () => {
  it.each(BAD)('%s', (_what, args, says) => {
    const run = mfakit(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(lines[0]).toMatch(/^mfakit: /);
    expect(lines[0]).toMatch(says);
  });
});

describe('errors never show a stack trace or a secret', () => {
  it.each(BAD)('%s', (_what, args) => {
    const { stderr } = mfakit(args);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toMatch(/\.(?:js|ts):\d+/);
    expect(stderr).not.toContain(SECRET);
  });

  it('a secret pasted in place of the command is not echoed in full', () => {
    const { status, stderr } = mfakit([SECRET]);
    expect(status).toBe(2);
    expect(stderr).not.toContain(SECRET);
  });

  it('a secret read from standard input is not echoed when it is malformed', () => {
    const { status, stderr } = mfakit(['code', '-'], `${SECRET}!!\n`);
    expect(status).toBe(2);
    expect(stderr).not.toContain(SECRET);
  });

  it('a bad URI in inspect does not echo its secret', () => {
    const { status, stderr } = mfakit(['inspect', `otpauth://totp/Acme:ada?secret=${SECRET}&digits=99`]);
    expect(status).toBe(2);
    expect(stderr).not.toContain(SECRET);
  });
});
