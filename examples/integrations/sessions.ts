/**
 * The session half of the MFA integration examples (express.ts, hono.ts, fastify.ts): a small
 * server-side session store, the cookie that carries its id, and the remembered-device cookie.
 * Your app already has sessions (express-session, @fastify/session, a database table…): keep yours
 * and copy only the ideas that matter for MFA, the `stage` and the `proof`.
 *
 * A session is 'awaiting-mfa' when the password was right but the second factor has not been given
 * yet. Such a half-signed-in session reaches the code step and nothing else, lives five minutes, and
 * is replaced (new id, new CSRF token) the moment the code is accepted, so an id seen before sign-in
 * is worth nothing after it. A signed-in session remembers how its second factor was proven and
 * when (`proof`: OpenID Connect's `amr` and `auth_time`), so that a sensitive action can ask again.
 *
 * (In an app: `import type { Proven, RememberedDevice } from 'mfakit'`; the examples import the sources so that they
 * typecheck without a build.)
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Proven, RememberedDevice } from '../../src/index.js';

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
  /**
   * How the second factor was proven and when (mfakit's `method` and `verifiedAt`), or null when
   * none was: an account without MFA, signed in with its password alone.
   */
  readonly proof: Proven | null;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Sessions by id, in memory (use your database or Redis in production). */
export interface SessionStore {
  /** Starts a new session (a new id and CSRF token) at `stage`, with the proof of its second factor. */
  start(user: { userId: string; accountName: string }, stage: SessionStage, proof?: Proven | null): Session;
  /** The live session with this id, or null when it is unknown or expired. */
  get(id: string | undefined): Session | null;
  /** Ends a session. */
  end(id: string): void;
}

/** The name of the session cookie. */
export const SESSION_COOKIE = 'sid';

/** The name of the remembered-device cookie. */
export const DEVICE_COOKIE = 'mfa_device';

/** The header that carries the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

// Every cookie of the examples: sent over HTTPS only, never readable by scripts, never sent with
// another site's requests.
const COOKIE_ATTRIBUTES = 'Path=/; HttpOnly; SameSite=Strict; Secure';

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
    start(user, stage, proof = null) {
      const session: Session = {
        id: randomBytes(32).toString('base64url'),
        userId: user.userId,
        accountName: user.accountName,
        stage,
        csrfToken: randomBytes(32).toString('base64url'),
        // Only what the method and time say; nothing else of mfakit's result belongs in a session.
        proof: proof === null ? null : { method: proof.method, verifiedAt: proof.verifiedAt },
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
  if (session === null) return `${SESSION_COOKIE}=; Max-Age=0; ${COOKIE_ATTRIBUTES}`;
  return `${SESSION_COOKIE}=${session.id}; Max-Age=${LIFETIME_MS[session.stage] / 1000}; ${COOKIE_ATTRIBUTES}`;
}

/**
 * The `Set-Cookie` value for the device a sign-in remembered (`verify` or `useRecoveryCode` with
 * `rememberDevice`), or null when it remembered none.
 *
 * The token is a second factor for as long as it lives, so it gets the session cookie's walls:
 * HttpOnly (no script reads it, so an injected script cannot carry it off), Secure, SameSite=Strict.
 * It lives exactly as long as mfakit remembers the device: Max-Age from `deviceExpiresAt`, counted
 * from `verifiedAt` (both from mfakit's clock).
 *
 * @param signIn - the success result of `verify` or `useRecoveryCode`
 * @returns the header value, or null
 */
export function deviceCookie(signIn: Partial<RememberedDevice> & Proven): string | null {
  const { deviceToken, deviceExpiresAt, verifiedAt } = signIn;
  if (deviceToken === undefined || deviceExpiresAt === undefined) return null;
  const maxAge = Math.max(0, Math.floor((deviceExpiresAt - verifiedAt) / 1000));
  return `${DEVICE_COOKIE}=${deviceToken}; Max-Age=${maxAge}; ${COOKIE_ATTRIBUTES}`;
}

/** The `Set-Cookie` value that clears the remembered-device cookie. */
export const CLEARED_DEVICE_COOKIE = `${DEVICE_COOKIE}=; Max-Age=0; ${COOKIE_ATTRIBUTES}`;

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
