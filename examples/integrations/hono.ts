/**
 * MFA for a Hono app (Node, Bun, Deno, workers): the password step, the second step at sign-in (a
 * TOTP, a recovery code or a remembered device), the account steps of the seed's user guide (enable
 * → QR code → confirm → disable), and a step-up check before a sensitive action (changing the email
 * address). A JSON API for a single-page front end; docs/integration.md walks through it.
 *
 * ```ts
 * const mfa = createMfa({ store, issuer: 'Acme', keyring });
 * const app = new Hono();
 * app.route('/auth', mfaApp({ mfa, sessions: createSessionStore(), verifyPassword }));
 * ```
 *
 * In an app the imports are `from 'mfakit'` and `from 'mfakit/qr'`; the examples import the sources
 * so that they typecheck without a build. (sessions.ts uses node:crypto; on workers, swap in
 * `crypto.getRandomValues` and your platform's session storage.)
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Proven } from '../../src/index.js';
import { toDataUrl } from '../../src/qr/index.js';
import {
  afterPassword,
  CSRF_HEADER,
  codeFrom,
  emailFrom,
  errorReply,
  gate,
  type HttpReply,
  type MfaRoutesOptions,
  MISSING_CODE,
  MISSING_EMAIL,
  NO_STORE,
  postCheck,
  refusalReply,
  signInOptions,
  stepUpCheck,
} from './http.js';
import {
  CLEARED_DEVICE_COOKIE,
  DEVICE_COOKIE,
  deviceCookie,
  readCookie,
  SESSION_COOKIE,
  type Session,
  type SessionStage,
  sessionCookie,
} from './sessions.js';

function send(c: Context, reply: HttpReply): Response {
  return c.json(reply.body, reply.status as ContentfulStatusCode, reply.headers);
}

// A malformed or missing body is treated as an empty one: the handlers then answer "missing code".
async function jsonBody(c: Context): Promise<unknown> {
  return c.req.json().catch(() => ({}));
}

/**
 * The MFA routes as a Hono app, to mount with `app.route(prefix, mfaApp(...))`: POST /login,
 * /login/mfa, /login/recovery, /logout; GET /mfa; POST /mfa/enable, /mfa/confirm, /mfa/cancel,
 * /mfa/disable, /mfa/recovery-codes, /mfa/step-up; and POST /account/email when `changeEmail` is
 * given.
 *
 * @param options - the MFA service, the sessions, the password check and the email change
 * @returns the Hono app
 */
export function mfaApp({
  mfa,
  sessions,
  verifyPassword,
  changeEmail,
  stepUpMaxAgeMs,
  clock = Date.now,
}: MfaRoutesOptions): Hono {
  const app = new Hono();

  // The session at exactly `stage`, with the CSRF check for POSTs; otherwise the refusal to send.
  const sessionFor = (c: Context, stage: SessionStage): Session | Response => {
    const checked = gate(sessions, stage, {
      method: c.req.method,
      sessionId: readCookie(c.req.header('cookie'), SESSION_COOKIE),
      csrfToken: c.req.header(CSRF_HEADER),
      contentType: c.req.header('content-type'),
    });
    return checked.ok ? checked.session : send(c, checked.reply);
  };

  // A new session (new id, new CSRF token) at every change of stage: an id from before is worthless.
  const startSession = (
    c: Context,
    user: { userId: string; accountName: string },
    stage: SessionStage,
    proof: Proven | null = null,
  ) => {
    const oldId = readCookie(c.req.header('cookie'), SESSION_COOKIE);
    if (oldId !== undefined) sessions.end(oldId);
    const session = sessions.start(user, stage, proof);
    c.header('Set-Cookie', sessionCookie(session), { append: true });
    return session;
  };

  // Step 1 of sign-in: the password. With MFA on, the session is only half signed in.
  app.post('/login', async (c) => {
    const notJson = postCheck({ contentType: c.req.header('content-type') });
    if (notJson) return send(c, notJson);
    const { username, password } = (await jsonBody(c)) as { username?: unknown; password?: unknown };
    const user =
      typeof username === 'string' && typeof password === 'string'
        ? await verifyPassword(username, password)
        : null;
    if (!user)
      return send(c, {
        status: 401,
        body: { error: 'bad_credentials', message: 'Incorrect username or password.' },
      });
    // With MFA on, a remembered device signs in without a code; a refused device cookie is cleared.
    const next = await afterPassword(mfa, user.userId, readCookie(c.req.header('cookie'), DEVICE_COOKIE));
    if (next.clearDeviceCookie) c.header('Set-Cookie', CLEARED_DEVICE_COOKIE, { append: true });
    const session = startSession(c, user, next.stage, next.proof);
    return send(c, { status: 200, body: { stage: session.stage, csrfToken: session.csrfToken } });
  });

  // Step 2 of sign-in: the code from the authenticator app.
  app.post('/login/mfa', async (c) => {
    const session = sessionFor(c, 'awaiting-mfa');
    if (session instanceof Response) return session;
    const body = await jsonBody(c);
    const code = codeFrom(body);
    if (code === null) return send(c, MISSING_CODE);
    const options = signInOptions(body, c.req.header('user-agent')); // "Remember this device"
    const result = await mfa.verify(session.userId, code, options);
    // 'not_enabled': an administrator reset MFA meanwhile, so the password alone is enough now.
    if (!result.ok && result.reason !== 'not_enabled') return send(c, refusalReply(result, 'sign-in'));
    const next = startSession(c, session, 'signed-in', result.ok ? result : null);
    const remembered = result.ok ? deviceCookie(result) : null;
    if (remembered !== null) c.header('Set-Cookie', remembered, { append: true });
    return send(c, {
      status: 200,
      body: { stage: next.stage, csrfToken: next.csrfToken, deviceRemembered: remembered !== null },
    });
  });

  // Step 2 of sign-in, when the phone is lost: a recovery code, used up by this sign-in.
  app.post('/login/recovery', async (c) => {
    const session = sessionFor(c, 'awaiting-mfa');
    if (session instanceof Response) return session;
    const body = await jsonBody(c);
    const code = codeFrom(body);
    if (code === null) return send(c, MISSING_CODE);
    const options = signInOptions(body, c.req.header('user-agent'));
    const result = await mfa.useRecoveryCode(session.userId, code, options);
    if (!result.ok) return send(c, refusalReply(result, 'sign-in'));
    const next = startSession(c, session, 'signed-in', result);
    const remembered = deviceCookie(result);
    if (remembered !== null) c.header('Set-Cookie', remembered, { append: true });
    return send(c, {
      status: 200,
      body: {
        stage: next.stage,
        csrfToken: next.csrfToken,
        recoveryCodesRemaining: result.remaining,
        deviceRemembered: remembered !== null,
      },
    });
  });

  app.post('/logout', (c) => {
    const id = readCookie(c.req.header('cookie'), SESSION_COOKIE);
    if (id !== undefined) sessions.end(id);
    c.header('Set-Cookie', sessionCookie(null));
    return c.body(null, 204);
  });

  // The dashboard's "MFA is enabled / disabled".
  app.get('/mfa', async (c) => {
    const session = sessionFor(c, 'signed-in');
    if (session instanceof Response) return session;
    return send(c, { status: 200, body: { ...(await mfa.status(session.userId)) } });
  });

  // Enable: a new secret, its Key URI and QR code, shown once. Calling it again starts over.
  app.post('/mfa/enable', async (c) => {
    const session = sessionFor(c, 'signed-in');
    if (session instanceof Response) return session;
    const { secret, uri, expiresAt } = await mfa.beginEnable(session.userId, {
      accountName: session.accountName,
    });
    const qrDataUrl = await toDataUrl(uri, { scale: 5 });
    return send(c, { status: 200, headers: NO_STORE, body: { secret, uri, qrDataUrl, expiresAt } });
  });

  // Confirm: the first code from the app turns MFA on and returns the recovery codes, once.
  app.post('/mfa/confirm', async (c) => {
    const session = sessionFor(c, 'signed-in');
    if (session instanceof Response) return session;
    const code = codeFrom(await jsonBody(c));
    if (code === null) return send(c, MISSING_CODE);
    const result = await mfa.confirmEnable(session.userId, code);
    if (!result.ok) return send(c, refusalReply(result, 'account'));
    return send(c, {
      status: 200,
      headers: NO_STORE,
      body: { state: 'enabled', recoveryCodes: result.recoveryCodes },
    });
  });

  app.post('/mfa/cancel', async (c) => {
    const session = sessionFor(c, 'signed-in');
    if (session instanceof Response) return session;
    return send(c, { status: 200, body: { ...(await mfa.cancelEnable(session.userId)) } });
  });

  // Disable: a TOTP or a recovery code proves it is the user, not someone at an unlocked laptop.
  app.post('/mfa/disable', async (c) => {
    const session = sessionFor(c, 'signed-in');
    if (session instanceof Response) return session;
    const code = codeFrom(await jsonBody(c));
    if (code === null) return send(c, MISSING_CODE);
    const result = await mfa.disable(session.userId, code);
    if (!result.ok) return send(c, refusalReply(result, 'account'));
    c.header('Set-Cookie', CLEARED_DEVICE_COOKIE, { append: true }); // mfakit forgot every device
    return send(c, { status: 200, body: { state: 'disabled' } });
  });

  // New recovery codes (the old ones stop working), after a code.
  app.post('/mfa/recovery-codes', async (c) => {
    const session = sessionFor(c, 'signed-in');
    if (session instanceof Response) return session;
    const code = codeFrom(await jsonBody(c));
    if (code === null) return send(c, MISSING_CODE);
    const result = await mfa.regenerateRecoveryCodes(session.userId, code);
    if (!result.ok) return send(c, refusalReply(result, 'account'));
    return send(c, { status: 200, headers: NO_STORE, body: { recoveryCodes: result.recoveryCodes } });
  });

  // Step-up: a fresh code raises the session's proof (a new session: new id, new CSRF token).
  app.post('/mfa/step-up', async (c) => {
    const session = sessionFor(c, 'signed-in');
    if (session instanceof Response) return session;
    const code = codeFrom(await jsonBody(c));
    if (code === null) return send(c, MISSING_CODE);
    const result = await mfa.verify(session.userId, code);
    if (!result.ok) return send(c, refusalReply(result, 'account'));
    const next = startSession(c, session, 'signed-in', result);
    return send(c, {
      status: 200,
      body: { csrfToken: next.csrfToken, method: result.method, verifiedAt: result.verifiedAt },
    });
  });

  // A sensitive action: only with a code given in the last few minutes, not a remembered device.
  if (changeEmail) {
    app.post('/account/email', async (c) => {
      const session = sessionFor(c, 'signed-in');
      if (session instanceof Response) return session;
      const stepUp = await stepUpCheck(mfa, session, clock(), stepUpMaxAgeMs);
      if (stepUp) return send(c, stepUp);
      const email = emailFrom(await jsonBody(c));
      if (email === null) return send(c, MISSING_EMAIL);
      await changeEmail(session.userId, email);
      return send(c, { status: 200, body: { email } });
    });
  }

  // MfaError codes become 4xx/5xx without internals.
  app.onError((error, c) => {
    const reply = errorReply(error);
    if (reply.status >= 500)
      console.error('mfa route failed:', error.name, (error as { code?: unknown }).code);
    return send(c, reply);
  });
  return app;
}
