// The command's codes against the published vectors: RFC 6238 Appendix B (TOTP, 8 digits, all three
// algorithms) and RFC 4226 Appendix D (HOTP), computed by `mfakit code` and accepted by `mfakit verify`.
import { beforeAll, describe, expect, it } from 'vitest';
import { RFC4226_VECTORS, RFC6238_VECTORS } from '../../src/testing/index.js';
import { mfakit, requireBuiltCli } from './run.js';

// The published vectors as mfakit/testing exports them (test/otp/rfc-vectors.test.ts checks that
// data against the RFCs' tables restated as literals).
const keyOf = (algorithm: 'SHA1' | 'SHA256' | 'SHA512'): string =>
  RFC6238_VECTORS.find((vector) => vector.algorithm === algorithm)!.secretBase32;
const KEYS = { SHA1: keyOf('SHA1'), SHA256: keyOf('SHA256'), SHA512: keyOf('SHA512') } as const;

beforeAll(requireBuiltCli);

describe('mfakit code reproduces RFC 6238 Appendix B', () => {
  const cases = RFC6238_VECTORS.map(({ time, algorithm, code }) => ({
    seconds: time / 1000,
    algorithm,
    expected: code,
  }));
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
  it.each(RFC6238_VECTORS)('$algorithm at $time ms', ({ time, algorithm, code, secretBase32 }) => {
    const args = ['--time', `@${time / 1000}`, '--digits', '8', '--algorithm', algorithm];
    const run = mfakit(['verify', secretBase32, code, ...args]);
    expect(run).toMatchObject({ status: 0, stdout: 'valid (delta 0)\n' });
  });

  it('reports the delta of a code from the previous step (59 s is one step after 29 s)', () => {
    const run = mfakit(['verify', KEYS.SHA1, '94287082', '--digits', '8', '--time', '@89']);
    expect(run).toMatchObject({ status: 0, stdout: 'valid (delta -1)\n' });
  });
});

describe('HOTP (RFC 4226 Appendix D) through --counter', () => {
  it.each(RFC4226_VECTORS.map(({ code, counter }) => ({ code, counter })))(
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
