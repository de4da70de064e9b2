/**
 * MFA for a Fastify 5 app: the password step, the second step at sign-in (a TOTP, a recovery code
 * or a remembered device), the account steps of the seed's user guide (enable → QR code → confirm →
 * disable), and a step-up check before a sensitive action (changing the email address).
 * A JSON API for a single-page front end; docs/integration.md walks through it.
 *
 * ```ts
 * const mfa = createMfa({ store, issuer: 'Acme', keyring });
 * const app = Fastify();
 * await app.register(mfaPlugin, { prefix: '/auth', mfa, sessions: createSessionStore(), verifyPassword });
 * ```
 *
 * In an app the imports are `from 'mfakit'` and `from 'mfakit/qr'`; the examples import the sources
 * so that they typecheck without a build.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

function send(reply: FastifyReply, answer: HttpReply): FastifyReply {
  return reply
    .code(answer.status)
    .headers(answer.headers ?? {})
    .send(answer.body);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The MFA routes as a Fastify plugin, to register with a `prefix`: POST /login, /login/mfa,
 * /login/recovery, /logout; GET /mfa; POST /mfa/enable, /mfa/confirm, /mfa/cancel, /mfa/disable,
 * /mfa/recovery-codes, /mfa/step-up; and POST /account/email when `changeEmail` is given. Its error
 * handler covers only these routes (Fastify's encapsulation).
 *
 * @param app - the Fastify instance (scoped to the plugin)
 * @param options - the MFA service, the sessions, the password check and the email change
 */
export async function mfaPlugin(
  app: FastifyInstance,
  { mfa, sessions, verifyPassword, changeEmail, stepUpMaxAgeMs, clock = Date.now }: MfaRoutesOptions,
): Promise<void> {
  // The session at exactly `stage`, with the CSRF check for POSTs; otherwise the refusal is sent.
  const sessionFor = (request: FastifyRequest, reply: FastifyReply, stage: SessionStage): Session | null => {
    const checked = gate(sessions, stage, {
      method: request.method,
      sessionId: readCookie(header(request, 'cookie'), SESSION_COOKIE),
      csrfToken: header(request, CSRF_HEADER),
      contentType: header(request, 'content-type'),
    });
    if (!checked.ok) send(reply, checked.reply);
    return checked.ok ? checked.session : null;
  };

  // A new session (new id, new CSRF token) at every change of stage: an id from before is worthless.
  const startSession = (
    request: FastifyRequest,
    reply: FastifyReply,
    user: { userId: string; accountName: string },
    stage: SessionStage,
    proof: Proven | null = null,
  ) => {
    const oldId = readCookie(header(request, 'cookie'), SESSION_COOKIE);
    if (oldId !== undefined) sessions.end(oldId);
    const session = sessions.start(user, stage, proof);
    reply.header('Set-Cookie', sessionCookie(session)); // Fastify appends every Set-Cookie
    return session;
  };

  // Step 1 of sign-in: the password. With MFA on, the session is only half signed in.
  app.post('/login', async (request, reply) => {
    // Fastify also parses text/plain, which a cross-site form can send: insist on JSON.
    const notJson = postCheck({ contentType: header(request, 'content-type') });
    if (notJson) return send(reply, notJson);
    const { username, password } = (request.body ?? {}) as { username?: unknown; password?: unknown };
    const user =
      typeof username === 'string' && typeof password === 'string'
        ? await verifyPassword(username, password)
        : null;
    if (!user)
      return send(reply, {
        status: 401,
        body: { error: 'bad_credentials', message: 'Incorrect username or password.' },
      });
    // With MFA on, a remembered device signs in without a code; a refused device cookie is cleared.
    const next = await afterPassword(mfa, user.userId, readCookie(header(request, 'cookie'), DEVICE_COOKIE));
    if (next.clearDeviceCookie) reply.header('Set-Cookie', CLEARED_DEVICE_COOKIE);
    const session = startSession(request, reply, user, next.stage, next.proof);
    return send(reply, { status: 200, body: { stage: session.stage, csrfToken: session.csrfToken } });
  });

  // Step 2 of sign-in: the code from the authenticator app.
  app.post('/login/mfa', async (request, reply) => {
    const session = sessionFor(request, reply, 'awaiting-mfa');
    if (!session) return reply;
    const code = codeFrom(request.body);
    if (code === null) return send(reply, MISSING_CODE);
    const options = signInOptions(request.body, header(request, 'user-agent')); // "Remember this device"
    const result = await mfa.verify(session.userId, code, options);
    // 'not_enabled': an administrator reset MFA meanwhile, so the password alone is enough now.
    if (!result.ok && result.reason !== 'not_enabled') return send(reply, refusalReply(result, 'sign-in'));
    const next = startSession(request, reply, session, 'signed-in', result.ok ? result : null);
    const remembered = result.ok ? deviceCookie(result) : null;
    if (remembered !== null) reply.header('Set-Cookie', remembered);
    return send(reply, {
      status: 200,
      body: { stage: next.stage, csrfToken: next.csrfToken, deviceRemembered: remembered !== null },
    });
  });

  // Step 2 of sign-in, when the phone is lost: a recovery code, used up by this sign-in.
  app.post('/login/recovery', async (request, reply) => {
    const session = sessionFor(request, reply, 'awaiting-mfa');
    if (!session) return reply;
    const code = codeFrom(request.body);
    if (code === null) return send(reply, MISSING_CODE);
    const options = signInOptions(request.body, header(request, 'user-agent'));
    const result = await mfa.useRecoveryCode(session.userId, code, options);
    if (!result.ok) return send(reply, refusalReply(result, 'sign-in'));
    const next = startSession(request, reply, session, 'signed-in', result);
    const remembered = deviceCookie(result);
    if (remembered !== null) reply.header('Set-Cookie', remembered);
    return send(reply, {
      status: 200,
      body: {
        stage: next.stage,
        csrfToken: next.csrfToken,
        recoveryCodesRemaining: result.remaining,
        deviceRemembered: remembered !== null,
      },
    });
  });

  app.post('/logout', async (request, reply) => {
    const id = readCookie(header(request, 'cookie'), SESSION_COOKIE);
    if (id !== undefined) sessions.end(id);
    return reply.header('Set-Cookie', sessionCookie(null)).code(204).send();
  });

  // The dashboard's "MFA is enabled / disabled".
  app.get('/mfa', async (request, reply) => {
    const session = sessionFor(request, reply, 'signed-in');
    if (!session) return reply;
    return send(reply, { status: 200, body: { ...(await mfa.status(session.userId)) } });
  });

  // Enable: a new secret, its Key URI and QR code, shown once. Calling it again starts over.
  app.post('/mfa/enable', async (request, reply) => {
    const session = sessionFor(request, reply, 'signed-in');
    if (!session) return reply;
    const { secret, uri, expiresAt } = await mfa.beginEnable(session.userId, {
      accountName: session.accountName,
    });
    const qrDataUrl = await toDataUrl(uri, { scale: 5 });
    return send(reply, { status: 200, headers: NO_STORE, body: { secret, uri, qrDataUrl, expiresAt } });
  });

  // Confirm: the first code from the app turns MFA on and returns the recovery codes, once.
  app.post('/mfa/confirm', async (request, reply) => {
    const session = sessionFor(request, reply, 'signed-in');
    if (!session) return reply;
    const code = codeFrom(request.body);
    if (code === null) return send(reply, MISSING_CODE);
    const result = await mfa.confirmEnable(session.userId, code);
    if (!result.ok) return send(reply, refusalReply(result, 'account'));
    return send(reply, {
      status: 200,
      headers: NO_STORE,
      body: { state: 'enabled', recoveryCodes: result.recoveryCodes },
    });
  });

  app.post('/mfa/cancel', async (request, reply) => {
    const session = sessionFor(request, reply, 'signed-in');
    if (!session) return reply;
    return send(reply, { status: 200, body: { ...(await mfa.cancelEnable(session.userId)) } });
  });

  // Disable: a TOTP or a recovery code proves it is the user, not someone at an unlocked laptop.
  app.post('/mfa/disable', async (request, reply) => {
    const session = sessionFor(request, reply, 'signed-in');
    if (!session) return reply;
    const code = codeFrom(request.body);
    if (code === null) return send(reply, MISSING_CODE);
    const result = await mfa.disable(session.userId, code);
    if (!result.ok) return send(reply, refusalReply(result, 'account'));
    reply.header('Set-Cookie', CLEARED_DEVICE_COOKIE); // mfakit forgot every device; drop the cookie too
    return send(reply, { status: 200, body: { state: 'disabled' } });
  });

  // New recovery codes (the old ones stop working), after a code.
  app.post('/mfa/recovery-codes', async (request, reply) => {
    const session = sessionFor(request, reply, 'signed-in');
    if (!session) return reply;
    const code = codeFrom(request.body);
    if (code === null) return send(reply, MISSING_CODE);
    const result = await mfa.regenerateRecoveryCodes(session.userId, code);
    if (!result.ok) return send(reply, refusalReply(result, 'account'));
    return send(reply, { status: 200, headers: NO_STORE, body: { recoveryCodes: result.recoveryCodes } });
  });

  // Step-up: a fresh code raises the session's proof (a new session: new id, new CSRF token).
  app.post('/mfa/step-up', async (request, reply) => {
    const session = sessionFor(request, reply, 'signed-in');
    if (!session) return reply;
    const code = codeFrom(request.body);
    if (code === null) return send(reply, MISSING_CODE);
    const result = await mfa.verify(session.userId, code);
    if (!result.ok) return send(reply, refusalReply(result, 'account'));
    const next = startSession(request, reply, session, 'signed-in', result);
    return send(reply, {
      status: 200,
      body: { csrfToken: next.csrfToken, method: result.method, verifiedAt: result.verifiedAt },
    });
  });

  // A sensitive action: only with a code given in the last few minutes, not a remembered device.
  if (changeEmail) {
    app.post('/account/email', async (request, reply) => {
      const session = sessionFor(request, reply, 'signed-in');
      if (!session) return reply;
      const stepUp = await stepUpCheck(mfa, session, clock(), stepUpMaxAgeMs);
      if (stepUp) return send(reply, stepUp);
      const email = emailFrom(request.body);
      if (email === null) return send(reply, MISSING_EMAIL);
      await changeEmail(session.userId, email);
      return send(reply, { status: 200, body: { email } });
    });
  }

  // MfaError codes (and Fastify's own 4xx, such as malformed JSON) become responses without internals.
  app.setErrorHandler((error, _request, reply) => {
    const answer = errorReply(error);
    if (answer.status >= 500) app.log.error({ code: (error as { code?: unknown }).code }, 'mfa route failed');
    return send(reply, answer);
  });
}
