/**
 * The demo's own user accounts: a `users` table in the same SQLite database as mfakit's store,
 * with passwords hashed by scrypt from node:crypto.
 *
 * mfakit only ever sees the user id: the password check, the table and the sign-in page are the
 * application's, as they would be in any app that adds MFA to an existing sign-in.
 */
import { randomBytes, randomUUID, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** An account of the demo. */
export interface User {
  /** Stable id: the key mfakit stores the MFA record under. */
  id: string;
  /** What the user types on the sign-in page. */
  username: string;
}

// OWASP's scrypt floor is N=2^17 with r=8; 2^15 keeps the demo's sign-in quick on a small machine.
// The parameters are stored with each hash, so raising them later leaves old hashes verifiable.
const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
// scrypt needs 128 * N * r bytes; Node's default limit (32 MiB) is exactly that for 2^15, so allow more.
const MAX_MEMORY = 64 * 1024 * 1024;

function deriveKey(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { ...params, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a password for storage as `scrypt$N$r$p$salt$key` (salt and key in base64url).
 *
 * @param password - the plain password
 * @returns the encoded hash
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveKey(password, salt, SCRYPT_PARAMS);
  const { N, r, p } = SCRYPT_PARAMS;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Checks a password against a hash from {@link hashPassword}, comparing in constant time.
 *
 * @param password - what the user typed
 * @param encoded - the stored hash
 * @returns true when the password matches
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = encoded.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await deriveKey(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The user table of the demo. */
export interface Users {
  /** Creates the account unless the username exists. */
  seed(username: string, password: string): Promise<void>;
  /** The user whose username and password match, or null (same work either way). */
  authenticate(username: string, password: string): Promise<User | null>;
  /** The user with this id, or null. */
  byId(id: string): User | null;
  /** The user with this username, or null (for administrators' tools, not for sign-in). */
  byUsername(username: string): User | null;
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
}

/**
 * Opens the users table, creating it when missing.
 *
 * @param db - the app's better-sqlite3 database
 * @returns the table's operations
 */
export function createUsers(db: Database): Users {
  db.exec(`CREATE TABLE IF NOT EXISTS users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
  )`);
  const findByName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const findById = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)',
  );
  // An unknown username is checked against this hash, so that it costs the same scrypt run as a known
  // one and the response time does not reveal which usernames exist.
  const decoyHash = hashPassword(randomBytes(16).toString('hex'));

  return {
    async seed(username, password) {
      if (findByName.get(username)) return;
      insert.run(randomUUID(), username, await hashPassword(password), Date.now());
    },
    async authenticate(username, password) {
      const row = findByName.get(username.trim());
      const matches = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
      return row && matches ? { id: row.id, username: row.username } : null;
    },
    byId(id) {
      const row = findById.get(id);
      return row ? { id: row.id, username: row.username } : null;
    },
    byUsername(username) {
      const row = findByName.get(username);
      return row ? { id: row.id, username: row.username } : null;
    },
  };
}
