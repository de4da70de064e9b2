// Several authenticator apps in a real browser, against the demo app: the user guide's sections on
// adding and removing them, step by step, with their screenshots written into docs/asset/mfa/.
import { parseUri } from 'mfakit';
import { describe, expect, test } from 'vitest';
import {
  browserSuite,
  enableMfa,
  openPage,
  readQrCode,
  reportSkip,
  saveScreenshot,
  signIn,
  signOut,
  skipWithoutBrowser,
  watchPage,
} from './harness.js';
import {
  addAuthenticator,
  authenticatorsCard,
  devicesCard,
  itemTitles,
  path,
  signedInWith,
  signInWithCode,
} from './mfa-steps.js';

reportSkip('iam-authenticators');

// A browser journey takes seconds, more on a loaded CI machine: above vitest's 20 s default.
const BROWSER_TEST_MS = 120_000;

describe.skipIf(skipWithoutBrowser)('several authenticator apps in Chromium', () => {
  const suite = browserSuite();
  const { demo } = suite;

  test(
    'add a second authenticator, sign in with a code from each, rename one and remove the other',
    async () => {
      const app = await demo();
      const { page, watch, context } = await openPage(suite.browser(), app);
      await signIn(page, app);
      const { secret: first } = await enableMfa(page, app);

      // One authenticator, named by default; its Remove dialog says to use Disable MFA instead.
      expect(await itemTitles(page, 'Authenticator apps')).toEqual(['Authenticator app']);
      await page.getByRole('button', { name: 'Remove Authenticator app' }).click();
      const onlyOne = page.getByRole('dialog', { name: 'Remove “Authenticator app”' });
      expect(await onlyOne.textContent()).toMatch(/only authenticator app.*use Disable MFA instead/);
      expect(await onlyOne.getByLabel('Authentication code').count()).toBe(0);
      await saveScreenshot(onlyOne, 'remove-last-authenticator-popup.png');
      // Its Disable MFA button leads to the Disable MFA popup.
      await onlyOne.getByRole('button', { name: 'Disable MFA' }).click();
      const disable = page.getByRole('dialog', { name: 'Disable MFA' });
      await disable.waitFor();
      await disable.getByRole('button', { name: 'Cancel' }).click();
      expect(await page.getByRole('dialog').count()).toBe(0);
      await page.getByRole('button', { name: 'Remove Authenticator app' }).click();
      await onlyOne.getByRole('button', { name: 'Close' }).click();

      // Adding: a name and a proof code from the app already set up.
      await page.getByRole('button', { name: 'Add authenticator app' }).click();
      const add = page.getByRole('dialog', { name: 'Add an authenticator app' });
      await add.waitFor();
      await add.getByLabel('Name').fill('Backup phone');
      app.clock.nextStep();
      await add.getByLabel('Authentication code').fill(app.clock.code(first));
      await saveScreenshot(add, 'add-authenticator-popup.png');
      await add.getByRole('button', { name: 'Continue' }).click();

      // The new app's QR code, read from its pixels, with the same key for typing; shown this once.
      const setup = page.getByRole('dialog', { name: 'Set up your new authenticator app' });
      const uri = parseUri(await readQrCode(setup.getByRole('img', { name: /QR code/ })));
      expect(uri.accountName).toBe('demo');
      expect(uri.issuer).toBe('IAM Demo');
      const second = uri.secret;
      expect(second).not.toBe(first);
      const key = ((await setup.locator('#new-authenticator-key').textContent()) ?? '').replaceAll(' ', '');
      expect(key).toBe(second);
      await saveScreenshot(setup, 'add-authenticator-qr-popup.png');
      // A code from the old app does not confirm the new one.
      await setup.getByLabel('Code from the new app').fill(app.clock.code(first, 1));
      await setup.getByRole('button', { name: 'Submit' }).click();
      expect(await setup.getByRole('alert').textContent()).toMatch(/didn't work/);
      expect(await setup.locator('#new-authenticator-key').count()).toBe(0);
      await setup.getByLabel('Code from the new app').fill(app.clock.code(second));
      await setup.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL((url) => url.search === '?notice=authenticator-added');
      expect(await page.getByRole('status').textContent()).toContain('new authenticator app is set up');
      expect(await itemTitles(page, 'Authenticator apps')).toEqual(['Authenticator app', 'Backup phone']);
      await saveScreenshot(authenticatorsCard(page), 'authenticators-list.png');

      // A code from either app signs in, and its "Last used" moves.
      await signOut(page);
      app.clock.nextStep();
      await signInWithCode(page, app, app.clock.code(second));
      const backup = authenticatorsCard(page).locator('li', { hasText: 'Backup phone' });
      expect(await backup.textContent()).not.toContain('Never');
      await signOut(page);
      app.clock.nextStep();
      await signInWithCode(page, app, app.clock.code(first));
      expect(await signedInWith(page)).toBe('Password and authenticator app');

      // Rename the first.
      await page.getByRole('button', { name: 'Rename Authenticator app' }).click();
      const rename = page.getByRole('dialog', { name: 'Rename “Authenticator app”' });
      await rename.getByLabel('Name').fill('Old phone');
      await saveScreenshot(rename, 'rename-authenticator-popup.png');
      await rename.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL((url) => url.search === '?notice=authenticator-renamed');
      expect(await itemTitles(page, 'Authenticator apps')).toEqual(['Old phone', 'Backup phone']);

      // Remove it with a code from the other app: a wrong code first, which removes nothing.
      await page.getByRole('button', { name: 'Remove Old phone' }).click();
      const remove = page.getByRole('dialog', { name: 'Remove “Old phone”' });
      app.clock.nextStep();
      await remove.getByLabel('Authentication code').fill(app.clock.code(second));
      await saveScreenshot(remove, 'remove-authenticator-popup.png');
      await remove.getByLabel('Authentication code').fill(app.clock.wrongCode(second));
      await remove.getByRole('button', { name: 'Remove', exact: true }).click();
      expect(await remove.getByRole('alert').textContent()).toMatch(/didn't work/);
      expect(await remove.isVisible()).toBe(true);
      await remove.getByLabel('Authentication code').fill(app.clock.code(second));
      await remove.getByRole('button', { name: 'Remove', exact: true }).click();
      await page.waitForURL((url) => url.search === '?notice=authenticator-removed');
      expect(await itemTitles(page, 'Authenticator apps')).toEqual(['Backup phone']);

      // Codes from the removed app no longer sign in; the remaining one's do.
      await signOut(page);
      app.clock.nextStep();
      await signIn(page, app);
      await page.getByLabel('Authentication code').fill(app.clock.code(first));
      await page.getByRole('button', { name: 'Submit' }).click();
      expect(await page.getByRole('alert').textContent()).toMatch(/didn't work/);
      await page.getByLabel('Authentication code').fill(app.clock.code(second));
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL(`${app.url}/`);

      expect(watch.foreignRequests).toEqual([]);
      expect(watch.problems).toEqual([]);
      const log = app.logs.join('\n');
      for (const value of [first, second]) expect(log).not.toContain(value);
      expect(log).toMatch(/mfa authenticator_removed/);
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  test(
    'without JavaScript, adding, renaming and removing work as plain form posts',
    async () => {
      const app = await demo();
      const context = await suite.browser().newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await signIn(page, app);
      const { secret } = await enableMfa(page, app);

      await page.getByRole('button', { name: 'Add authenticator app' }).click();
      expect(path(page)).toBe('/mfa/authenticators/add');
      const add = page.getByRole('dialog', { name: 'Add an authenticator app' });
      await add.getByLabel('Name').fill('Tablet');
      app.clock.nextStep();
      await add.getByLabel('Authentication code').fill(app.clock.code(secret));
      await add.getByRole('button', { name: 'Continue' }).click();
      const setup = page.getByRole('dialog', { name: 'Set up your new authenticator app' });
      const second = ((await setup.locator('#new-authenticator-key').textContent()) ?? '').replaceAll(
        ' ',
        '',
      );
      // Copy needs JavaScript, so it stays hidden.
      expect(await setup.getByRole('button', { name: 'Copy' }).count()).toBe(0);
      await setup.getByLabel('Code from the new app').fill(app.clock.code(second));
      await setup.getByRole('button', { name: 'Submit' }).click();
      expect(await itemTitles(page, 'Authenticator apps')).toEqual(['Authenticator app', 'Tablet']);

      await page.getByRole('button', { name: 'Rename Tablet' }).click();
      expect(path(page)).toMatch(/^\/mfa\/authenticators\/au_[0-9a-f]{16}\/rename$/);
      const rename = page.getByRole('dialog', { name: 'Rename “Tablet”' });
      await rename.getByLabel('Name').fill('Kitchen tablet');
      await rename.getByRole('button', { name: 'Save' }).click();
      expect(await itemTitles(page, 'Authenticator apps')).toEqual(['Authenticator app', 'Kitchen tablet']);

      await page.getByRole('button', { name: 'Remove Authenticator app' }).click();
      const remove = page.getByRole('dialog', { name: 'Remove “Authenticator app”' });
      app.clock.nextStep();
      await remove.getByLabel('Authentication code').fill(app.clock.code(second));
      await remove.getByRole('button', { name: 'Remove', exact: true }).click();
      expect(await itemTitles(page, 'Authenticator apps')).toEqual(['Kitchen tablet']);
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  test(
    'at phone width, by keyboard: the new cards fit, dialogs take the focus and give it back',
    async () => {
      const app = await demo();
      const { page, context } = await openPage(suite.browser(), app);
      await signIn(page, app);
      const { secret } = await enableMfa(page, app);
      app.clock.nextStep();
      await addAuthenticator(
        page,
        app,
        'A phone with a rather long name for its list',
        app.clock.code(secret),
      );
      await signOut(page);
      app.clock.nextStep();
      await signInWithCode(page, app, app.clock.code(secret), true);
      await context.close();

      // The same account on a phone-sized screen (a new context: no cookies, so a code is asked for).
      const phone = await suite.browser().newContext({
        viewport: { width: 375, height: 740 },
        isMobile: true,
        hasTouch: true,
      });
      const mobile = await phone.newPage();
      const watch = watchPage(mobile, app.url);
      await signIn(mobile, app);
      const overflow = () =>
        mobile.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const box = mobile.getByLabel('Remember this device for 30 days');
      expect(await box.isVisible()).toBe(true);
      expect(await overflow()).toBeLessThanOrEqual(0);
      app.clock.nextStep();
      await mobile.getByLabel('Authentication code').fill(app.clock.code(secret));
      await mobile.getByRole('button', { name: 'Submit' }).click();
      await mobile.waitForURL(`${app.url}/`);
      expect(await overflow()).toBeLessThanOrEqual(0);
      for (const locator of [authenticatorsCard(mobile), devicesCard(mobile)]) {
        const bounds = await locator.boundingBox();
        expect(bounds!.x).toBeGreaterThanOrEqual(0);
        expect(bounds!.x + bounds!.width).toBeLessThanOrEqual(375);
      }

      // Every visible control has an accessible name; every id is unique; no inline script or style.
      const audit = await mobile.evaluate(() => {
        const controls = Array.from(document.querySelectorAll('input:not([type="hidden"]), button, a[href]'));
        const unnamed = controls.filter((element) => {
          const input = element as HTMLInputElement;
          const named =
            (input.labels?.length ?? 0) > 0 ||
            element.getAttribute('aria-label') ||
            (element.textContent ?? '').trim() !== '' ||
            element.querySelector('img[alt]:not([alt=""])');
          return !named;
        });
        const ids = Array.from(document.querySelectorAll('[id]'), (element) => element.id);
        return {
          unnamed: unnamed.map((element) => element.outerHTML),
          duplicateIds: ids.filter((id, index) => ids.indexOf(id) !== index),
          inline: document.querySelectorAll('script:not([src]), style, [style]').length,
          describedByMissing: Array.from(document.querySelectorAll('[aria-describedby]')).flatMap((element) =>
            (element.getAttribute('aria-describedby') ?? '')
              .split(/\s+/)
              .filter((id) => id && !document.getElementById(id)),
          ),
        };
      });
      expect(audit).toEqual({ unnamed: [], duplicateIds: [], inline: 0, describedByMissing: [] });

      // Keyboard: the Add button opens its dialog with the focus inside; Escape gives it back.
      const add = mobile.getByRole('button', { name: 'Add authenticator app' });
      await add.focus();
      await mobile.keyboard.press('Enter');
      const dialog = mobile.getByRole('dialog', { name: 'Add an authenticator app' });
      await dialog.waitFor();
      expect(await mobile.evaluate(() => document.activeElement?.closest('dialog')?.id)).toBe(
        'authenticator-add',
      );
      const bounds = await dialog.boundingBox();
      expect(bounds!.x).toBeGreaterThanOrEqual(0);
      expect(bounds!.x + bounds!.width).toBeLessThanOrEqual(375);
      await mobile.keyboard.press('Escape');
      await mobile.waitForFunction(() => document.activeElement?.id === 'add-authenticator-button');

      // A Remove dialog the server re-opens after a wrong code returns the focus to its own button.
      const removeButton = mobile.getByRole('button', { name: /^Remove A phone with/ });
      await removeButton.click();
      const remove = mobile.getByRole('dialog', { name: /^Remove “A phone with/ });
      await remove.getByLabel('Authentication code').fill(app.clock.wrongCode(secret));
      await remove.getByRole('button', { name: 'Remove', exact: true }).click();
      await remove.getByRole('alert').waitFor();
      expect(await mobile.evaluate(() => document.activeElement?.closest('dialog')?.id)).toMatch(
        /^remove-au_/,
      );
      expect(await mobile.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
      await mobile.keyboard.press('Escape');
      await mobile.waitForFunction(() => document.activeElement?.id.startsWith('remove-button-au_'));

      expect(watch.foreignRequests).toEqual([]);
      expect(watch.problems).toEqual([]);
      await phone.close();
    },
    BROWSER_TEST_MS,
  );
});
