/**
 * MFA for an Express 5 app: the password step, the second step at sign-in (a TOTP, a recovery code
 * or a remembered device), the account steps of the seed's user guide (enable → QR code → confirm →
 * disable), and a step-up check before a sensitive action (changing the email address).
 * A JSON API for a single-page front end; docs/integration.md walks through it.
 *
 * ```ts
 * const mfa = createMfa({ store, issuer: 'Acme', keyring });
 * const app = express();
 * app.use('/auth', mfaRouter({ mfa, sessions: createSessionStore(), verifyPassword }));
 * ```
 *
 * In an app the imports are `from 'mfakit'` and `from 'mfakit/qr'`; the examples import the sources
 * so that they typecheck without a build.
 */
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
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
  type SessionStage,
  sessionCookie,
} from './sessions.js';

function send(res: Response, reply: HttpReply): void {
  res
    .status(reply.status)
    .set(reply.headers ?? {})
    .json(reply.body);
}

/**
 * The MFA routes as an Express router: POST /login, /login/mfa, /login/recovery, /logout;
 * GET /mfa; POST /mfa/enable, /mfa/confirm, /mfa/cancel, /mfa/disable, /mfa/recovery-codes,
 * /mfa/step-up; and POST /account/email when `changeEmail` is given.
 *
 * @param options - the MFA service, the sessions, the password check and the email change
 * @returns the router
 */
export function mfaRouter({
  mfa,
  sessions,
  verifyPassword,
  changeEmail,
  stepUpMaxAgeMs,
  clock = Date.now,
}: MfaRoutesOptions): Router {
  const router = express.Router();
  router.use(express.json({ limit: '4kb' }));

  // The session at exactly `stage`, with the CSRF check for POSTs; otherwise the refusal is sent.
  const sessionFor = (req: Request, res: Response, stage: SessionStage) => {
    const checked = gate(sessions, stage, {
      method: req.method,
      sessionId: readCookie(req.get('cookie'), SESSION_COOKIE),
      csrfToken: req.get(CSRF_HEADER),
      contentType: req.get('content-type'),
    });
    if (!checked.ok) send(res, checked.reply);
    return checked.ok ? checked.session : null;
  };

  // A new session (new id, new CSRF token) at every change of stage: an id from before is worthless.
  const startSession = (
    req: Request,
    res: Response,
    user: { userId: string; accountName: string },
    stage: SessionStage,
    proof: Proven | null = null,
  ) => {
    const oldId = readCookie(req.get('cookie'), SESSION_COOKIE);
    if (oldId !== undefined) sessions.end(oldId);
    const session = sessions.start(user, stage, proof);
    res.append('Set-Cookie', sessionCookie(session));
    return session;
  };

  // Step 1 of sign-in: the password. With MFA on, the session is only half signed in.
  router.post('/login', async (req, res) => {
    const notJson = postCheck({ contentType: req.get('content-type') });
    if (notJson) return send(res, notJson);
    const { username, password } = (req.body ?? {}) as { username?: unknown; password?: unknown };
    const user =
      typeof username === 'string' && typeof password === 'string'
        ? await verifyPassword(username, password)
        : null;
    if (!user)
      return send(res, {
        status: 401,
        body: { error: 'bad_credentials', message: 'Incorrect username or password.' },
      });
    // With MFA on, a remembered device signs in without a code; a refused device cookie is cleared.
    const next = await afterPassword(mfa, user.userId, readCookie(req.get('cookie'), DEVICE_COOKIE));
    if (next.clearDeviceCookie) res.append('Set-Cookie', CLEARED_DEVICE_COOKIE);
    const session = startSession(req, res, user, next.stage, next.proof);
    send(res, { status: 200, body: { stage: session.stage, csrfToken: session.csrfToken } });
  });

  // Step 2 of sign-in: the code from the authenticator app.
  router.post('/login/mfa', async (req, res) => {
    const session = sessionFor(req, res, 'awaiting-mfa');
    if (!session) return;
    const code = codeFrom(req.body);
    if (code === null) return send(res, MISSING_CODE);
    const options = signInOptions(req.body, req.get('user-agent')); // "Remember this device"
    const result = await mfa.verify(session.userId, code, options);
    // 'not_enabled': an administrator reset MFA meanwhile, so the password alone is enough now.
    if (!result.ok && result.reason !== 'not_enabled') return send(res, refusalReply(result, 'sign-in'));
    const next = startSession(req, res, session, 'signed-in', result.ok ? result : null);
    const remembered = result.ok ? deviceCookie(result) : null;
    if (remembered !== null) res.append('Set-Cookie', remembered);
    send(res, {
      status: 200,
      body: { stage: next.stage, csrfToken: next.csrfToken, deviceRemembered: remembered !== null },
    });
  });

  // Step 2 of sign-in, when the phone is lost: a recovery code, used up by this sign-in.
  router.post('/login/recovery', async (req, res) => {
    const session = sessionFor(req, res, 'awaiting-mfa');
    if (!session) return;
    const code = codeFrom(req.body);
    if (code === null) return send(res, MISSING_CODE);
    const options = signInOptions(req.body, req.get('user-agent'));
    const result = await mfa.useRecoveryCode(session.userId, code, options);
    if (!result.ok) return send(res, refusalReply(result, 'sign-in'));
    const next = startSession(req, res, session, 'signed-in', result);
    const remembered = deviceCookie(result);
    if (remembered !== null) res.append('Set-Cookie', remembered);
    send(res, {
      status: 200,
      body: {
        stage: next.stage,
        csrfToken: next.csrfToken,
        recoveryCodesRemaining: result.remaining,
        deviceRemembered: remembered !== null,
      },
    });
  });

  router.post('/logout', (req, res) => {
    const id = readCookie(req.get('cookie'), SESSION_COOKIE);
    if (id !== undefined) sessions.end(id);
    res.set('Set-Cookie', sessionCookie(null)).status(204).end();
  });

  // The dashboard's "MFA is enabled / disabled".
  router.get('/mfa', async (req, res) => {
    const session = sessionFor(req, res, 'signed-in');
    if (!session) return;
    send(res, { status: 200, body: { ...(await mfa.status(session.userId)) } });
  });

  // Enable: a new secret, its Key URI and QR code, shown once. Calling it again starts over.
  router.post('/mfa/enable', async (req, res) => {
    const session = sessionFor(req, res, 'signed-in');
    if (!session) return;
    const { secret, uri, expiresAt } = await mfa.beginEnable(session.userId, {
      accountName: session.accountName,
    });
    const qrDataUrl = await toDataUrl(uri, { scale: 5 });
    send(res, { status: 200, headers: NO_STORE, body: { secret, uri, qrDataUrl, expiresAt } });
  });

  // Confirm: the first code from the app turns MFA on and returns the recovery codes, once.
  router.post('/mfa/confirm', async (req, res) => {
    const session = sessionFor(req, res, 'signed-in');
    if (!session) return;
    const code = codeFrom(req.body);
    if (code === null) return send(res, MISSING_CODE);
    const result = await mfa.confirmEnable(session.userId, code);
    if (!result.ok) return send(res, refusalReply(result, 'account'));
    send(res, {
      status: 200,
      headers: NO_STORE,
      body: { state: 'enabled', recoveryCodes: result.recoveryCodes },
    });
  });

  router.post('/mfa/cancel', async (req, res) => {
    const session = sessionFor(req, res, 'signed-in');
    if (!session) return;
    send(res, { status: 200, body: { ...(await mfa.cancelEnable(session.userId)) } });
  });

  // Disable: a TOTP or a recovery code proves it is the user, not someone at an unlocked laptop.
  router.post('/mfa/disable', async (req, res) => {
    const session = sessionFor(req, res, 'signed-in');
    if (!session) return;
    const code = codeFrom(req.body);
    if (code === null) return send(res, MISSING_CODE);
    const result = await mfa.disable(session.userId, code);
    if (!result.ok) return send(res, refusalReply(result, 'account'));
    res.append('Set-Cookie', CLEARED_DEVICE_COOKIE); // mfakit forgot every device; drop the cookie too
    send(res, { status: 200, body: { state: 'disabled' } });
  });

  // New recovery codes (the old ones stop working), after a code.
  router.post('/mfa/recovery-codes', async (req, res) => {
    const session = sessionFor(req, res, 'signed-in');
    if (!session) return;
    const code = codeFrom(req.body);
    if (code === null) return send(res, MISSING_CODE);
    const result = await mfa.regenerateRecoveryCodes(session.userId, code);
    if (!result.ok) return send(res, refusalReply(result, 'account'));
    send(res, { status: 200, headers: NO_STORE, body: { recoveryCodes: result.recoveryCodes } });
  });

  // Step-up: a fresh code raises the session's proof (a new session: new id, new CSRF token).
  router.post('/mfa/step-up', async (req, res) => {
    const session = sessionFor(req, res, 'signed-in');
    if (!session) return;
    const code = codeFrom(req.body);
    if (code === null) return send(res, MISSING_CODE);
    const result = await mfa.verify(session.userId, code);
    if (!result.ok) return send(res, refusalReply(result, 'account'));
    const next = startSession(req, res, session, 'signed-in', result);
    send(res, {
      status: 200,
      body: { csrfToken: next.csrfToken, method: result.method, verifiedAt: result.verifiedAt },
    });
  });

  // A sensitive action: only with a code given in the last few minutes, not a remembered device.
  if (changeEmail) {
    router.post('/account/email', async (req, res) => {
      const session = sessionFor(req, res, 'signed-in');
      if (!session) return;
      const stepUp = await stepUpCheck(mfa, session, clock(), stepUpMaxAgeMs);
      if (stepUp) return send(res, stepUp);
      const email = emailFrom(req.body);
      if (email === null) return send(res, MISSING_EMAIL);
      await changeEmail(session.userId, email);
      send(res, { status: 200, body: { email } });
    });
  }

  // Express 5 passes rejected promises here: MfaError codes become 4xx/5xx without internals.
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const reply = errorReply(error);
    if (reply.status >= 500)
      console.error(
        'mfa route failed:',
        error instanceof Error ? error.name : error,
        (error as { code?: unknown }).code,
      );
    send(res, reply);
  };
  router.use(onError);
  return router;
}
