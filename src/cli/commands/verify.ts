import { normalizeAlgorithm, verifyHotp, verifyTotp } from '../../otp/index.js';
import { expectPositionals, integerArg, JSON_OPTION, timeArg } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { KEY_OPTIONS, readArgument, resolveKey } from '../key.js';
import { jsonCounter, printJson, printLine } from '../output.js';

/** Removes the spaces and hyphens people type inside a code ("123 456"). */
function normalizeCode(code: string): string {
  const digits = code.replace(/[\s-]/g, '');
  // Letters are a typing mistake, not a wrong code: say so rather than answer "invalid".
  if (!/^\d+$/.test(digits)) throw new UsageError('the code must be digits');
  return digits;
}

/** `mfakit verify`: checks a code; exit 0 when valid, 1 when not. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check a code against a secret or URI (exit 0 valid, 1 invalid)',
  help: `Usage: mfakit verify <secret | otpauth-uri | -> <code> [options]

Checks a code. Exit status 0 when it is valid, printing its delta: the number of time steps between
the code and the moment checked (0 now, -1 the previous step, 1 the next). Exit status 1 when it is
not valid, 2 when the input is bad. Spaces and hyphens inside the code are ignored.

Options:
  --window N          accept codes up to N steps before or after (default 1)
  --time T            check as of this moment: @<unix seconds> or an ISO 8601 date with a zone
  --algorithm A       SHA1, SHA256 or SHA512 (default SHA1, or the URI's)
  --digits N          code length, 6 to 10 (default 6, or the URI's)
  --period S          time step in seconds (default 30, or the URI's)
  --counter N         check a HOTP code from counter N on (hotp URIs use their counter);
                      --window is then how many counters to look ahead (default 1)
  --json              print {"valid": true, "delta": D, "step": S} or {"valid": false}
  -h, --help          show this help

Examples:
  mfakit verify JBSWY3DPEHPK3PXP 123456
  mfakit verify GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ 94287082 --digits 8 --time @59   # valid (delta 0)
  mfakit verify "$URI" 123456 --window 2 --json`,
  options: { ...KEY_OPTIONS, window: { type: 'string' }, time: { type: 'string' }, ...JSON_OPTION },
  async run(parsed) {
    const [argument, typed] = expectPositionals('verify', parsed, ['secret | otpauth-uri', 'code']);
    const key = resolveKey(await readArgument(argument ?? '', 'secret or URI'), parsed);
    const code = normalizeCode(typed ?? '');
    const window = integerArg(parsed, 'window');
    const algorithm = normalizeAlgorithm(key.algorithm);
    let result: Record<string, unknown> | null;
    if (key.type === 'hotp') {
      const match = verifyHotp(key.secret, code, {
        counter: key.counter ?? 0,
        lookAhead: window ?? 1,
        digits: key.digits,
        algorithm,
      });
      result = match && { valid: true, delta: match.delta, counter: jsonCounter(match.counter) };
    } else {
      const time = timeArg(parsed);
      const match = verifyTotp(key.secret, code, {
        ...(time === undefined ? {} : { time }),
        window: window ?? 1,
        period: key.period,
        digits: key.digits,
        algorithm,
      });
      result = match && { valid: true, delta: match.delta, step: match.step };
    }
    if (parsed.values['json']) printJson(result ?? { valid: false });
    else printLine(result ? `valid (delta ${result['delta']})` : 'invalid');
    return result ? EXIT.ok : EXIT.invalid;
  },
};
