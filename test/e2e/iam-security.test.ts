// Security properties of the demo app, checked from a real browser: what a half-signed-in session
// can reach, CSRF tokens, the session cookie, the response headers, and lockouts (codes and passwords).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SIGN_IN_LIMITS } from '../../examples/iam/sign-in-throttle.js';
import {
  type Demo,
  enableMfa,
  launchBrowser,
  openPage,
  reportSkip,
  signIn,
  signOut,
  skipWithoutBrowser,
  startDemo,
  watchPage,
} from './harness.js';

reportSkip('iam-security');

// Browser tests take seconds, more on a loaded CI machine: above vitest's 20 s default.
const BROWSER_TEST_MS = 90_000;

const path = (page: Page) => new URL(page.url()).pathname;
const csrfTokenOf = async (page: Page) =>
  (await page.locator('input[name="_csrf"]').first().inputValue()) || '';

describe.skipIf(skipWithoutBrowser)('IAM demo security properties', () => {
  let browser: Browser;
  let app: Demo;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await startDemo();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test(
    'a half-signed-in session (password right, no code yet) reaches nothing but the code screen',
    async () => {
      const { page, context } = await openPage(browser, app);
      await signIn(page, app);
      const { secret } = await enableMfa(page, app);
      await signOut(page);
      await signIn(page, app);
      expect(path(page)).toBe('/login/code');

      for (const target of ['/', '/mfa', '/mfa/disable', '/login', '/no-such-page']) {
        await page.goto(`${app.url}${target}`);
        expect(path(page), target).toBe('/login/code');
      }
      // Even with this session's own CSRF token and a valid code, the MFA actions are out of reach.
      const token = await csrfTokenOf(page);
      app.clock.nextStep();
      for (const action of ['/mfa/disable', '/mfa/enable', '/mfa/cancel']) {
        const response = await page.request.post(`${app.url}${action}`, {
          form: { _csrf: token, code: app.clock.code(secret) },
          maxRedirects: 0,
        });
        expect(response.status(), action).toBe(303);
        expect(response.headers()['location'], action).toBe('/login/code');
      }
      // The code screen itself works, and MFA is still on: none of the posts above did anything.
      await page.getByLabel('Authentication code').fill(app.clock.code(secret));
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL(`${app.url}/`);
      expect(await page.textContent('main')).toContain('MFA is enabled');
      // Put the account back as the other tests expect it.
      app.clock.nextStep();
      await page.getByRole('button', { name: 'Disable MFA', exact: true }).click();
      await page.getByRole('button', { name: 'Disable', exact: true }).click();
      await page
        .getByRole('dialog', { name: 'Disable MFA' })
        .getByLabel('Authentication code')
        .fill(app.clock.code(secret));
      await page.getByRole('dialog', { name: 'Disable MFA' }).getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL((url) => url.search === '?notice=mfa-disabled');
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  test(
    'a form post without the session’s CSRF token is refused and changes nothing',
    async () => {
      const { page, context } = await openPage(browser, app);
      // Before sign-in: the sign-in form itself is protected.
      await page.goto(`${app.url}/login`);
      const refusedLogin = await page.request.post(`${app.url}/login`, {
        form: { username: 'demo', password: 'demo-password' },
        maxRedirects: 0,
      });
      expect(refusedLogin.status()).toBe(403);

      await signIn(page, app);
      const token = await csrfTokenOf(page);
      const other = await openPage(browser, app);
      await other.page.goto(`${app.url}/login`);
      const otherSessionsToken = await csrfTokenOf(other.page);
      expect(otherSessionsToken).not.toBe(token);

      for (const form of [
        {},
        { _csrf: '' },
        { _csrf: `${token.slice(0, -1)}x` },
        { _csrf: otherSessionsToken },
      ]) {
        for (const action of ['/mfa/enable', '/logout']) {
          const response = await page.request.post(`${app.url}${action}`, { form, maxRedirects: 0 });
          expect(response.status(), `${action} ${JSON.stringify(form)}`).toBe(403);
        }
      }
      // Still signed in, MFA still off.
      await page.goto(`${app.url}/`);
      expect(path(page)).toBe('/');
      expect(await page.textContent('main')).toContain('MFA is disabled');
      // The same post with the right token goes through (the refusals above were the token's doing).
      const accepted = await page.request.post(`${app.url}/logout`, {
        form: { _csrf: token },
        maxRedirects: 0,
      });
      expect(accepted.status()).toBe(303);
      await other.context.close();
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  test(
    'the session cookie is HTTP-only, SameSite=Lax, and a tampered one is worth nothing',
    async () => {
      const { page, context } = await openPage(browser, app);
      await page.goto(`${app.url}/login`);
      const [anonymous] = await context.cookies();
      expect(anonymous).toMatchObject({ name: 'iam_session', httpOnly: true, sameSite: 'Lax' });

      // Claim to be signed in as the demo user by editing the payload and keeping the old signature.
      await signIn(page, app);
      const signedIn = (await context.cookies()).find((cookie) => cookie.name === 'iam_session')!;
      expect(signedIn.value).not.toBe(anonymous!.value);
      const [, signature] = anonymous!.value.split('.');
      const [payload] = signedIn.value.split('.');
      await context.clearCookies();
      await context.addCookies([{ ...anonymous!, value: `${payload}.${signature}` }]);
      await page.goto(`${app.url}/`);
      expect(path(page)).toBe('/login');

      const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      forged['expiresAt'] = Date.now() + 365 * 24 * 3600 * 1000;
      const forgedPayload = Buffer.from(JSON.stringify(forged)).toString('base64url');
      await context.addCookies([{ ...signedIn, value: `${forgedPayload}.${signedIn.value.split('.')[1]}` }]);
      await page.goto(`${app.url}/`);
      expect(path(page)).toBe('/login');

      // The genuine cookie still works (the checks above fail for the right reason).
      await context.addCookies([signedIn]);
      await page.goto(`${app.url}/`);
      expect(path(page)).toBe('/');
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  test(
    'pages carry a strict CSP and anti-framing headers, have no inline code, and load nothing from elsewhere',
    async () => {
      const { page, watch, context } = await openPage(browser, app);
      const responses = [await page.goto(`${app.url}/login`)];
      await signIn(page, app);
      responses.push(await page.goto(`${app.url}/`), await page.goto(`${app.url}/mfa`));
      for (const response of responses) {
        const headers = response!.headers();
        const csp = headers['content-security-policy'] ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
        expect(csp).not.toMatch(/script-src[^;]*(https?:|\*)/);
        expect(headers['x-frame-options']).toBe('DENY');
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['referrer-policy']).toBe('no-referrer');
        expect(headers['cache-control']).toBe('no-store');
      }
      const inline = await page.evaluate(() => ({
        scripts: document.querySelectorAll('script:not([src])').length,
        styles: document.querySelectorAll('style, [style]').length,
        handlers: Array.from(document.querySelectorAll('*')).filter((element) =>
          element.getAttributeNames().some((name) => name.startsWith('on')),
        ).length,
      }));
      expect(inline).toEqual({ scripts: 0, styles: 0, handlers: 0 });
      // The enhanced dialog opened, so app.js ran under the CSP.
      expect(await page.getByRole('dialog', { name: 'Multi-factor authentication' }).isVisible()).toBe(true);
      expect(watch.foreignRequests).toEqual([]);
      expect(watch.problems).toEqual([]);
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  test(
    'a burst of wrong codes locks the account, and the user is told when to try again',
    async () => {
      const { page, context } = await openPage(browser, app);
      await signIn(page, app);
      const { secret } = await enableMfa(page, app);
      await signOut(page);
      await signIn(page, app);
      const submit = async (code: string) => {
        await page.getByLabel('Authentication code').fill(code);
        await page.getByRole('button', { name: 'Submit' }).click();
        return ((await page.getByRole('alert').textContent()) ?? '').trim();
      };
      const messages: string[] = [];
      for (let attempt = 0; attempt < 5; attempt += 1)
        messages.push(await submit(app.clock.wrongCode(secret)));
      expect(messages.slice(0, 4).every((message) => !/try again in/.test(message))).toBe(true);
      expect(messages[4]).toMatch(/try again in \d+ (seconds?|minutes?)/);
      // While locked, even a right and unused code (the next step's, inside the window) is refused.
      expect(await submit(app.clock.code(secret, 1))).toMatch(/try again in \d+ (seconds?|minutes?)/);
      expect(path(page)).toBe('/login/code');
      // After the wait, a fresh code signs in.
      app.clock.nextStep();
      app.clock.nextStep();
      await page.getByLabel('Authentication code').fill(app.clock.code(secret));
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL(`${app.url}/`);
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  test(
    'too many wrong passwords: an alert says when to try again, readable on a phone',
    async () => {
      // A demo of its own: the lock would hold up the other tests' sign-ins.
      const locked = await startDemo();
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
      const page = await context.newPage();
      const watch = watchPage(page, locked.url);
      const signInWith = async (password: string) => {
        await page.goto(`${locked.url}/login`);
        await page.getByLabel('Username').fill('demo');
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').waitFor();
        return ((await page.getByRole('alert').textContent()) ?? '').trim();
      };
      for (let failure = 1; failure < SIGN_IN_LIMITS.accountFreeFailures; failure += 1) {
        expect(await signInWith(`wrong-${failure}`)).toBe('Incorrect username or password.');
      }
      expect(await signInWith('wrong-again')).toMatch(
        /^Incorrect username or password\. Too many sign-in attempts: try again in 30 seconds\.$/,
      );
      // The right password is refused while the lock holds, and the page stays the sign-in page.
      expect(await signInWith('demo-password')).toBe('Too many sign-in attempts: try again in 30 seconds.');
      expect(path(page)).toBe('/login');
      // The username is kept for the next try, and the alert fits the phone's width.
      expect(await page.getByLabel('Username').inputValue()).toBe('demo');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await page.getByRole('alert').isVisible()).toBe(true);
      expect(watch.problems).toEqual([]);
      await context.close();
      await locked.close();
    },
    BROWSER_TEST_MS,
  );
});
