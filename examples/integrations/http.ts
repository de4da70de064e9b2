/**
 * The framework-neutral half of the MFA integration examples: what each mfakit result and error
 * becomes as an HTTP response, and the session gate in front of every step. express.ts, hono.ts and
 * fastify.ts only translate these replies into their framework's calls.
 *
 * (In an app: `import { MfaError, type Refusal } from 'mfakit'`; the examples import the sources so
 * that they typecheck without a build.)
 */
import { type Mfa, MfaError, type Proven, type Refusal, type SignInOptions } from '../../src/index.js';
import {
  CSRF_HEADER,
  csrfTokenMatches,
  type Session,
  type SessionStage,
  type SessionStore,
} from './sessions.js';

/** What the MFA routes of every example need from the app. */
export interface MfaRoutesOptions {
  /** The service from `createMfa`. */
  mfa: Mfa;
  /** The app's sessions. */
  sessions: SessionStore;
  /** The app's password check: the user, or null for a wrong username or password. */
  verifyPassword(username: string, password: string): Promise<{ userId: string; accountName: string } | null>;
  /**
   * The sensitive action of the example, behind a step-up check: the app's own email change. Without
   * it the route `POST /account/email` is not mounted.
   */
  changeEmail?(userId: string, email: string): Promise<void>;
  /** How recent a second factor a sensitive action needs, in ms; default {@link STEP_UP_MAX_AGE_MS}. */
  stepUpMaxAgeMs?: number;
  /** Milliseconds since the epoch, to judge how recent a proof is; default `Date.now` (inject one in tests). */
  clock?: () => number;
}

/** How recent the second factor must be for a sensitive action: 5 minutes. */
export const STEP_UP_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * Headers for any response that carries a secret, a Key URI or recovery codes: no cache, no proxy,
 * no back-button copy may keep them.
 */
export const NO_STORE: Readonly<Record<string, string>> = { 'Cache-Control': 'no-store' };

/** A response to send: status, JSON body, extra headers. */
export interface HttpReply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Where a code was refused: at sign-in (401: not authenticated yet) or in an account step of a
 * signed-in user (422: the session is fine, the code is not; a 401 there would make many clients
 * think the session ended and bounce the user to the sign-in page).
 */
export type CodeStep = 'sign-in' | 'account';

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function wait(ms: number): string {
  const s = seconds(ms);
  return s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`;
}

/**
 * The response for a refused code or action.
 *
 * 'invalid' and 'replayed' get the same status and words on purpose: telling the user "this code was
 * already used" tells someone who stole it that it was once valid. The real reason still reaches
 * your audit log through mfakit's 'verify_failed' event.
 *
 * @param refusal - `{ ok: false, reason, retryAfterMs? }` from mfakit
 * @param step - where the code was given
 * @returns the reply
 */
export function refusalReply(refusal: Refusal<string>, step: CodeStep): HttpReply {
  const { reason, retryAfterMs } = refusal;
  const retry =
    retryAfterMs === undefined
      ? undefined
      : {
          headers: { 'Retry-After': String(seconds(retryAfterMs)) },
          retryAfterSeconds: seconds(retryAfterMs),
        };
  switch (reason) {
    case 'invalid':
    case 'replayed':
      // A wrong code that was the last one allowed: still "didn't work", and now also "wait".
      if (retry) {
        return {
          status: 429,
          headers: retry.headers,
          body: {
            error: 'invalid_code',
            retryAfterSeconds: retry.retryAfterSeconds,
            message: `That code didn't work. Too many attempts: try again in ${wait(retryAfterMs ?? 0)}.`,
          },
        };
      }
      return {
        status: step === 'sign-in' ? 401 : 422,
        body: {
          error: 'invalid_code',
          message: "That code didn't work. Check your authenticator app and try again.",
        },
      };
    case 'locked':
      if (!retry) {
        // No retryAfterMs: the hard stop (100 failures in a row by default) holds TOTP codes until a
        // recovery code is accepted or an administrator resets the account. Waiting will not help.
        return {
          status: 403,
          body: {
            error: 'locked_until_reset',
            message: 'Too many wrong codes: sign in with a recovery code, or contact support.',
          },
        };
      }
      return {
        status: 429,
        headers: retry.headers,
        body: {
          error: 'locked',
          retryAfterSeconds: retry.retryAfterSeconds,
          message: `Too many attempts. Try again in ${wait(retryAfterMs ?? 0)}.`,
        },
      };
    case 'expired':
      return {
        status: 410,
        body: {
          error: 'enrolment_expired',
          message: 'Setting up took too long. Start again for a new QR code.',
        },
      };
    case 'not_pending':
      return {
        status: 409,
        body: { error: 'not_pending', message: 'There is no setup in progress. Start again.' },
      };
    case 'not_enabled':
      return {
        status: 409,
        body: { error: 'not_enabled', message: 'MFA is not turned on for this account.' },
      };
    default:
      return { status: 400, body: { error: reason, message: 'That did not work. Try again.' } };
  }
}

/**
 * The response for an exception. mfakit throws only for misuse and for a broken store; neither is
 * the user's fault, and no message of it is shown to them (messages never hold secrets, but they do
 * describe your internals). Log `error.code` and alert on the 5xx ones.
 *
 * @param error - whatever a handler threw
 * @returns the reply
 */
export function errorReply(error: unknown): HttpReply {
  if (!(error instanceof MfaError)) {
    // The framework's own 4xx (malformed JSON, a body too large): the client's mistake.
    const status =
      (error as { statusCode?: unknown; status?: unknown } | null)?.statusCode ??
      (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { status, body: { error: 'bad_request', message: 'The request was not understood.' } };
    }
    return { status: 500, body: { error: 'internal', message: 'Something went wrong. Try again later.' } };
  }
  switch (error.code) {
    case 'INVALID_STATE':
      // beginEnable when MFA is already on, cancelEnable when it is on: a stale page or a double click.
      return {
        status: 409,
        body: { error: 'conflict', message: 'MFA changed meanwhile. Reload and try again.' },
      };
    case 'INVALID_ARGUMENT':
      return { status: 400, body: { error: 'bad_request', message: 'The request was not understood.' } };
    case 'STORE_ERROR':
    case 'STORE_TIMEOUT':
    case 'STORE_CONFLICT':
      // Fail closed: nothing was accepted and nothing changed, so retrying is safe.
      return {
        status: 503,
        headers: { 'Retry-After': '5' },
        body: {
          error: 'unavailable',
          message: 'Sign-in is briefly unavailable. Try again in a few seconds.',
        },
      };
    default:
      // DECRYPT_FAILED (a key missing from the keyring), CORRUPT_RECORD, INVALID_OPTION…: a deployment
      // problem that retrying will not fix.
      return { status: 500, body: { error: 'internal', message: 'Something went wrong. Try again later.' } };
  }
}

/**
 * Reads the `code` field of a JSON body.
 *
 * @param body - the parsed body
 * @returns the code as typed (mfakit ignores spaces and, for recovery codes, case and hyphens),
 *   or null when there is none
 */
export function codeFrom(body: unknown): string | null {
  const code =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['code'] : undefined;
  return typeof code === 'string' && code.length > 0 && code.length <= 64 ? code : null;
}

/** The reply for a request without a usable code. */
export const MISSING_CODE: HttpReply = {
  status: 400,
  body: { error: 'missing_code', message: 'Enter the code from your authenticator app.' },
};

/** Where a right password leads: the stage of the new session, and its proof if a device gave one. */
export interface AfterPassword {
  stage: SessionStage;
  /** The remembered device's proof (`method: 'device'`), or null. */
  proof: Proven | null;
  /** True when the request carried a device cookie that mfakit refused: clear it. */
  clearDeviceCookie: boolean;
}

/**
 * The step after a right password. Without MFA the user is signed in. With MFA, a remembered
 * device (the token from its cookie) stands in for the code; a token that is unknown, expired or
 * forgotten gets its cookie cleared, and the session waits for a code as usual. A device check is
 * not throttled and not counted as a failed code: a token is 256 random bits, nothing to guess.
 *
 * @param mfa - the MFA service
 * @param userId - the user whose password was right
 * @param deviceToken - the remembered-device cookie, if the request carried one
 * @returns the stage and proof of the session to start
 */
export async function afterPassword(
  mfa: Mfa,
  userId: string,
  deviceToken: string | undefined,
): Promise<AfterPassword> {
  const { state } = await mfa.status(userId);
  if (state !== 'enabled') return { stage: 'signed-in', proof: null, clearDeviceCookie: false };
  if (deviceToken === undefined) return { stage: 'awaiting-mfa', proof: null, clearDeviceCookie: false };
  const device = await mfa.checkDevice(userId, deviceToken);
  if (device.ok) return { stage: 'signed-in', proof: device, clearDeviceCookie: false };
  return { stage: 'awaiting-mfa', proof: null, clearDeviceCookie: true };
}

/**
 * Reads what a sign-in step asks besides its code: `rememberDevice: true` in the JSON body ("Don't ask
 * again on this computer") becomes mfakit's `rememberDevice`, labelled by the browser's name so the
 * user can tell their devices apart in a list. The label is not secret and not trusted: it only
 * names the device.
 *
 * @param body - the parsed body
 * @param userAgent - the `user-agent` header
 * @returns the options for `verify` or `useRecoveryCode`
 */
export function signInOptions(body: unknown, userAgent: string | undefined): SignInOptions {
  const remember =
    typeof body === 'object' && body !== null && (body as Record<string, unknown>)['rememberDevice'] === true;
  return remember ? { rememberDevice: { label: browserName(userAgent) } } : {};
}

// First match wins: Edge and Opera also say "Chrome", and Chrome also says "Safari".
const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X/, 'macOS'],
  [/Linux/, 'Linux'],
];

/**
 * A short name for the browser of a `user-agent` header ("Firefox on Linux"), for a device list;
 * never the raw header, which is long and the client's to choose.
 *
 * @param userAgent - the header
 * @returns the name, at most 18 characters
 */
export function browserName(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1] ?? 'Browser';
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  return system === undefined ? browser : `${browser} on ${system}`;
}

/**
 * Whether a session's second factor is good enough for a sensitive action right now: proven by a
 * code (a TOTP or a recovery code, not a remembered device) within the last `maxAgeMs`. A
 * remembered device says "this browser gave a code some days ago", not "the user has the phone now".
 *
 * @param proof - the session's proof, or null
 * @param now - the current time
 * @param maxAgeMs - how old a proof may be
 * @returns true when no new code is needed
 */
export function isFreshProof(
  proof: Proven | null,
  now: number,
  maxAgeMs: number = STEP_UP_MAX_AGE_MS,
): boolean {
  return proof !== null && proof.method !== 'device' && now - proof.verifiedAt <= maxAgeMs;
}

/**
 * The step-up check in front of a sensitive action: null to go ahead, or the reply that asks for a
 * code first (the front end shows the code field, posts it to `POST /mfa/step-up`, then retries).
 * An account without MFA has no second factor to ask for and goes ahead (ask for its password
 * again there, in your own app).
 *
 * @param mfa - the MFA service
 * @param session - the signed-in session
 * @param now - the current time
 * @param maxAgeMs - how old a proof may be
 * @returns null, or the reply to send instead
 */
export async function stepUpCheck(
  mfa: Mfa,
  session: Session,
  now: number,
  maxAgeMs: number = STEP_UP_MAX_AGE_MS,
): Promise<HttpReply | null> {
  if (isFreshProof(session.proof, now, maxAgeMs)) return null;
  // Read only when the proof is stale: MFA may have been turned on or off since the sign-in.
  if ((await mfa.status(session.userId)).state !== 'enabled') return null;
  return STEP_UP_REQUIRED;
}

/** The reply to a sensitive action whose session's proof is stale or came from a remembered device. */
export const STEP_UP_REQUIRED: HttpReply = {
  status: 403,
  body: {
    error: 'step_up_required',
    message: 'For your security, enter a code from your authenticator app to continue.',
  },
};

/**
 * Reads the `email` field of a JSON body (a rough check: your app validates addresses its own way).
 *
 * @param body - the parsed body
 * @returns the address, or null
 */
export function emailFrom(body: unknown): string | null {
  const email =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['email'] : undefined;
  return typeof email === 'string' && /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 254 ? email : null;
}

/** The reply for a request without a usable email address. */
export const MISSING_EMAIL: HttpReply = {
  status: 400,
  body: { error: 'missing_email', message: 'Enter an email address.' },
};

/** What the gate lets through, or the reply that stops the request. */
export type Gate = { ok: true; session: Session } | { ok: false; reply: HttpReply };

/** The request facts the gate reads. */
export interface GateInput {
  method: string;
  /** The session id from the cookie. */
  sessionId: string | undefined;
  /** The `x-csrf-token` header. */
  csrfToken: string | undefined;
  /** The `content-type` header. */
  contentType: string | undefined;
}

/**
 * The check in front of every MFA step: a live session at exactly `stage` (so a half-signed-in
 * session reaches only the code step), and, for a POST, a JSON body and the session's CSRF token.
 *
 * @param sessions - the session store
 * @param stage - the stage the route needs
 * @param input - what the request carries
 * @returns the session, or the reply to send instead
 */
export function gate(sessions: SessionStore, stage: SessionStage, input: GateInput): Gate {
  const session = sessions.get(input.sessionId);
  if (session === null || session.stage !== stage) {
    return { ok: false, reply: { status: 401, body: { error: 'not_signed_in', message: 'Sign in first.' } } };
  }
  if (input.method === 'POST') {
    const csrf = postCheck(input);
    if (csrf !== null) return { ok: false, reply: csrf };
    if (!csrfTokenMatches(input.csrfToken, session)) {
      return {
        ok: false,
        reply: { status: 403, body: { error: 'csrf', message: 'Reload the page and try again.' } },
      };
    }
  }
  return { ok: true, session };
}

/**
 * The check for a POST without a session (the password step): it must be JSON. A cross-site HTML
 * form cannot send `application/json`, and a cross-site script that tries is stopped by the CORS
 * preflight, so this alone keeps other sites from signing your users in to an account of theirs.
 *
 * @param input - what the request carries
 * @returns null when fine, else the reply
 */
export function postCheck(input: Pick<GateInput, 'contentType'>): HttpReply | null {
  if (!(input.contentType ?? '').toLowerCase().startsWith('application/json')) {
    return { status: 415, body: { error: 'json_required', message: 'Send JSON.' } };
  }
  return null;
}

/** The header name of the CSRF token, re-exported for the routers. */
export { CSRF_HEADER };
