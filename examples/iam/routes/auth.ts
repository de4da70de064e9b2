/**
 * Signing in and out: the password step, then (when the account has MFA on) the code step with its
 * recovery-code alternative, or nothing more when this browser holds a remembered device's token.
 * Between the two steps the session is 'awaiting-code', which reaches nothing but these screens (app.ts).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import type { RecoveryCodeAccepted, TotpAccepted } from 'mfakit';
import type { AppDeps } from '../app.js';
import {
  deviceLabel,
  deviceTokenOf,
  dropDeviceToken,
  keepDeviceToken,
  REMEMBER_DEVICE_MS,
  REMEMBER_FIELD,
} from '../remembered-device.js';
import { type AppEnv, HOME_OF, requireStage, type SessionProof } from '../session.js';
import { clientNetwork } from '../sign-in-throttle.js';
import { codePage, loginPage, recoveryPage } from '../views/login.js';
import { noticeFor, refusalMessage, signInRefusalMessage } from '../views/messages.js';

/**
 * Reads a text field of a posted form ('' when absent or a file).
 *
 * @param body - the parsed form
 * @param name - the field name
 * @returns the value
 */
export function textField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

// The socket's peer: the demo listens on loopback with no proxy in front, so no forwarded header is trusted.
function networkOf(c: Context<AppEnv>): string {
  try {
    return clientNetwork(getConnInfo(c).remote.address);
  } catch {
    // Not served by @hono/node-server (no socket to ask): every such client shares one budget.
    return clientNetwork(undefined);
  }
}

/**
 * The sign-in routes: /login, /login/code, /login/recovery and /logout.
 *
 * @param deps - the MFA service, users, sessions and the password throttle
 * @returns the routes
 */
export function authRoutes({ mfa, users, sessions, signInThrottle }: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/login', (c) => {
    const { session } = c.var;
    if (session.stage !== 'anonymous') return c.redirect(HOME_OF[session.stage], 303);
    const notice = noticeFor(c.req.query('notice'));
    return c.html(loginPage({ csrfToken: session.csrfToken, ...(notice ? { notice } : {}) }));
  });

  routes.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const username = textField(body, 'username');
    const { csrfToken } = c.var.session;
    // Counted before the password is checked; while the account or network is locked, it is not checked.
    const attempt = signInThrottle.begin(username.trim(), networkOf(c));
    if (!attempt.allowed) {
      const error = signInRefusalMessage({ checked: false, lockMs: attempt.retryAfterMs });
      c.header('Retry-After', String(Math.ceil(attempt.retryAfterMs / 1000)));
      return c.html(loginPage({ csrfToken, username, error }), 429);
    }
    const user = await users.authenticate(username, textField(body, 'password'));
    if (!user) {
      const error = signInRefusalMessage({ checked: true, lockMs: attempt.lockIfWrongMs });
      return c.html(loginPage({ csrfToken, username, error }), 401);
    }
    attempt.succeeded();
    // The password is right. With MFA on, a remembered device stands in for the code; without one, the
    // session only reaches the code screen until a code is given.
    const { state } = await mfa.status(user.id);
    if (state !== 'enabled') {
      // Turning MFA off forgot every device: a token left in this browser is worth nothing.
      dropDeviceToken(c, user.id);
      sessions.start(c, 'signed-in', user.id);
      return c.redirect('/', 303);
    }
    const token = deviceTokenOf(c, user.id);
    if (token !== undefined) {
      const device = await mfa.checkDevice(user.id, token);
      if (device.ok) {
        const { method, verifiedAt, deviceId } = device;
        sessions.start(c, 'signed-in', user.id, { method, verifiedAt, deviceId });
        return c.redirect('/', 303);
      }
      // Forgotten, expired, or from before MFA was last turned off: ask for a code, and drop the token.
      dropDeviceToken(c, user.id);
    }
    sessions.start(c, 'awaiting-code', user.id);
    return c.redirect(HOME_OF['awaiting-code'], 303);
  });

  // The options of verify and useRecoveryCode: remember the device when the box was ticked.
  const signInOptions = (c: Context<AppEnv>, body: Record<string, unknown>) =>
    body[REMEMBER_FIELD] === 'yes'
      ? { rememberDevice: { label: deviceLabel(c.req.header('User-Agent')), ttlMs: REMEMBER_DEVICE_MS } }
      : {};

  // A code was accepted: keep the device token when one was asked for, and go on signed in.
  const signedIn = (c: Context<AppEnv>, userId: string, result: TotpAccepted | RecoveryCodeAccepted) => {
    const { method, verifiedAt, deviceToken, deviceId, deviceExpiresAt } = result;
    const proof: SessionProof = { method, verifiedAt };
    if (deviceToken !== undefined && deviceId !== undefined && deviceExpiresAt !== undefined) {
      keepDeviceToken(c, userId, { deviceToken, deviceExpiresAt }, verifiedAt);
      proof.deviceId = deviceId;
    }
    sessions.start(c, 'signed-in', userId, proof);
  };

  routes.get('/login/code', requireStage('awaiting-code'), (c) =>
    c.html(codePage({ csrfToken: c.var.session.csrfToken })),
  );

  routes.post('/login/code', requireStage('awaiting-code'), async (c) => {
    const userId = c.var.session.userId!;
    const body = await c.req.parseBody();
    const code = textField(body, 'code').replace(/\s+/g, '');
    const result = await mfa.verify(userId, code, signInOptions(c, body));
    if (result.ok) {
      signedIn(c, userId, result);
      return c.redirect('/', 303);
    }
    // 'not_enabled': an administrator turned MFA off meanwhile, so the password alone is enough now.
    if (result.reason === 'not_enabled') {
      sessions.start(c, 'signed-in', userId);
      return c.redirect('/', 303);
    }
    const remember = body[REMEMBER_FIELD] === 'yes';
    return c.html(
      codePage({ csrfToken: c.var.session.csrfToken, error: refusalMessage(result), remember }),
      401,
    );
  });

  routes.get('/login/recovery', requireStage('awaiting-code'), (c) =>
    c.html(recoveryPage({ csrfToken: c.var.session.csrfToken })),
  );

  routes.post('/login/recovery', requireStage('awaiting-code'), async (c) => {
    const userId = c.var.session.userId!;
    const body = await c.req.parseBody();
    const result = await mfa.useRecoveryCode(userId, textField(body, 'code'), signInOptions(c, body));
    if (result.ok) {
      signedIn(c, userId, result);
      return c.redirect('/?notice=recovery-used', 303);
    }
    if (result.reason === 'not_enabled') {
      sessions.start(c, 'signed-in', userId);
      return c.redirect('/', 303);
    }
    const error = refusalMessage(result, 'recovery code');
    const remember = body[REMEMBER_FIELD] === 'yes';
    return c.html(recoveryPage({ csrfToken: c.var.session.csrfToken, error, remember }), 401);
  });

  routes.post('/logout', (c) => {
    // Signing out ends the user's sessions everywhere. Cancel sign-in (a half-signed-in session) only
    // replaces this browser's session: anyone with the password could otherwise sign the user out.
    const { stage, userId } = c.var.session;
    if (stage === 'signed-in' && userId !== null) sessions.revokeAll(userId);
    sessions.start(c, 'anonymous', null);
    return c.redirect('/login?notice=signed-out', 303);
  });

  return routes;
}
