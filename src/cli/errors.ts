// The CLI's own failure type. Anything thrown as a UsageError (or an MfaError from the library) is
// the user's input being wrong: one line on stderr and exit status 2, never a stack trace.

/** Exit statuses of the mfakit command. */
export const EXIT = Object.freeze({
  /** The command did what was asked; `verify`: the code is valid. */
  ok: 0,
  /** `verify`: the code is not valid. */
  invalid: 1,
  /** Bad input or any other failure; stderr says what was wrong. */
  usage: 2,
});

/** Bad command-line input. The message must never contain a secret or a code. */
export class UsageError extends Error {
  /**
   * @param message - what was wrong, in one line
   */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * What a command or option name looks like: lower-case words joined by hyphens, with up to two
 * leading dashes (`inspect`, `--show-secret`, `-h`). A Base32 or hex secret, which has capitals or
 * digits or runs past twelve letters without a hyphen, does not fit.
 */
const NAME_LIKE = /^-{0,2}[a-z]{1,12}(?:-[a-z]{1,12}){0,3}$/;

/**
 * A word from the command line as an error message may show it: the word itself when it reads like a
 * command or option name, else `undefined`. A word in the wrong place may be a secret pasted there,
 * and an error message ends up on screen, in scrollback and in CI logs.
 *
 * @param word - the unknown command or option, as typed
 * @returns the word when it is safe to repeat, else `undefined`
 */
export function showableWord(word: string | undefined): string | undefined {
  return word !== undefined && NAME_LIKE.test(word) ? word : undefined;
}
