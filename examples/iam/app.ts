/**
 * The demo's Hono app: security headers, the body limit, static assets, sessions, CSRF, then the routes.
 * The order of the middleware is the security model, so it is all in this one place.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Mfa } from 'mfakit';
import { csrfProtection } from './csrf.js';
import { authRoutes } from './routes/auth.js';
import { mfaRoutes } from './routes/mfa.js';
import { securityRoutes } from './routes/security.js';
import { type AppEnv, HOME_OF, type Sessions } from './session.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import type { Users } from './users.js';
import { errorPage } from './views/layout.js';

/** What the routes need. */
export interface AppDeps {
  /** mfakit's service over the app's store. */
  mfa: Mfa;
  users: Users;
  sessions: Sessions;
  /** Counts password attempts per account and per client network. */
  signInThrottle: SignInThrottle;
}

/** The largest request body the app reads: its forms are a few hundred bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

// The only paths a half-signed-in session (password right, code not given) may request.
const CODE_STEP_PATHS = new Set(['/login/code', '/login/recovery', '/logout']);

const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

function assetRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const files = new Map(
    Object.entries(ASSETS).map(([name, type]) => [
      name,
      { type, body: readFileSync(new URL(`./public/${name}`, import.meta.url)) },
    ]),
  );
  routes.get('/:name', (c) => {
    const file = files.get(c.req.param('name'));
    if (!file) return c.notFound();
    return c.body(file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
  });
  return routes;
}

/**
 * Builds the app.
 *
 * @param deps - the MFA service, users, sessions and the password throttle
 * @returns the Hono app; serve it with @hono/node-server
 * @example
 * ```ts
 * const app = createApp({ mfa, users, sessions, signInThrottle });
 * serve({ fetch: app.fetch, port: 3000 });
 * ```
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(
    secureHeaders({
      // Everything from this origin; no inline script or style. data: images are the QR code's PNG.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
    }),
  );
  // Pages carry CSRF tokens, secrets and recovery codes: never keep them in a cache or the back button.
  app.use(async (c, next) => {
    await next();
    if (c.res.headers.get('Content-Type')?.startsWith('text/html')) c.header('Cache-Control', 'no-store');
  });

  // A larger body is refused before a byte of it is parsed (a declared length is refused unread), and
  // the connection is closed rather than drained, so the rest of it is not read either.
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        c.header('Connection', 'close');
        return c.html(
          errorPage('This form is too large', 'Nothing was changed. Go back, reload the page and try again.'),
          413,
        );
      },
    }),
  );

  app.route('/assets', assetRoutes());

  app.use(deps.sessions.middleware);
  app.use(async (c, next) => {
    const { stage } = c.var.session;
    if (stage === 'awaiting-code' && !CODE_STEP_PATHS.has(c.req.path)) return c.redirect(HOME_OF[stage], 303);
    await next();
  });
  app.use(csrfProtection());

  app.route('/', authRoutes(deps));
  app.route('/', mfaRoutes(deps));
  app.route('/', securityRoutes(deps));

  app.notFound((c) => c.html(errorPage('Page not found', 'There is nothing at this address.'), 404));
  app.onError((error, c) => {
    // Log the error's name and code only: an MfaError never carries a secret, but other errors might.
    console.error(
      `${c.req.method} ${c.req.path} failed: ${error.name} ${(error as { code?: string }).code ?? ''}`,
    );
    return c.html(errorPage('Something went wrong', 'Nothing was changed. Please try again.'), 500);
  });
  return app;
}
