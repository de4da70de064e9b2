// The --json shapes, which scripts depend on, and the plain output of piped commands.
import { beforeAll, describe, expect, it } from 'vitest';
import { mfakit, requireBuiltCli } from './run.js';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const URI = `otpauth://totp/Acme:ada%40example.com?secret=${SECRET}&issuer=Acme`;

function json(args: string[]): unknown {
  const run = mfakit([...args, '--json']);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

beforeAll(requireBuiltCli);

describe('--json', () => {
  it('secret: {secret, bytes}, a fresh Base32 secret of that many bytes each time', () => {
    const first = json(['secret', '--bytes', '32']) as { secret: string; bytes: number };
    expect(first).toEqual({ secret: expect.stringMatching(/^[A-Z2-7]+=*$/), bytes: 32 });
    expect(first.secret.replace(/=+$/, '')).toHaveLength(Math.ceil((32 * 8) / 5));
    expect((json(['secret', '--bytes', '32']) as { secret: string }).secret).not.toBe(first.secret);
  });

  it('code: the code, the next one, the step and the seconds left', () => {
    expect(json(['code', SECRET, '--time', '@59'])).toEqual({
      type: 'totp',
      code: '287082',
      next: '359152',
      step: 1,
      secondsRemaining: 1,
      time: '1970-01-01T00:00:59.000Z',
    });
  });

  it('code with --counter: a HOTP code and its counter', () => {
    expect(json(['code', SECRET, '--counter', '2'])).toEqual({ type: 'hotp', code: '359152', counter: 2 });
  });

  it('verify: {valid, delta, step} when valid, {valid: false} when not', () => {
    expect(json(['verify', SECRET, '287082', '--time', '@65'])).toEqual({ valid: true, delta: -1, step: 1 });
    const run = mfakit(['verify', SECRET, '000000', '--time', '@65', '--json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ valid: false });
  });

  it('uri: {uri}', () => {
    const { uri } = json(['uri', SECRET, '--issuer', 'Acme', '--account', 'ada@example.com']) as {
      uri: string;
    };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Acme:ada(%40|@)example\.com\?/);
    expect(new URL(uri).searchParams.get('secret')).toBe(SECRET);
    expect(new URL(uri).searchParams.get('issuer')).toBe('Acme');
  });

  it('inspect: every parameter with defaults filled in, the secret only as its strength', () => {
    expect(json(['inspect', URI])).toEqual({
      type: 'totp',
      issuer: 'Acme',
      accountName: 'ada@example.com',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      secretBits: 160,
    });
  });

  it('inspect --show-secret adds the secret', () => {
    expect(json(['inspect', URI, '--show-secret'])).toMatchObject({ secret: SECRET });
  });

  it('inspect of a HOTP URI has its counter and no period', () => {
    const hotp = json(['inspect', `otpauth://hotp/ada?secret=${SECRET}&counter=7`]);
    expect(hotp).toMatchObject({ type: 'hotp', counter: 7 });
    expect(hotp).not.toHaveProperty('period');
  });
});

describe('plain output', () => {
  it('code piped prints just the code and a newline', () => {
    const run = mfakit(['code', SECRET]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\d{6}\n$/);
    expect(run.stderr).toBe('');
  });

  it('secret prints just the secret', () => {
    expect(mfakit(['secret']).stdout).toMatch(/^[A-Z2-7]{32}\n$/);
  });

  it('uri builds what code then reads', () => {
    const uri = mfakit([
      'uri',
      SECRET,
      '--account',
      'ada',
      '--digits',
      '8',
      '--algorithm',
      'SHA1',
    ]).stdout.trim();
    expect(mfakit(['code', uri, '--time', '@59']).stdout).toBe('94287082\n');
  });

  it('secret | uri - | code - works as a pipeline', () => {
    const secret = mfakit(['secret']).stdout;
    const uri = mfakit(['uri', '-', '--issuer', 'Acme', '--account', 'ada'], secret).stdout;
    const viaUri = mfakit(['code', '-', '--time', '@1000'], uri).stdout;
    expect(viaUri).toBe(mfakit(['code', secret.trim(), '--time', '@1000']).stdout);
  });

  it('inspect prints an aligned table that hides the secret', () => {
    const { stdout } = mfakit(['inspect', URI]);
    expect(stdout).toContain('issuer     Acme\n');
    expect(stdout).toContain('account    ada@example.com\n');
    expect(stdout).toContain('period     30 s\n');
    expect(stdout).toMatch(/secret {5}160 bits \(hidden/);
    expect(stdout).not.toContain(SECRET);
  });
});
