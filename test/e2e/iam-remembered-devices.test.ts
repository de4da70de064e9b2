import { describe, expect, test } from 'vitest';
import {
  browserSuite,
  enableMfa,
  openPage,
  reportSkip,
  saveScreenshot,
  signIn,
  signOut,
  skipWithoutBrowser,
} from './harness.js';
import { devicesCard, itemTitles, path, signedInWith, signInWithCode } from './mfa-steps.js';

reportSkip('iam-remembered-devices');

// A browser journey takes seconds, more on a loaded CI machine: above vitest's 20 s default.
const BROWSER_TEST_MS = 120_000;

describe.skipIf(skipWithoutBrowser)('remembered devices in Chromium', () => {
  const suite = browserSuite();
  const { demo } = suite;

  test(
    'remember this device: the next sign-in needs no code; forgotten, or after Disable MFA, a code again',
    async () => {
      const app = await demo();
      const { page, watch, context } = await openPage(suite.browser(), app);
      await signIn(page, app);
      const { secret, recoveryCodes } = await enableMfa(page, app);
      await signOut(page);

      // The code screen's box.
      await signIn(page, app);
      const box = page.getByLabel('Remember this device for 30 days');
      expect(await box.isChecked()).toBe(false);
      await box.check();
      app.clock.nextStep();
      await page.getByLabel('Authentication code').fill(app.clock.code(secret));
      await saveScreenshot(page.locator('main .card'), 'remember-device-checkbox.png');
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL(`${app.url}/`);

      // The token is in an HTTP-only, SameSite=Strict cookie that lasts the 30 days.
      const cookie = (await context.cookies()).find((each) => each.name.startsWith('iam_device_'));
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
      const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThanOrEqual(30);
      expect(await page.evaluate(() => document.cookie)).not.toContain('iam_device_');
      expect(await itemTitles(page, 'Remembered devices')).toEqual(['Chrome on Linux This browser']);

      // Signing in again: the password alone.
      await signOut(page);
      await signIn(page, app);
      expect(path(page)).toBe('/');
      expect(await signedInWith(page)).toBe('Password and remembered device');
      await saveScreenshot(devicesCard(page), 'remembered-devices.png');

      // Another browser is still asked for a code.
      const other = await openPage(suite.browser(), app);
      await signIn(other.page, app);
      expect(path(other.page)).toBe('/login/code');
      await other.context.close();

      // Forget it: the next sign-in asks for a code.
      await devicesCard(page).getByRole('button', { name: 'Forget Chrome on Linux (this browser)' }).click();
      await page.waitForURL((url) => url.search === '?notice=device-forgotten');
      expect(await devicesCard(page).textContent()).toContain('No device is remembered');
      await signOut(page);
      await signIn(page, app);
      expect(path(page)).toBe('/login/code');

      // A recovery code can remember the device too.
      await page.getByRole('link', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
      await page.getByLabel('Remember this device for 30 days').check();
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      expect(await signedInWith(page)).toBe('Password and recovery code');
      await signOut(page);
      await signIn(page, app);
      expect(path(page)).toBe('/');

      // Disable MFA, turn it on again: the device is asked for a code.
      app.clock.nextStep();
      await page.getByRole('button', { name: 'Disable MFA', exact: true }).click();
      await page.getByRole('button', { name: 'Disable', exact: true }).click();
      const disable = page.getByRole('dialog', { name: 'Disable MFA' });
      await disable.getByLabel('Authentication code').fill(app.clock.code(secret));
      await disable.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL((url) => url.search === '?notice=mfa-disabled');
      const { secret: again } = await enableMfa(page, app);
      await signOut(page);
      await signIn(page, app);
      expect(path(page)).toBe('/login/code');
      app.clock.nextStep();
      await page.getByLabel('Authentication code').fill(app.clock.code(again));
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL(`${app.url}/`);

      expect(watch.foreignRequests).toEqual([]);
      expect(watch.problems).toEqual([]);
      const log = app.logs.join('\n');
      expect(log).not.toContain(cookie!.value);
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  test(
    'a device remembered before MFA was turned off in another browser is asked for a code, and its cookie dropped',
    async () => {
      const app = await demo();
      const { page, context } = await openPage(suite.browser(), app);
      await signIn(page, app);
      const { secret } = await enableMfa(page, app);
      await signOut(page);
      app.clock.nextStep();
      await signInWithCode(page, app, app.clock.code(secret), true);
      // Turned off from another browser (this one keeps its cookie), then on again there.
      const other = await openPage(suite.browser(), app);
      await signIn(other.page, app);
      app.clock.nextStep();
      await other.page.getByLabel('Authentication code').fill(app.clock.code(secret));
      await other.page.getByRole('button', { name: 'Submit' }).click();
      await other.page.waitForURL(`${app.url}/`);
      app.clock.nextStep();
      await other.page.getByRole('button', { name: 'Disable MFA', exact: true }).click();
      await other.page.getByRole('button', { name: 'Disable', exact: true }).click();
      const disable = other.page.getByRole('dialog', { name: 'Disable MFA' });
      await disable.getByLabel('Authentication code').fill(app.clock.code(secret));
      await disable.getByRole('button', { name: 'Submit' }).click();
      await other.page.waitForURL((url) => url.search === '?notice=mfa-disabled');
      const { secret: again } = await enableMfa(other.page, app);
      await other.context.close();

      expect((await context.cookies()).some((each) => each.name.startsWith('iam_device_'))).toBe(true);
      await signIn(page, app);
      expect(path(page)).toBe('/login/code');
      // The refused token was dropped from this browser.
      expect((await context.cookies()).some((each) => each.name.startsWith('iam_device_'))).toBe(false);
      app.clock.nextStep();
      await page.getByLabel('Authentication code').fill(app.clock.code(again));
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL(`${app.url}/`);
      await context.close();
    },
    BROWSER_TEST_MS,
  );
});
