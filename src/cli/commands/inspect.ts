import { decodeBase32, parseUri } from '../../otp/index.js';
import { expectPositionals, JSON_OPTION } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';
import { readArgument } from '../key.js';
import { formatTable, jsonCounter, printJson, printLine } from '../output.js';

/** `mfakit inspect`: a Key URI's parameters. */
export const inspectCommand: Command = {
  name: 'inspect',
  summary: "show an otpauth:// URI's parameters as a table or JSON",
  help: `Usage: mfakit inspect <otpauth-uri | -> [--json] [--show-secret]

Parses an otpauth:// Key URI, checks it, and prints its parameters with the defaults filled in.
The secret is shown only as its strength unless --show-secret is given, so the output can be
pasted into a ticket or a chat. Give - to read the URI from standard input.

Options:
  --json              print the parameters as a JSON object
  --show-secret       include the Base32 secret
  -h, --help          show this help

Examples:
  mfakit inspect 'otpauth://totp/Acme:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme'
  mfakit inspect "$URI" --json`,
  options: { 'show-secret': { type: 'boolean' }, ...JSON_OPTION },
  async run(parsed) {
    const [argument] = expectPositionals('inspect', parsed, ['otpauth-uri']);
    const uri = parseUri(await readArgument(argument ?? '', 'URI'));
    const secretBits = decodeBase32(uri.secret).length * 8;
    const showSecret = parsed.values['show-secret'] === true;
    const fields = {
      type: uri.type,
      issuer: uri.issuer,
      accountName: uri.accountName,
      algorithm: uri.algorithm,
      digits: uri.digits,
      ...(uri.type === 'totp' ? { period: uri.period } : {}),
      ...(uri.counter === undefined ? {} : { counter: jsonCounter(uri.counter) }),
      ...(uri.image === undefined ? {} : { image: uri.image }),
      secretBits,
      ...(showSecret ? { secret: uri.secret } : {}),
    };
    if (parsed.values['json']) {
      printJson(fields);
      return EXIT.ok;
    }
    const rows: Array<[string, string]> = [
      ['type', fields.type],
      ['issuer', fields.issuer || '(none)'],
      ['account', fields.accountName],
      ['algorithm', fields.algorithm],
      ['digits', String(fields.digits)],
    ];
    if (fields.period !== undefined) rows.push(['period', `${fields.period} s`]);
    if (fields.counter !== undefined) rows.push(['counter', String(fields.counter)]);
    if (fields.image !== undefined) rows.push(['image', fields.image]);
    rows.push(['secret', showSecret ? uri.secret : `${secretBits} bits (hidden; --show-secret prints it)`]);
    printLine(formatTable(rows));
    return EXIT.ok;
  },
};
