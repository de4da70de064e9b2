// Argument parsing on node:util parseArgs, plus the value parsers the commands share. parseArgs'
// own messages are rewritten so that they stay one line and point at the command's --help.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { MAX_TIME_MS } from '../shared/index.js';
import { showableWord, UsageError } from './errors.js';

/** The option table of one command, in parseArgs' format. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed options (string or boolean values) and positionals. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** Options every command takes. */
export const COMMON_OPTIONS: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
};

/** The option naming a JSON output. */
export const JSON_OPTION: OptionSpec = { json: { type: 'boolean' } };

/** Parses `args` strictly against `options`, turning parseArgs errors into one-line UsageErrors. */
export function parseCommandArgs(command: string, args: readonly string[], options: OptionSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...COMMON_OPTIONS, ...options },
      strict: true,
      allowPositionals: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new UsageError(`${describeParseError(error)} (see mfakit ${command} --help)`);
  }
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  // Quote only the option name parseArgs reports, never the value that followed it, and only when it
  // reads like an option name: `--JBSWY3DP…` is a secret typed in the wrong place.
  const option =
    showableWord(/'(-{1,2}[A-Za-z][\w-]*)/.exec(message)?.[1]) ?? '(not shown, in case it is a secret)';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `option ${option} needs a value`;
    default:
      return 'the arguments could not be parsed';
  }
}

/** Reads a string option; `undefined` when absent. */
export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Requires exactly `names.length` positionals and returns them. */
export function expectPositionals(command: string, parsed: ParsedArgs, names: readonly string[]): string[] {
  const given = parsed.positionals.length;
  if (given < names.length) {
    throw new UsageError(
      `missing ${names
        .slice(given)
        .map((n) => `<${n}>`)
        .join(' ')} (see mfakit ${command} --help)`,
    );
  }
  if (given > names.length) {
    throw new UsageError(`expected ${names.length} argument(s), got ${given} (see mfakit ${command} --help)`);
  }
  return [...parsed.positionals];
}

/**
 * Parses a whole-number option; `undefined` when absent. Only the form is checked here: the range is
 * the library's, checked where the value is used, so the command line never restates a limit.
 */
export function integerArg(parsed: ParsedArgs, name: string): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new UsageError(`--${name} must be a whole number`);
  return value;
}

/** Accepts 'sha1', 'SHA-256' and the like; the library checks the name itself. */
export function algorithmArg(parsed: ParsedArgs): string | undefined {
  return stringOption(parsed, 'algorithm')?.replace(/^(sha)-/i, '$1');
}

const UNIX_SECONDS = /^@(\d{1,15})(\.\d{1,3})?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses `--time`: `@<unix seconds>` (as `date +%s` prints) or an ISO 8601 date or date-time.
 * A date-time must carry `Z` or an offset: JavaScript would read it as local time, and a code
 * computed in the wrong zone is silently wrong.
 *
 * @returns milliseconds since the epoch
 */
export function parseTime(text: string): number {
  const unix = UNIX_SECONDS.exec(text);
  if (unix) return checkDateRange(Math.round(Number(`${unix[1]}${unix[2] ?? ''}`) * 1000));
  if (/^\d{4}-\d{2}-\d{2}T[^Zz+-]*$/.test(text)) {
    throw new UsageError('--time needs a time zone: add Z (UTC) or an offset such as +01:00');
  }
  const ms = ISO_DATE.test(text) || ISO_DATE_TIME.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 0) {
    throw new UsageError('--time must be @<unix seconds> or an ISO 8601 date such as 2025-01-31T12:00:00Z');
  }
  return checkDateRange(ms);
}

function checkDateRange(ms: number): number {
  if (ms > MAX_TIME_MS) throw new UsageError('--time is later than the year 275760');
  return ms;
}

/** The `--time` option as milliseconds since the epoch, or `undefined` when absent. */
export function timeArg(parsed: ParsedArgs): number | undefined {
  const text = stringOption(parsed, 'time');
  return text === undefined ? undefined : parseTime(text);
}
