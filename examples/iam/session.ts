/**
 * Sessions in a signed cookie: the session itself (stage, user id, CSRF token, expiry, and how the
 * second factor was proven) is JSON in an HTTP-only, SameSite=Lax cookie, with an HMAC-SHA256 tag so
 * the browser cannot change it.
 *
 * Three stages: 'anonymous' (a visitor: still has a CSRF token, so the sign-in form is protected),
 * 'awaiting-code' (password right, MFA code not given yet) and 'signed-in'. Every change of stage
 * issues a new session with a new CSRF token, so a session or token seen before sign-in is worth
 * nothing after it.
 *
 * A signed cookie alone could not be revoked before it expires, so each session also carries its
 * user's session generation (session-generations.ts), checked against the database on every request:
 * bumping it ends every session of that user. The app bumps it on sign-out (so signing out ends the
 * user's sessions in every browser), when MFA is turned on or off or an authenticator app is removed,
 * and on an administrator's reset.
 * Cancelling a sign-in at the code screen does not bump it: that would let anyone who knows the
 * password sign the real user out at will; the half-signed-in session is replaced in this browser.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { VerificationMethod } from 'mfakit';
import type { SessionGenerations } from './session-generations.js';

/** How far a visitor has got in signing in. */
export type SessionStage = 'anonymous' | 'awaiting-code' | 'signed-in';

/**
 * How the second factor of a signed-in session was proven (OpenID Connect's `amr` and `auth_time`):
 * mfakit's `method` and `verifiedAt`, and the remembered device when one was used or remembered.
 */
export interface SessionProof {
  method: VerificationMethod;
  /** Milliseconds since the epoch, on mfakit's clock. */
  verifiedAt: number;
  /** The remembered device of this browser, when it signed in with one or was remembered at sign-in. */
  deviceId?: string;
}

/** The session as the app sees it. */
export interface Session {
  stage: SessionStage;
  /** The user, once the password was right. */
  userId: string | null;
  /** The user's session generation when the session was issued (0 for a visitor). */
  generation: number;
  /** The synchronizer token every form of this session must post back. */
  csrfToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** How the second factor was proven; null for a password-only sign-in and before sign-in. */
  proof: SessionProof | null;
}

/** Hono's context variables of the demo. */
export interface AppEnv {
  Variables: { session: Session };
}

const COOKIE_NAME = 'iam_session';

// A half-signed-in session is short-lived: it exists only for the minute it takes to type a code.
const LIFETIME_MS: Record<SessionStage, number> = {
  anonymous: 60 * 60 * 1000,
  'awaiting-code': 5 * 60 * 1000,
  'signed-in': 8 * 60 * 60 * 1000,
};

/** Where each stage belongs: what a request for a page of another stage is redirected to. */
export const HOME_OF: Record<SessionStage, string> = {
  anonymous: '/login',
  'awaiting-code': '/login/code',
  'signed-in': '/',
};

/** The session cookie operations of the app. */
export interface Sessions {
  /** Reads the session cookie into `c.var.session`, starting an anonymous session when it is missing or bad. */
  middleware: MiddlewareHandler<AppEnv>;
  /**
   * Replaces the session with a new one (new CSRF token) at `stage`, and sets the cookie. `proof`
   * says how a signed-in session proved its second factor (none: the password alone).
   */
  start(c: Context<AppEnv>, stage: SessionStage, userId: string | null, proof?: SessionProof | null): Session;
  /** Ends every session of the user, in every browser; start a new one for this browser after it. */
  revokeAll(userId: string): void;
}

const METHODS: readonly string[] = ['totp', 'recovery_code', 'device'] satisfies VerificationMethod[];

function isProof(value: unknown): value is SessionProof | null {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  const proof = value as Record<string, unknown>;
  return (
    typeof proof['method'] === 'string' &&
    METHODS.includes(proof['method']) &&
    typeof proof['verifiedAt'] === 'number' &&
    (proof['deviceId'] === undefined || typeof proof['deviceId'] === 'string')
  );
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const session = value as Record<string, unknown>;
  return (
    typeof session['stage'] === 'string' &&
    Object.hasOwn(LIFETIME_MS, session['stage']) &&
    (typeof session['userId'] === 'string' || session['userId'] === null) &&
    Number.isSafeInteger(session['generation']) &&
    typeof session['csrfToken'] === 'string' &&
    typeof session['expiresAt'] === 'number' &&
    isProof(session['proof'])
  );
}

/**
 * Creates the session handling over one secret key.
 *
 * @param key - 32 random bytes, kept by the server (see secrets.ts)
 * @param generations - the users' session generations, in the app's database
 * @returns the middleware and the functions that start and end sessions
 */
export function createSessions(key: Uint8Array, generations: SessionGenerations): Sessions {
  const tag = (payload: string): Buffer => createHmac('sha256', key).update(payload).digest();

  const seal = (session: Session): string => {
    const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
    return `${payload}.${tag(payload).toString('base64url')}`;
  };

  const open = (cookie: string | undefined): Session | null => {
    const [payload, signature, extra] = (cookie ?? '').split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = tag(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const session: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return isSession(session) && session.expiresAt > Date.now() ? session : null;
  };

  const start = (
    c: Context<AppEnv>,
    stage: SessionStage,
    userId: string | null,
    proof: SessionProof | null = null,
  ): Session => {
    const session: Session = {
      stage,
      userId,
      generation: userId === null ? 0 : generations.current(userId),
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: Date.now() + LIFETIME_MS[stage],
      proof: stage === 'signed-in' ? proof : null,
    };
    setCookie(c, COOKIE_NAME, seal(session), {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: isHttps(c),
      maxAge: Math.floor(LIFETIME_MS[stage] / 1000),
    });
    c.set('session', session);
    return session;
  };

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const session = open(getCookie(c, COOKIE_NAME));
    // A user's session is good only while its generation is still the user's: sign-out, an MFA change
    // or a reset since it was issued makes it worth nothing, like a missing cookie.
    const valid =
      session !== null &&
      (session.userId === null || session.generation === generations.current(session.userId));
    if (valid) c.set('session', session);
    else start(c, 'anonymous', null);
    await next();
  };

  return { middleware, start, revokeAll: (userId) => void generations.bump(userId) };
}

/**
 * Whether the request came over https: the Secure attribute of the app's cookies depends on it.
 *
 * @param c - the request context
 * @returns true for https
 */
export function isHttps(c: Context): boolean {
  // Over plain http (the demo on localhost) a Secure cookie would not come back from every browser.
  return new URL(c.req.url).protocol === 'https:';
}

/**
 * Lets a request through only when the session is at `stage`; anything else is redirected to where
 * its own stage belongs (a visitor to the sign-in page, a half-signed-in session to the code screen).
 *
 * @param stage - the stage the routes behind this guard need
 * @returns the guard middleware
 */
export function requireStage(stage: SessionStage): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const current = c.var.session.stage;
    if (current !== stage) return c.redirect(HOME_OF[current], 303);
    await next();
  };
}

/**
 * Ends the session: clears the cookie. The next request starts a new anonymous session.
 *
 * @param c - the request context
 */
export function endSession(c: Context<AppEnv>): void {
  deleteCookie(c, COOKIE_NAME, { path: '/' });
}
