/**
 * The session half of the MFA integration examples (express.ts, hono.ts, fastify.ts): a small
 * server-side session store and the cookie that carries its id. Your app already has sessions
 * (express-session, @fastify/session, a database table…): keep yours and copy only the idea that
 * matters for MFA, the `stage`.
 *
 * A session is 'awaiting-mfa' when the password was right but the second factor has not been given
 * yet. Such a half-signed-in session reaches the code step and nothing else, lives five minutes, and
 * is replaced (new id, new CSRF token) the moment the code is accepted, so an id seen before sign-in
 * is worth nothing after it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** How far a visitor has got in signing in. */
export type SessionStage = 'awaiting-mfa' | 'signed-in';

/** A server-side session. */
export interface Session {
  /** The random id in the cookie. */
  readonly id: string;
  readonly userId: string;
  /** The name shown in the authenticator app (the user's email or username). */
  readonly accountName: string;
  readonly stage: SessionStage;
  /** Sent back by the client in the `x-csrf-token` header of every POST. */
  readonly csrfToken: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Sessions by id, in memory (use your database or Redis in production). */
export interface SessionStore {
  /** Starts a new session (a new id and CSRF token) at `stage`. */
  start(user: { userId: string; accountName: string }, stage: SessionStage): Session;
  /** The live session with this id, or null when it is unknown or expired. */
  get(id: string | undefined): Session | null;
  /** Ends a session. */
  end(id: string): void;
}

/** The name of the session cookie. */
export const SESSION_COOKIE = 'sid';

/** The header that carries the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

// A half-signed-in session only needs the minute it takes to type a code.
const LIFETIME_MS: Record<SessionStage, number> = {
  'awaiting-mfa': 5 * 60 * 1000,
  'signed-in': 8 * 60 * 60 * 1000,
};

/**
 * Creates an in-memory session store.
 *
 * @param clock - milliseconds since the epoch (inject one in tests)
 * @returns the store
 */
export function createSessionStore(clock: () => number = Date.now): SessionStore {
  const sessions = new Map<string, Session>();
  return {
    start(user, stage) {
      const session: Session = {
        id: randomBytes(32).toString('base64url'),
        userId: user.userId,
        accountName: user.accountName,
        stage,
        csrfToken: randomBytes(32).toString('base64url'),
        expiresAt: clock() + LIFETIME_MS[stage],
      };
      sessions.set(session.id, session);
      return session;
    },
    get(id) {
      if (id === undefined) return null;
      const session = sessions.get(id);
      if (session === undefined) return null;
      if (session.expiresAt <= clock()) {
        sessions.delete(id);
        return null;
      }
      return session;
    },
    end(id) {
      sessions.delete(id);
    },
  };
}

/**
 * Reads one cookie from a `Cookie` request header.
 *
 * @param header - the header value, if any
 * @param name - the cookie name
 * @returns its value, or undefined
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/**
 * The `Set-Cookie` value for a session, or for clearing it.
 *
 * HttpOnly keeps scripts from reading it; SameSite=Strict keeps other sites' requests from carrying
 * it; Secure keeps it off plain HTTP (browsers treat http://localhost as secure, so it works in
 * development too).
 *
 * @param session - the session, or null to clear the cookie
 * @returns the header value
 */
export function sessionCookie(session: Session | null): string {
  const attributes = 'Path=/; HttpOnly; SameSite=Strict; Secure';
  if (session === null) return `${SESSION_COOKIE}=; Max-Age=0; ${attributes}`;
  return `${SESSION_COOKIE}=${session.id}; Max-Age=${LIFETIME_MS[session.stage] / 1000}; ${attributes}`;
}

/**
 * Checks the CSRF header of a POST against the session's token, in constant time.
 *
 * @param given - the `x-csrf-token` header
 * @param session - the session
 * @returns true when they match
 */
export function csrfTokenMatches(given: string | undefined, session: Session): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
