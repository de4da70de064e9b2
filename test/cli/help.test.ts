// --help for the command and each subcommand, and --version.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mfakit, ROOT, requireBuiltCli } from './run.js';

const COMMANDS = ['secret', 'code', 'verify', 'uri', 'qr', 'inspect'] as const;

beforeAll(requireBuiltCli);

describe('help', () => {
  it('mfakit --help lists every command', () => {
    const run = mfakit(['--help']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('-h is the same as --help', () => {
    expect(mfakit(['-h']).stdout).toBe(mfakit(['--help']).stdout);
  });

  it.each(COMMANDS)('mfakit %s --help prints its usage, options and examples', (command) => {
    const run = mfakit([command, '--help']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^Usage: mfakit ${command} `));
    expect(run.stdout).toContain('Options:');
    expect(run.stdout).toMatch(new RegExp(`Examples:\\n  mfakit ${command} `));
  });

  it.each(COMMANDS)('mfakit help %s is the same as mfakit %s --help', (command) => {
    expect(mfakit(['help', command]).stdout).toBe(mfakit([command, '--help']).stdout);
  });

  it('--help wins over missing arguments', () => {
    expect(mfakit(['verify', '--help']).status).toBe(0);
  });

  it('every option the help of a command mentions is accepted by it', () => {
    for (const command of COMMANDS) {
      const help = mfakit([command, '--help']).stdout;
      const options = new Set(help.match(/--[a-z][a-z-]+/g));
      for (const option of options) {
        const run = mfakit([command, option, '--help']);
        // A value-taking option swallows the --help after it, which is fine; an unknown one is not.
        expect(run.stderr, `${command} ${option}`).not.toMatch(/unknown option/);
      }
    }
  });
});

describe('--version', () => {
  it("prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };
    expect(mfakit(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    expect(mfakit(['-V']).stdout).toBe(`${version}\n`);
  });
});
