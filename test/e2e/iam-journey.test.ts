// The user guide's journey in a real browser, step by step, against the demo app (examples/iam):
// it also writes the guide's screenshots into docs/asset/mfa/.
import { readFileSync } from 'node:fs';
import { parseUri } from 'mfakit';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  browserSuite,
  openPage,
  readQrCode,
  reportSkip,
  saveScreenshot,
  signIn,
  signOut,
  skipWithoutBrowser,
} from './harness.js';
import { path } from './mfa-steps.js';

reportSkip('iam-journey');

// A browser journey takes seconds, more on a loaded CI machine: above vitest's 20 s default.
const BROWSER_TEST_MS = 90_000;

const mfaCard = (page: Page) =>
  page.locator('section.card', { has: page.getByRole('heading', { name: 'Multi-factor authentication' }) });

async function alertText(page: Page): Promise<string> {
  return ((await page.getByRole('alert').textContent()) ?? '').trim();
}

describe.skipIf(skipWithoutBrowser)('the IAM demo in Chromium', () => {
  const suite = browserSuite();
  const { demo } = suite;

  test(
    'the user guide journey: enable from the QR code, sign in with a code, refuse a wrong one, recover, disable',
    async () => {
      const app = await demo();
      const { page, watch, context } = await openPage(suite.browser(), app);

      // Sign in: a visitor is sent to the sign-in page, which names the demo account.
      await page.goto(`${app.url}/`);
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.textContent('main')).toContain('demo-password');
      await signIn(page, app);
      expect(new URL(page.url()).pathname).toBe('/');

      // Enabling, step 1: the dashboard's Enable MFA button.
      const enableButton = page.getByRole('button', { name: 'Enable MFA', exact: true });
      await saveScreenshot(mfaCard(page), 'enable-mfa-button.png');
      await enableButton.click();

      // Step 2: a popup with the status of MFA and an Enable button.
      const statusDialog = page.getByRole('dialog', { name: 'Multi-factor authentication' });
      await statusDialog.waitFor();
      expect(await statusDialog.textContent()).toContain('MFA is disabled');
      await saveScreenshot(statusDialog, 'enable-mfa-popup.png');
      await statusDialog.getByRole('button', { name: 'Enable', exact: true }).click();

      // Step 3: the QR code, read from its pixels as a phone would, and the same key for manual entry.
      const setup = page.getByRole('dialog', { name: 'Set up your authenticator app' });
      const uri = await readQrCode(setup.getByRole('img', { name: /QR code/ }));
      const { secret, accountName, issuer } = parseUri(uri);
      expect(accountName).toBe('demo');
      expect(issuer).toBe('IAM Demo');
      const manualKey = ((await setup.locator('#setup-key').textContent()) ?? '').trim();
      expect(manualKey).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4})*( [A-Z2-7]{1,3})?$/);
      expect(manualKey.replaceAll(' ', '')).toBe(secret);
      await setup.getByRole('button', { name: 'Copy' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      await saveScreenshot(setup, 'enable-mfa-qr-popup.png');

      // Step 4: the code from the authenticator confirms it.
      const confirmCode = app.clock.code(secret);
      await setup.getByLabel('Authentication code').fill(confirmCode);
      await setup.getByRole('button', { name: 'Submit' }).click();

      // MFA reads enabled; the recovery codes are shown once, with Copy and Download.
      const codesDialog = page.getByRole('dialog', { name: 'Save your recovery codes' });
      await codesDialog.waitFor();
      expect(await codesDialog.textContent()).toContain('MFA is enabled');
      const recoveryCodes = await codesDialog.locator('li code').allTextContents();
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      await codesDialog.getByRole('button', { name: 'Copy' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(recoveryCodes.join('\n'));
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        codesDialog.getByRole('button', { name: 'Download' }).click(),
      ]);
      const downloaded = readFileSync(await download.path(), 'utf8');
      for (const code of recoveryCodes) expect(downloaded).toContain(code);
      await codesDialog.getByRole('link', { name: 'Done' }).click();
      await page.waitForURL(`${app.url}/`);
      expect(await mfaCard(page).textContent()).toContain('MFA is enabled');
      expect(await page.getByRole('button', { name: 'Disable MFA', exact: true }).isVisible()).toBe(true);
      // Shown once: nowhere on the dashboard now.
      expect(await page.content()).not.toContain(recoveryCodes[0]);

      // Step 5: signing in now asks for a code on an additional screen.
      await signOut(page);
      await signIn(page, app);
      expect(new URL(page.url()).pathname).toBe('/login/code');
      await saveScreenshot(page.locator('main .card'), 'enable-mfa-additional-login.png');
      expect(await page.getByRole('link', { name: 'Use a recovery code' }).isVisible()).toBe(true);

      // The code that confirmed the set-up is spent, and a wrong code gets the very same message.
      await page.getByLabel('Authentication code').fill(confirmCode);
      await page.getByRole('button', { name: 'Submit' }).click();
      const reusedMessage = await alertText(page);
      await page.getByLabel('Authentication code').fill(app.clock.wrongCode(secret));
      await page.getByRole('button', { name: 'Submit' }).click();
      const wrongMessage = await alertText(page);
      expect(wrongMessage).toMatch(/didn't work/);
      expect(reusedMessage).toBe(wrongMessage);
      expect(new URL(page.url()).pathname).toBe('/login/code');

      // The next step's code signs in.
      app.clock.nextStep();
      await page.getByLabel('Authentication code').fill(app.clock.code(secret));
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL(`${app.url}/`);
      expect(await mfaCard(page).textContent()).toContain('MFA is enabled');

      // A recovery code instead of the authenticator: a wrong one is refused, a saved one signs in, once.
      await signOut(page);
      await signIn(page, app);
      await page.getByRole('link', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill('AAAA-BBBB-CCCC-DDDD');
      await page.getByRole('button', { name: 'Submit' }).click();
      expect(await alertText(page)).toMatch(/didn't work/);
      await page.getByLabel('Recovery code').fill(recoveryCodes[0]!.toLowerCase());
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      expect(await mfaCard(page).textContent()).toContain('9 recovery codes left');
      await signOut(page);
      await signIn(page, app);
      await page.getByRole('link', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
      await page.getByRole('button', { name: 'Submit' }).click();
      expect(await alertText(page)).toMatch(/didn't work/);
      await page.getByLabel('Recovery code').fill(recoveryCodes[1]!);
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL((url) => url.pathname === '/');

      // Disabling, step 1: the dashboard's Disable MFA button.
      await saveScreenshot(mfaCard(page), 'disable-mfa-button.png');
      await page.getByRole('button', { name: 'Disable MFA', exact: true }).click();

      // Step 2: the status popup, with Disable.
      await statusDialog.waitFor();
      expect(await statusDialog.textContent()).toContain('MFA is enabled');
      await saveScreenshot(statusDialog, 'disable-mfa-popup-0.png');
      await statusDialog.getByRole('button', { name: 'Disable', exact: true }).click();

      // Step 3: the code, then Submit.
      const disableDialog = page.getByRole('dialog', { name: 'Disable MFA' });
      await disableDialog.waitFor();
      app.clock.nextStep();
      await disableDialog.getByLabel('Authentication code').fill(app.clock.code(secret));
      await saveScreenshot(disableDialog, 'disable-mfa-popup.png');
      await disableDialog.getByRole('button', { name: 'Submit' }).click();

      // Step 4: MFA is disabled, and signing in needs the password only.
      await page.waitForURL((url) => url.pathname === '/' && url.search === '?notice=mfa-disabled');
      expect(await mfaCard(page).textContent()).toContain('MFA is disabled');
      expect(await page.getByRole('button', { name: 'Enable MFA', exact: true }).isVisible()).toBe(true);
      await signOut(page);
      await signIn(page, app);
      expect(new URL(page.url()).pathname).toBe('/');

      // Nothing was loaded from elsewhere, nothing broke the CSP, and no secret reached the log.
      expect(watch.foreignRequests).toEqual([]);
      expect(watch.problems).toEqual([]);
      const log = app.logs.join('\n');
      for (const value of [secret, confirmCode, ...recoveryCodes]) expect(log).not.toContain(value);
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  test(
    'keyboard only: a dialog takes the focus when it opens and gives it back to its button when it closes',
    async () => {
      const app = await demo();
      const { page, watch, context } = await openPage(suite.browser(), app);
      const focusedDialog = () => page.evaluate(() => document.activeElement?.closest('dialog')?.id ?? null);
      const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null);

      await page.goto(`${app.url}/login`);
      await page.keyboard.type('demo');
      await page.keyboard.press('Tab');
      await page.keyboard.type('demo-password');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${app.url}/`);

      // Tab to the Enable MFA button, as a keyboard user would.
      for (let presses = 0; presses < 10 && (await focusedText()) !== 'Enable MFA'; presses += 1) {
        await page.keyboard.press('Tab');
      }
      expect(await focusedText()).toBe('Enable MFA');

      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Multi-factor authentication' }).waitFor();
      expect(await focusedDialog()).toBe('mfa-status');
      await page.keyboard.press('Escape');
      expect(await page.getByRole('dialog').count()).toBe(0);
      await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Enable MFA');

      // The set-up dialog comes from the server (a form post); it is modal and focused too.
      await page.keyboard.press('Enter');
      expect(await focusedText()).toBe('Enable');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Set up your authenticator app' }).waitFor();
      expect(await focusedDialog()).toBe('mfa-setup');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Enable MFA');

      expect(watch.problems).toEqual([]);
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  test(
    'without JavaScript every step still works, as plain form posts and redirects',
    async () => {
      const app = await demo();
      const context = await suite.browser().newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await signIn(page, app);

      // The buttons load pages that render the dialog open.
      await page.getByRole('button', { name: 'Enable MFA', exact: true }).click();
      expect(path(page)).toBe('/mfa');
      await page
        .getByRole('dialog', { name: 'Multi-factor authentication' })
        .getByRole('button', { name: 'Enable', exact: true })
        .click();
      const setup = page.getByRole('dialog', { name: 'Set up your authenticator app' });
      const secret = ((await setup.locator('#setup-key').textContent()) ?? '').replaceAll(' ', '');
      // The Copy button needs JavaScript, so it stays hidden.
      expect(await setup.getByRole('button', { name: 'Copy' }).count()).toBe(0);
      await setup.getByLabel('Authentication code').fill(app.clock.code(secret));
      await setup.getByRole('button', { name: 'Submit' }).click();
      expect(
        await page.getByRole('dialog', { name: 'Save your recovery codes' }).locator('li code').count(),
      ).toBe(10);
      await page.getByRole('link', { name: 'Done' }).click();

      await signOut(page);
      await signIn(page, app);
      app.clock.nextStep();
      await page.getByLabel('Authentication code').fill(app.clock.code(secret));
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL(`${app.url}/`);

      await page.getByRole('button', { name: 'Disable MFA', exact: true }).click();
      await page.getByRole('button', { name: 'Disable', exact: true }).click();
      expect(path(page)).toBe('/mfa/disable');
      app.clock.nextStep();
      const disable = page.getByRole('dialog', { name: 'Disable MFA' });
      await disable.getByLabel('Authentication code').fill(app.clock.code(secret));
      await disable.getByRole('button', { name: 'Submit' }).click();
      expect(await mfaCard(page).textContent()).toContain('MFA is disabled');
      await context.close();
    },
    BROWSER_TEST_MS,
  );
});
