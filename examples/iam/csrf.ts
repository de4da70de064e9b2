/**
 * CSRF protection with the synchronizer token pattern: every session carries a random token
 * (session.ts), every form the app renders posts it back in a hidden `_csrf` field, and a POST
 * whose token is missing or different is refused before any route sees it.
 *
 * The SameSite=Lax cookie already keeps other sites' form posts from carrying the session; the
 * token is the second, independent wall (old browsers, same-site subdomains).
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './session.js';
import { errorPage } from './views/layout.js';

/** The name of the hidden form field that carries the token. */
export const CSRF_FIELD = '_csrf';

/**
 * Compares two tokens in constant time (for equal lengths; the length of a token is not secret).
 *
 * @param given - the token from the form
 * @param expected - the session's token
 * @returns true when they are equal
 */
export function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Refuses every POST whose `_csrf` field does not match the session's token, with 403.
 *
 * @returns the middleware; it must run after the session middleware
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // Hono caches the parsed body, so the route reads the same fields again for free.
    const body = await c.req.parseBody();
    const token = body[CSRF_FIELD];
    if (typeof token !== 'string' || !tokensMatch(token, c.var.session.csrfToken)) {
      return c.html(
        errorPage(
          'This form has expired',
          'The page was open too long or was sent from elsewhere. Go back, reload the page and try again.',
        ),
        403,
      );
    }
    await next();
  };
}
