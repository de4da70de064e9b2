/**
 * Per-user session generations: one counter per account in the demo's SQLite database. Every
 * session of a user carries the generation it was issued under, and a session whose generation is
 * no longer the user's current one is refused (session.ts checks it on every request).
 *
 * Bumping the counter ends every session of the user at once, in every browser, without a table of
 * sessions: the app does it on sign-out, when MFA is turned on or off or an authenticator app is
 * removed, and on an administrator's reset (routes/, server.ts). A user without a row is at generation 0.
 */
import type { Database } from 'better-sqlite3';

/** The session generation of each user. */
export interface SessionGenerations {
  /**
   * The user's current generation: sessions issued under any other are refused.
   *
   * @param userId - the account
   * @returns the generation, 0 before the first bump
   */
  current(userId: string): number;
  /**
   * Moves the user to the next generation, ending every session issued before.
   *
   * @param userId - the account
   * @returns the new generation
   */
  bump(userId: string): number;
}

/**
 * Opens the generations table, creating it when missing.
 *
 * @param db - the app's better-sqlite3 database
 * @returns the table's operations
 * @throws when the database cannot be read or written (the caller fails closed)
 */
export function createSessionGenerations(db: Database): SessionGenerations {
  db.exec(`CREATE TABLE IF NOT EXISTS session_generations (
    user_id    TEXT PRIMARY KEY,
    generation INTEGER NOT NULL
  )`);
  const read = db.prepare<[string], { generation: number }>(
    'SELECT generation FROM session_generations WHERE user_id = ?',
  );
  // One statement, so two bumps at once (two processes on one file) both count.
  const bump = db.prepare<[string], { generation: number }>(
    `INSERT INTO session_generations (user_id, generation) VALUES (?, 1)
     ON CONFLICT (user_id) DO UPDATE SET generation = generation + 1
     RETURNING generation`,
  );
  return {
    current: (userId) => read.get(userId)?.generation ?? 0,
    bump(userId) {
      const row = bump.get(userId);
      if (!row) throw new Error('session generation was not written');
      return row.generation;
    },
  };
}
