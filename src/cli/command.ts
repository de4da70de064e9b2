// The shape of one subcommand: its options, its help text and what it does.
import type { OptionSpec, ParsedArgs } from './args.js';

/** One `mfakit <name>` subcommand. */
export interface Command {
  /** The word after `mfakit`. */
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** The full text printed by `mfakit <name> --help`. */
  readonly help: string;
  /** Its options besides --help, in parseArgs' format. */
  readonly options: OptionSpec;
  /** Runs the command and resolves to its exit status. Throws UsageError or MfaError on bad input. */
  run(parsed: ParsedArgs): Promise<number>;
}
