// A word in the wrong place may be a secret pasted there. Error messages name an unknown command or
// option only when it reads like a name; anything else (a Base32 or hex secret, in any case, in any
// place) is left out, since the message ends up on screen, in scrollback and in CI logs.
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMON_OPTIONS } from '../../src/cli/args.js';
import { codeCommand } from '../../src/cli/commands/code.js';
import { inspectCommand } from '../../src/cli/commands/inspect.js';
import { qrCommand } from '../../src/cli/commands/qr.js';
import { secretCommand } from '../../src/cli/commands/secret.js';
import { uriCommand } from '../../src/cli/commands/uri.js';
import { verifyCommand } from '../../src/cli/commands/verify.js';
import { showableWord } from '../../src/cli/errors.js';
import { mfakit, mfakitAsync, requireBuiltCli } from './run.js';

const COMMANDS = [secretCommand, codeCommand, verifyCommand, uriCommand, qrCommand, inspectCommand];

const BASE32 = 'KRSXG5CTMVRXEZLUKRSXG5CT';
const SECRETS: ReadonlyArray<readonly [what: string, secret: string]> = [
  ['a Base32 secret', BASE32],
  ['a lower-case Base32 secret', BASE32.toLowerCase()],
  ['an 80-bit Base32 secret', 'JBSWY3DPEHPK3PXP'],
  ['a Base32 secret in groups', 'JBSW-Y3DP-EHPK-3PXP'],
  ['a short Base32 fragment', 'JBSWY3DP'],
  ['a hex secret', '3132333435363738393031323334353637383930'],
  ['a letters-only lower-case secret', 'abcdefghijklmnopqrstuvwxyz'],
  ['a base64 secret', 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA='],
];

describe('showableWord', () => {
  it('shows every command name and option name the command has', () => {
    const names = COMMANDS.flatMap((command) => [
      command.name,
      ...Object.keys({ ...COMMON_OPTIONS, ...command.options }).map((option) => `--${option}`),
    ]);
    expect(names).toContain('--error-correction');
    for (const name of names) expect(showableWord(name), name).toBe(name);
  });

  it.each(SECRETS)('hides %s, bare or after dashes', (_what, secret) => {
    expect(showableWord(secret)).toBeUndefined();
    expect(showableWord(`--${secret}`)).toBeUndefined();
    expect(showableWord(`-${secret}`)).toBeUndefined();
  });
});

describe('the command never repeats a secret typed in the wrong place', () => {
  beforeAll(requireBuiltCli);

  const PLACES: ReadonlyArray<readonly [place: string, args: (secret: string) => string[], says: RegExp]> = [
    ['as the command', (s) => [s], /unknown command \(not shown/],
    ['as a top-level option', (s) => [`--${s}`], /unknown option \(not shown/],
    ['as an option of a command', (s) => ['code', BASE32, `--${s}`], /unknown option \(not shown/],
    ['as an option with a value', (s) => ['code', BASE32, `--${s}=1`], /unknown option \(not shown/],
    ['after help', (s) => ['help', s], /unknown command \(not shown/],
  ];

  // Three kinds of secret in each place, run side by side; showableWord above sees every kind.
  const TRIED = [BASE32, BASE32.toLowerCase(), 'JBSWY3DP'];

  it.each(PLACES)('%s', async (_place, args, says) => {
    const runs = await Promise.all(TRIED.map((secret) => mfakitAsync(args(secret))));
    runs.forEach((run, index) => {
      const secret = TRIED[index] as string;
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(says);
      // Not even a prefix: the old message showed the first eight characters.
      expect(run.stderr.toUpperCase()).not.toContain(secret.slice(0, 4).toUpperCase());
    });
  });

  it('still names a mistyped command or option', () => {
    expect(mfakit(['inspekt']).stderr).toBe("mfakit: unknown command 'inspekt' (see mfakit --help)\n");
    expect(mfakit(['--verbose']).stderr).toBe("mfakit: unknown option '--verbose' (see mfakit --help)\n");
    expect(mfakit(['code', BASE32, '--show-secret']).stderr).toBe(
      'mfakit: unknown option --show-secret (see mfakit code --help)\n',
    );
    expect(mfakit(['help', 'qrcode']).stderr).toBe("mfakit: unknown command 'qrcode'\n");
  });
});
