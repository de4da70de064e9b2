// Turning the <secret | otpauth-uri> argument into the parameters of a code. A URI brings its own
// algorithm, digits and period; options given on the command line override them.
import { decodeBase32, parseUri } from '../otp/index.js';
import { algorithmArg, integerArg, type ParsedArgs, stringOption } from './args.js';
import { UsageError } from './errors.js';

/** Everything needed to compute or check a code. */
export interface KeyParams {
  readonly type: 'totp' | 'hotp';
  /** Base32 text, as typed or as found in the URI. */
  readonly secret: string;
  readonly algorithm: string;
  readonly digits: number;
  readonly period: number;
  /** The HOTP counter: from `--counter`, else from the URI (a bigint past 2^53). */
  readonly counter: number | bigint | undefined;
  /** "Issuer: account" when the key came from a URI, for the live view. */
  readonly label: string | undefined;
}

/** Options that shape a code, shared by `code` and `verify`. */
export const KEY_OPTIONS = {
  algorithm: { type: 'string' },
  digits: { type: 'string' },
  period: { type: 'string' },
  counter: { type: 'string' },
} as const;

/** The most a secret or URI read from standard input may be; more is not a key. */
const MAX_STDIN_BYTES = 64 * 1024;

/**
 * Resolves `-` to the first line of standard input, so a secret need not appear in the shell
 * history or in `ps` output; any other argument is returned as it is.
 */
export async function readArgument(argument: string, what: string): Promise<string> {
  if (argument !== '-') return argument;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    length += buffer.length;
    if (length > MAX_STDIN_BYTES) throw new UsageError(`standard input is too long for a ${what}`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') throw new UsageError(`expected a ${what} on standard input, got nothing`);
  return text;
}

/** True when the argument looks like a Key URI rather than a Base32 secret. */
export function isUri(argument: string): boolean {
  return /^otpauth:/i.test(argument);
}

/** Builds the key parameters from the positional argument and the command-line options. */
export function resolveKey(argument: string, parsed: ParsedArgs): KeyParams {
  const algorithm = algorithmArg(parsed);
  const digits = integerArg(parsed, 'digits');
  const period = integerArg(parsed, 'period');
  const counter = integerArg(parsed, 'counter');
  if (isUri(argument)) {
    const uri = parseUri(argument);
    const hotp = uri.type === 'hotp' || counter !== undefined;
    return {
      type: hotp ? 'hotp' : 'totp',
      secret: uri.secret,
      algorithm: algorithm ?? uri.algorithm,
      digits: digits ?? uri.digits,
      period: period ?? uri.period,
      counter: counter ?? uri.counter ?? (hotp ? 0 : undefined),
      label: uri.issuer ? `${uri.issuer}: ${uri.accountName}` : uri.accountName,
    };
  }
  // Check the secret here so that a typo is reported as a bad secret, not as a failed code.
  decodeBase32(argument);
  if (stringOption(parsed, 'period') !== undefined && counter !== undefined) {
    throw new UsageError('--period applies to TOTP and --counter to HOTP: give one of them');
  }
  return {
    type: counter === undefined ? 'totp' : 'hotp',
    secret: argument,
    algorithm: algorithm ?? 'SHA1',
    digits: digits ?? 6,
    period: period ?? 30,
    counter,
    label: undefined,
  };
}
