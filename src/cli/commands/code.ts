import { expectPositionals, JSON_OPTION, timeArg } from '../args.js';
import { counterCode, timedCode } from '../codes.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';
import { KEY_OPTIONS, readArgument, resolveKey } from '../key.js';
import { runLiveView } from '../live.js';
import { jsonCounter, printJson, printLine } from '../output.js';

/** `mfakit code`: the current code of a secret or Key URI. */
export const codeCommand: Command = {
  name: 'code',
  summary: 'print the code of a secret or otpauth:// URI (live on a terminal)',
  help: `Usage: mfakit code <secret | otpauth-uri | -> [options]

Prints the TOTP code of a Base32 secret or an otpauth:// Key URI. On a terminal it stays open,
showing the seconds left in the time step as a bar and the next code, until Ctrl-C. When its output
is piped or redirected, or with --time, --once or --json, it prints the code once and exits.
Give - to read the secret or URI from standard input (it then stays out of your shell history).

Options:
  --time T            the moment to compute the code for: @<unix seconds> or an ISO 8601 date
                      with a zone (2005-03-18T01:58:29Z); default now
  --algorithm A       SHA1, SHA256 or SHA512 (default SHA1, or the URI's)
  --digits N          code length, 6 to 10 (default 6, or the URI's)
  --period S          time step in seconds (default 30, or the URI's)
  --counter N         compute the HOTP code at counter N instead (hotp URIs use their counter)
  --once              print the code once even on a terminal
  --json              print {"type", "code", "next", "step", "secondsRemaining", "time"}
  -h, --help          show this help

Options given with a URI override the URI's own parameters.

Examples:
  mfakit code JBSWY3DPEHPK3PXP
  mfakit code 'otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP&issuer=Acme'
  mfakit code GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ --time @59 --digits 8     # 94287082
  mfakit secret | tee secret.txt | mfakit code -`,
  options: { ...KEY_OPTIONS, time: { type: 'string' }, once: { type: 'boolean' }, ...JSON_OPTION },
  async run(parsed) {
    const [argument] = expectPositionals('code', parsed, ['secret | otpauth-uri']);
    const key = resolveKey(await readArgument(argument ?? '', 'secret or URI'), parsed);
    const time = timeArg(parsed);
    const json = parsed.values['json'] === true;
    if (key.type === 'hotp') {
      const code = counterCode(key);
      if (json) printJson({ type: 'hotp', code, counter: jsonCounter(key.counter ?? 0) });
      else printLine(code);
      return EXIT.ok;
    }
    if (time === undefined && !json && parsed.values['once'] !== true && process.stdout.isTTY) {
      return runLiveView(key);
    }
    const at = time ?? Date.now();
    const { code, next, step, secondsRemaining } = timedCode(key, at);
    if (json) {
      printJson({ type: 'totp', code, next, step, secondsRemaining, time: new Date(at).toISOString() });
    } else {
      printLine(code);
    }
    return EXIT.ok;
  },
};
