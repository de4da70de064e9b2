/**
 * The words the app uses for mfakit's refusals. A wrong code and a reused one get the same message,
 * so that an attacker with a stolen code learns nothing about whether it was ever valid.
 */

/** A refusal as mfakit returns it. */
export interface RefusalLike {
  reason: string;
  retryAfterMs?: number;
}

function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * The message for a refused code.
 *
 * @param refusal - mfakit's `{ reason, retryAfterMs }`
 * @param what - what the user typed, for the message ('code' or 'recovery code')
 * @returns one sentence or two
 */
export function refusalMessage(refusal: RefusalLike, what = 'code'): string {
  const wait =
    refusal.retryAfterMs === undefined
      ? ''
      : `Too many wrong codes: try again in ${formatWait(refusal.retryAfterMs)}.`;
  // A lock without retryAfterMs lasts until an administrator's reset (after 100 failures in a row).
  if (refusal.reason === 'locked') {
    return wait || 'Too many wrong codes: this account is locked. Ask an administrator to unlock it.';
  }
  // The failure that triggers a lock is still reported as wrong, with retryAfterMs set.
  return wait ? `That ${what} didn't work. ${wait}` : `That ${what} didn't work. Check it and try again.`;
}

/**
 * The message for a refused password. It is the same whether or not the username exists, and
 * whether the account or the client's network is the one locked.
 *
 * @param refusal - whether the password was checked and wrong, and how long a lock now lasts
 * @returns one sentence or two
 */
export function signInRefusalMessage(refusal: { checked: boolean; lockMs: number }): string {
  const wait =
    refusal.lockMs > 0 ? `Too many sign-in attempts: try again in ${formatWait(refusal.lockMs)}.` : '';
  if (!refusal.checked) return wait;
  return wait ? `Incorrect username or password. ${wait}` : 'Incorrect username or password.';
}

// The confirmations shown after a redirect, by their ?notice= name. Only these texts can appear:
// the query string picks one, it never supplies words of its own.
const NOTICES: Readonly<Record<string, string>> = {
  'signed-out': 'You have signed out.',
  'mfa-disabled': 'MFA is disabled for your account.',
  'recovery-used': 'You signed in with a recovery code. Each code works only once.',
  'authenticator-added': 'The new authenticator app is set up: a code from it now signs you in.',
  'authenticator-renamed': 'The authenticator app was renamed.',
  'authenticator-removed': 'The authenticator app was removed: its codes no longer sign you in.',
  'device-forgotten': 'The device was forgotten: it will be asked for a code at its next sign-in.',
  'devices-forgotten':
    'Every remembered device was forgotten: each will be asked for a code at its next sign-in.',
};

/**
 * The confirmation named by a `?notice=` query value.
 *
 * @param name - the query value, if any
 * @returns the text, or undefined for an absent or unknown name
 */
export function noticeFor(name: string | undefined): string | undefined {
  return name !== undefined && Object.hasOwn(NOTICES, name) ? NOTICES[name] : undefined;
}
