// Exit statuses: 0 done or valid, 1 not valid, 2 bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { mfakit, requireBuiltCli } from './run.js';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

beforeAll(requireBuiltCli);

describe('verify', () => {
  it('exits 0 for a valid code', () => {
    expect(mfakit(['verify', SECRET, '287082', '--time', '@59']).status).toBe(0);
  });

  it('exits 1 and prints "invalid" for a wrong code, with nothing on stderr', () => {
    expect(mfakit(['verify', SECRET, '123456', '--time', '@59'])).toEqual({
      status: 1,
      stdout: 'invalid\n',
      stderr: '',
    });
  });

  it('exits 1 for a code of the wrong length (an outcome, not bad input)', () => {
    expect(mfakit(['verify', SECRET, '28708', '--time', '@59']).status).toBe(1);
  });

  it('exits 1 for a code outside the window and 0 once the window covers it', () => {
    // 287082 is the code of step 1 (30–59 s); at 119 s it is two steps old.
    expect(mfakit(['verify', SECRET, '287082', '--time', '@119']).status).toBe(1);
    expect(mfakit(['verify', SECRET, '287082', '--time', '@119', '--window', '2']).stdout).toBe(
      'valid (delta -2)\n',
    );
  });

  it('--window 0 accepts only the current step', () => {
    expect(mfakit(['verify', SECRET, '287082', '--time', '@60', '--window', '0']).status).toBe(1);
    expect(mfakit(['verify', SECRET, '287082', '--time', '@59', '--window', '0']).status).toBe(0);
  });

  it('ignores the spaces and hyphens people type inside a code', () => {
    expect(mfakit(['verify', SECRET, '287 082', '--time', '@59']).status).toBe(0);
    expect(mfakit(['verify', SECRET, '287-082', '--time', '@59']).status).toBe(0);
  });

  it('exits 2 for letters in the code', () => {
    expect(mfakit(['verify', SECRET, '28708x', '--time', '@59']).status).toBe(2);
  });
});

describe('every other command', () => {
  it.each([
    [['secret']],
    [['code', SECRET, '--time', '@59']],
    [['uri', SECRET, '--account', 'ada']],
    [['inspect', `otpauth://totp/ada?secret=${SECRET}`]],
    [['qr', `otpauth://totp/ada?secret=${SECRET}`]],
    [['--version']],
    [['--help']],
  ])('mfakit %j exits 0', (args) => {
    expect(mfakit(args).status).toBe(0);
  });
});
