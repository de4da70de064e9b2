// The command's codes against the published vectors: RFC 6238 Appendix B (TOTP, 8 digits, all three
// algorithms) and RFC 4226 Appendix D (HOTP), computed by `mfakit code` and accepted by `mfakit verify`.
import { base32 } from '@scure/base';
import { beforeAll, describe, expect, it } from 'vitest';
import { mfakit, requireBuiltCli } from './run.js';

const ascii = (text: string): string => base32.encode(new TextEncoder().encode(text));

// RFC 6238 seeds: the ASCII digits repeated to the hash's block-friendly key length.
const KEYS = {
  SHA1: ascii('12345678901234567890'),
  SHA256: ascii('12345678901234567890123456789012'),
  SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
} as const;

const RFC6238: ReadonlyArray<readonly [seconds: number, sha1: string, sha256: string, sha512: string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

const RFC4226 = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
];

beforeAll(requireBuiltCli);

describe('mfakit code reproduces RFC 6238 Appendix B', () => {
  const cases = RFC6238.flatMap(([seconds, ...codes]) =>
    (['SHA1', 'SHA256', 'SHA512'] as const).map((algorithm, i) => ({
      seconds,
      algorithm,
      expected: codes[i],
    })),
  );
  it.each(cases)('$algorithm at @$seconds is $expected', ({ seconds, algorithm, expected }) => {
    const run = mfakit([
      'code',
      KEYS[algorithm],
      '--time',
      `@${seconds}`,
      '--digits',
      '8',
      '--algorithm',
      algorithm,
    ]);
    expect(run).toMatchObject({ status: 0, stdout: `${expected}\n`, stderr: '' });
  });

  it('accepts the time as an ISO 8601 date (1111111109 = 2005-03-18T01:58:29Z)', () => {
    const run = mfakit(['code', KEYS.SHA1, '--time', '2005-03-18T01:58:29Z', '--digits', '8']);
    expect(run.stdout).toBe('07081804\n');
  });

  it('accepts an offset in the ISO date', () => {
    const run = mfakit(['code', KEYS.SHA1, '--time', '2005-03-18T02:58:29+01:00', '--digits', '8']);
    expect(run.stdout).toBe('07081804\n');
  });

  it('prints the last six digits by default', () => {
    expect(mfakit(['code', KEYS.SHA1, '--time', '@59']).stdout).toBe('287082\n');
  });

  it('takes algorithm names in any case and with a hyphen', () => {
    const run = mfakit(['code', KEYS.SHA256, '--time', '@59', '--digits', '8', '--algorithm', 'sha-256']);
    expect(run.stdout).toBe('46119246\n');
  });

  it("takes the parameters from an otpauth URI, and options override the URI's", () => {
    const uri = `otpauth://totp/RFC:test?secret=${KEYS.SHA512}&algorithm=SHA512&digits=8&issuer=RFC`;
    expect(mfakit(['code', uri, '--time', '@1234567890']).stdout).toBe('93441116\n');
    expect(mfakit(['code', uri, '--time', '@1234567890', '--digits', '6']).stdout).toBe('441116\n');
  });

  it('reads the secret from standard input when given -', () => {
    expect(mfakit(['code', '-', '--time', '@59'], `${KEYS.SHA1}\n`).stdout).toBe('287082\n');
  });
});

describe('mfakit verify accepts the RFC 6238 codes', () => {
  it.each(RFC6238)('the codes at @%i', (seconds, ...codes) => {
    (['SHA1', 'SHA256', 'SHA512'] as const).forEach((algorithm, i) => {
      const args = ['--time', `@${seconds}`, '--digits', '8', '--algorithm', algorithm];
      const run = mfakit(['verify', KEYS[algorithm], codes[i] as string, ...args]);
      expect(run).toMatchObject({ status: 0, stdout: 'valid (delta 0)\n' });
    });
  });

  it('reports the delta of a code from the previous step (59 s is one step after 29 s)', () => {
    const run = mfakit(['verify', KEYS.SHA1, '94287082', '--digits', '8', '--time', '@89']);
    expect(run).toMatchObject({ status: 0, stdout: 'valid (delta -1)\n' });
  });
});

describe('HOTP (RFC 4226 Appendix D) through --counter', () => {
  it.each(RFC4226.map((code, counter) => ({ code, counter })))(
    'counter $counter is $code',
    ({ code, counter }) => {
      expect(mfakit(['code', KEYS.SHA1, '--counter', String(counter)]).stdout).toBe(`${code}\n`);
    },
  );

  it('verify finds a code within the look-ahead and reports its counter', () => {
    const run = mfakit(['verify', KEYS.SHA1, '969429', '--counter', '1', '--window', '3', '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ valid: true, delta: 2, counter: 3 });
  });
});
