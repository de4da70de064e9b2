/**
 * Signing in and out: the password step, then (when the account has MFA on) the code step with its
 * recovery-code alternative. Between the two steps the session is 'awaiting-code', which reaches
 * nothing but these screens (app.ts).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app.js';
import { type AppEnv, HOME_OF, requireStage } from '../session.js';
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
    // The password is right. With MFA on, the session only reaches the code screen until a code is given.
    const { state } = await mfa.status(user.id);
    const stage = state === 'enabled' ? 'awaiting-code' : 'signed-in';
    sessions.start(c, stage, user.id);
    return c.redirect(HOME_OF[stage], 303);
  });

  routes.get('/login/code', requireStage('awaiting-code'), (c) =>
    c.html(codePage({ csrfToken: c.var.session.csrfToken })),
  );

  routes.post('/login/code', requireStage('awaiting-code'), async (c) => {
    const userId = c.var.session.userId!;
    const code = textField(await c.req.parseBody(), 'code').replace(/\s+/g, '');
    const result = await mfa.verify(userId, code);
    // 'not_enabled': an administrator turned MFA off meanwhile, so the password alone is enough now.
    if (result.ok || result.reason === 'not_enabled') {
      sessions.start(c, 'signed-in', userId);
      return c.redirect('/', 303);
    }
    return c.html(codePage({ csrfToken: c.var.session.csrfToken, error: refusalMessage(result) }), 401);
  });

  routes.get('/login/recovery', requireStage('awaiting-code'), (c) =>
    c.html(recoveryPage({ csrfToken: c.var.session.csrfToken })),
  );

  routes.post('/login/recovery', requireStage('awaiting-code'), async (c) => {
    const userId = c.var.session.userId!;
    const result = await mfa.useRecoveryCode(userId, textField(await c.req.parseBody(), 'code'));
    if (result.ok || result.reason === 'not_enabled') {
      sessions.start(c, 'signed-in', userId);
      return c.redirect(result.ok ? '/?notice=recovery-used' : '/', 303);
    }
    const error = refusalMessage(result, 'recovery code');
    return c.html(recoveryPage({ csrfToken: c.var.session.csrfToken, error }), 401);
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
