import { generateSecret } from '../../otp/index.js';
import { MAX_GENERATED_BYTES, MIN_GENERATED_BYTES, OTP_DEFAULTS } from '../../shared/index.js';
import { expectPositionals, integerArg, JSON_OPTION } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';
import { printJson, printLine } from '../output.js';

/** `mfakit secret`: a new random Base32 secret. */
export const secretCommand: Command = {
  name: 'secret',
  summary: 'print a new random Base32 secret',
  help: `Usage: mfakit secret [--bytes N] [--json]

Prints a new secret from the system's cryptographically secure random generator, as Base32 text
ready for \`mfakit uri\` or an authenticator app's manual entry.

Options:
  --bytes N   length of the secret in bytes, ${MIN_GENERATED_BYTES} to ${MAX_GENERATED_BYTES} (default ${OTP_DEFAULTS.secretBytes}, i.e. 160 bits as RFC 4226 advises)
  --json      print {"secret": "...", "bytes": N}
  -h, --help  show this help

Examples:
  mfakit secret
  mfakit secret --bytes 32 --json`,
  options: { bytes: { type: 'string' }, ...JSON_OPTION },
  async run(parsed) {
    expectPositionals('secret', parsed, []);
    const bytes = integerArg(parsed, 'bytes') ?? OTP_DEFAULTS.secretBytes;
    const secret = generateSecret({ bytes });
    if (parsed.values['json']) printJson({ secret, bytes });
    else printLine(secret);
    return EXIT.ok;
  },
};
