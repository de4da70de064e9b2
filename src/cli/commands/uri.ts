import { buildUri, type OtpAlgorithmName } from '../../otp/index.js';
import { algorithmArg, expectPositionals, integerArg, JSON_OPTION, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { readArgument } from '../key.js';
import { printJson, printLine } from '../output.js';

/** `mfakit uri`: builds an otpauth:// Key URI. */
export const uriCommand: Command = {
  name: 'uri',
  summary: 'build an otpauth:// Key URI from a secret',
  help: `Usage: mfakit uri <secret | -> --account NAME [--issuer NAME] [options]

Builds the otpauth:// Key URI that authenticator apps scan, with the issuer both as the label
prefix and as a parameter. Give - to read the secret from standard input.

Options:
  --account NAME      the account name shown in the app, e.g. an email address (required)
  --issuer NAME       the service, e.g. your company or product name
  --algorithm A       SHA1, SHA256 or SHA512 (default SHA1; many apps support only SHA1)
  --digits N          code length, 6 to 10 (default 6)
  --period S          time step in seconds (default 30)
  --counter N         make a HOTP URI starting at counter N instead of a TOTP URI
  --image URL         an https:// logo for apps that show one
  --json              print {"uri": "..."}
  -h, --help          show this help

Examples:
  mfakit uri JBSWY3DPEHPK3PXP --issuer Acme --account ada@example.com
  mfakit secret | mfakit uri - --issuer Acme --account ada@example.com | mfakit qr -`,
  options: {
    account: { type: 'string' },
    issuer: { type: 'string' },
    algorithm: { type: 'string' },
    digits: { type: 'string' },
    period: { type: 'string' },
    counter: { type: 'string' },
    image: { type: 'string' },
    ...JSON_OPTION,
  },
  async run(parsed) {
    const [argument] = expectPositionals('uri', parsed, ['secret']);
    const accountName = stringOption(parsed, 'account');
    if (accountName === undefined) throw new UsageError('missing --account (see mfakit uri --help)');
    const secret = await readArgument(argument ?? '', 'secret');
    const counter = integerArg(parsed, 'counter');
    const uri = buildUri({
      type: counter === undefined ? 'totp' : 'hotp',
      secret,
      accountName,
      issuer: stringOption(parsed, 'issuer'),
      // The library checks the name; the cast only lets command-line text through to it.
      algorithm: algorithmArg(parsed) as OtpAlgorithmName | undefined,
      digits: integerArg(parsed, 'digits'),
      period: integerArg(parsed, 'period'),
      counter,
      image: stringOption(parsed, 'image'),
    });
    if (parsed.values['json']) printJson({ uri });
    else printLine(uri);
    return EXIT.ok;
  },
};
