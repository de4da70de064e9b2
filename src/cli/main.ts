#!/usr/bin/env node
/**
 * The `mfakit` command: secrets, codes, Key URIs and QR codes from the shell.
 *
 * Exit statuses: 0 done (or, for `verify`, valid); 1 `verify`: not valid; 2 bad input or any other
 * failure, with one line on stderr that says what was wrong. Never a stack trace, never a secret.
 *
 * @module
 */
import { version } from '../../package.json';
import { MfaError } from '../shared/index.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { codeCommand } from './commands/code.js';
import { inspectCommand } from './commands/inspect.js';
import { qrCommand } from './commands/qr.js';
import { secretCommand } from './commands/secret.js';
import { uriCommand } from './commands/uri.js';
import { verifyCommand } from './commands/verify.js';
import { EXIT, showableWord, UsageError } from './errors.js';
import { escapeControls, printLine } from './output.js';

const COMMANDS: readonly Command[] = [
  secretCommand,
  codeCommand,
  verifyCommand,
  uriCommand,
  qrCommand,
  inspectCommand,
];

const TOP_HELP = `Usage: mfakit <command> [options]

TOTP secrets, codes, Key URIs and QR codes (RFC 4226, RFC 6238, otpauth:// URIs).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)}${c.summary}`).join('\n')}

Options:
  -h, --help      show this help, or a command's help: mfakit <command> --help
  -V, --version   print the version

Exit status: 0 done (verify: valid), 1 verify: not valid, 2 bad input.
Give - in place of a secret or URI to read it from standard input, out of ps and shell history.

Examples:
  mfakit secret
  mfakit uri "$(mfakit secret)" --issuer Acme --account ada@example.com
  mfakit code JBSWY3DPEHPK3PXP
  mfakit verify JBSWY3DPEHPK3PXP 123456`;

/** Runs the command line `args` (without node and the script) and resolves to the exit status. */
async function main(args: readonly string[]): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) throw new UsageError('missing command (see mfakit --help)');
  if (first === '--help' || first === '-h') {
    printLine(TOP_HELP);
    return EXIT.ok;
  }
  if (first === '--version' || first === '-V') {
    printLine(version);
    return EXIT.ok;
  }
  if (first === 'help') return help(rest);
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    throw new UsageError(
      `${unknownWord(first.startsWith('-') ? 'option' : 'command', first)} (see mfakit --help)`,
    );
  }
  const parsed = parseCommandArgs(command.name, rest, command.options);
  if (parsed.values['help']) {
    printLine(command.help);
    return EXIT.ok;
  }
  return command.run(parsed);
}

function help(rest: readonly string[]): number {
  const command = COMMANDS.find((c) => c.name === rest[0]);
  if (rest.length > 0 && !command) throw new UsageError(unknownWord('command', rest[0]));
  printLine(command ? command.help : TOP_HELP);
  return EXIT.ok;
}

// A mistyped command could be a pasted secret: name it only when it reads like a command name.
function unknownWord(what: 'command' | 'option', word: string | undefined): string {
  const shown = showableWord(word);
  return shown === undefined
    ? `unknown ${what} (not shown, in case it is a secret)`
    : `unknown ${what} '${shown}'`;
}

/** The one line printed for a failure; whatever was thrown, no stack and no newline in it. */
function describeFailure(error: unknown): string {
  if (error instanceof UsageError || error instanceof MfaError) {
    // Messages may name a file the user gave: one line, and nothing in it that a terminal acts on.
    return escapeControls(error.message.replace(/[ \t\n\r]+/g, ' '));
  }
  // Unexpected errors may carry anything in their message, so only their kind is shown.
  const name = error instanceof Error ? error.name : typeof error;
  return `internal error (${name}); run with MFAKIT_DEBUG=1 for details`;
}

async function run(): Promise<void> {
  // A reader that goes away (mfakit code … | head -c 3) is not an error worth a message.
  process.stdout.on('error', () => process.exit(process.exitCode ?? EXIT.ok));
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (process.env['MFAKIT_DEBUG'] === '1') console.error(error);
    process.stderr.write(`mfakit: ${describeFailure(error)}\n`);
    process.exitCode = EXIT.usage;
  }
}

void run();
