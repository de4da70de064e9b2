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
