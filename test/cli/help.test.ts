// --help for the command and each subcommand, and --version.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mfakit, mfakitAsync, ROOT, requireBuiltCli } from './run.js';

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
    expect(run.stdout).toMatch(new RegExp(`Examples:\\n  mfakit ${command}\\b`));
  });

  it.each(COMMANDS)('mfakit help %s prints the same as its --help', (command) => {
    expect(mfakit(['help', command]).stdout).toBe(mfakit([command, '--help']).stdout);
  });

  it('--help wins over missing arguments', () => {
    expect(mfakit(['verify', '--help']).status).toBe(0);
  });

  it('every option the help of a command mentions is accepted by it', async () => {
    const runs = COMMANDS.flatMap((command) => {
      const options = new Set(mfakit([command, '--help']).stdout.match(/--[a-z][a-z-]+/g));
      return [...options].map(async (option) => ({
        command,
        option,
        run: await mfakitAsync([command, option, '--help']),
      }));
    });
    for (const { command, option, run } of await Promise.all(runs)) {
      // A value-taking option swallows the --help after it, which is fine; an unknown one is not.
      expect(run.stderr, `${command} ${option}`).not.toMatch(/unknown option/);
    }
  }, 60_000);
});

describe('--version', () => {
  it("prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };
    expect(mfakit(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    expect(mfakit(['-V']).stdout).toBe(`${version}\n`);
  });
});
