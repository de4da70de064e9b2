/**
 * The password throttle: wrong passwords are counted per account (the username as typed, whether or
 * not it exists) and per client network (the IPv4 address, or the /64 of an IPv6 one), over a sliding
 * hour. Past a few free failures each further one locks the key for twice as long as the one before;
 * while a key is locked no password is checked at all, so even the right one is refused.
 *
 * Every attempt is counted *before* its password is checked, in one SQLite transaction with the
 * lock check, and given back if the password was right: a burst of parallel guesses cannot get more
 * tries than the budget, because each one sees the others' counts. A right password does not wipe
 * the earlier failures (they age out of the hour): otherwise someone guessing would get a fresh
 * budget each time the real user signs in.
 *
 * The keys are stored as HMACs under a server key, so the table never holds a typed username (or a
 * password typed into the username field) in readable form.
 */
import { createHmac } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Database } from 'better-sqlite3';

/** Every number of the throttle, in one place. */
export const SIGN_IN_LIMITS = Object.freeze({
  /** Failures older than this no longer count. */
  windowMs: 60 * 60 * 1000,
  /** Wrong passwords per account in the window before the first lock. */
  accountFreeFailures: 5,
  /** Wrong passwords per client network in the window before the first lock (offices share one address). */
  networkFreeFailures: 20,
  /** The first lock; each further failure doubles it. */
  firstLockMs: 30 * 1000,
  /** The longest lock. */
  maxLockMs: 15 * 60 * 1000,
});

/** The outcome of {@link SignInThrottle.begin}. */
export type SignInDecision =
  | {
      allowed: true;
      /** How long the account or network is locked if this attempt turns out wrong (0: not at all). */
      lockIfWrongMs: number;
      /** Gives the attempt back: the password was right. */
      succeeded(): void;
    }
  | {
      allowed: false;
      /** How long until the next attempt may be made. */
      retryAfterMs: number;
    };

/** The password throttle of the demo. */
export interface SignInThrottle {
  /**
   * Counts an attempt against the account and the network, unless one of them is locked.
   *
   * @param username - the username as typed (trimmed)
   * @param network - the client's network, from {@link clientNetwork}
   * @returns whether to check the password, and what a wrong one leads to
   */
  begin(username: string, network: string): SignInDecision;
}

/**
 * The network a client address counts under: an IPv4 address itself, an IPv6 address's /64 (one
 * household or server gets a whole /64, so single addresses would be free to rotate).
 *
 * @param address - the socket's remote address, if known
 * @returns the network's name
 */
export function clientNetwork(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = (address.split('%')[0] ?? '').split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = [...headGroups, ...zeros, ...tailGroups].slice(0, 4);
  return `${groups.map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/64`;
}

function lockMs(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(SIGN_IN_LIMITS.maxLockMs, SIGN_IN_LIMITS.firstLockMs * 2 ** (failures - freeFailures));
}

/**
 * Opens the throttle's table, creating it when missing.
 *
 * @param db - the app's better-sqlite3 database
 * @param key - a server-side key for the HMAC of the counted names
 * @param clock - milliseconds since the epoch
 * @returns the throttle
 */
export function createSignInThrottle(db: Database, key: Uint8Array, clock: () => number): SignInThrottle {
  db.exec(`CREATE TABLE IF NOT EXISTS sign_in_failures (
    id      INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    at      INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sign_in_failures_subject ON sign_in_failures (subject, at);
  CREATE INDEX IF NOT EXISTS sign_in_failures_at ON sign_in_failures (at)`);
  const forget = db.prepare<[number]>('DELETE FROM sign_in_failures WHERE at <= ?');
  const tally = db.prepare<[string, number], { failures: number; latest: number | null }>(
    'SELECT count(*) AS failures, max(at) AS latest FROM sign_in_failures WHERE subject = ? AND at > ?',
  );
  const count = db.prepare<[string, number]>('INSERT INTO sign_in_failures (subject, at) VALUES (?, ?)');
  const giveBack = db.prepare<[number | bigint]>('DELETE FROM sign_in_failures WHERE id = ?');
  const subject = (kind: string, name: string) =>
    createHmac('sha256', key).update(`${kind}\u0000${name}`).digest('base64url');

  // Decided and counted in one write transaction, so parallel attempts (or processes) see each other.
  const decide = db.transaction((subjects: ReadonlyArray<readonly [string, number]>, now: number) => {
    const since = now - SIGN_IN_LIMITS.windowMs;
    forget.run(since);
    let retryAfterMs = 0;
    for (const [name, free] of subjects) {
      const { failures, latest } = tally.get(name, since) ?? { failures: 0, latest: null };
      if (latest !== null) retryAfterMs = Math.max(retryAfterMs, latest + lockMs(failures, free) - now);
    }
    if (retryAfterMs > 0) return { retryAfterMs, ids: [], lockIfWrongMs: 0 };
    const ids = subjects.map(([name]) => count.run(name, now).lastInsertRowid);
    const lockIfWrongMs = Math.max(
      ...subjects.map(([name, free]) => lockMs(tally.get(name, since)?.failures ?? 0, free)),
    );
    return { retryAfterMs: 0, ids, lockIfWrongMs };
  });
  const succeeded = db.transaction((ids: ReadonlyArray<number | bigint>) => {
    for (const id of ids) giveBack.run(id);
  });

  return {
    begin(username, network) {
      const subjects = [
        [subject('account', username), SIGN_IN_LIMITS.accountFreeFailures],
        [subject('network', network), SIGN_IN_LIMITS.networkFreeFailures],
      ] as const;
      const { retryAfterMs, ids, lockIfWrongMs } = decide.immediate(subjects, clock());
      if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
      return { allowed: true, lockIfWrongMs, succeeded: () => succeeded.immediate(ids) };
    },
  };
}
