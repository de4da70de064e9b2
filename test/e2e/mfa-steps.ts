// Steps and look-ups shared by the browser tests of several authenticators and remembered devices.
import { parseUri } from 'mfakit';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Demo, readQrCode, signIn } from './harness.js';

/** The path of the page's URL. */
export const path = (page: Page) => new URL(page.url()).pathname;

/** The dashboard card with this heading. */
export const card = (page: Page, heading: string) =>
  page.locator('section.card', { has: page.getByRole('heading', { name: heading, exact: true }) });

/** The Authenticator apps card. */
export const authenticatorsCard = (page: Page) => card(page, 'Authenticator apps');
/** The Remembered devices card. */
export const devicesCard = (page: Page) => card(page, 'Remembered devices');

/** The titles of a card's items, spaces collapsed. */
export async function itemTitles(page: Page, heading: string): Promise<string[]> {
  return (await card(page, heading).locator('.item-title').allTextContents()).map((text) =>
    text.replace(/\s+/g, ' ').trim(),
  );
}

/** What the Profile card says under Signed in with. */
export async function signedInWith(page: Page): Promise<string> {
  const facts = page.locator('dl.facts');
  const index = (await facts.locator('dt').allTextContents()).indexOf('Signed in with');
  return (await facts.locator('dd').nth(index).textContent()) ?? '';
}

/** Signs in with the password, then the code screen with `code`, the box ticked or not. */
export async function signInWithCode(page: Page, demo: Demo, code: string, remember = false): Promise<void> {
  await signIn(page, demo);
  expect(path(page)).toBe('/login/code');
  if (remember) await page.getByLabel('Remember this device for 30 days').check();
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(`${demo.url}/`);
}

/** Adds an authenticator through the dashboard's dialogs; returns its secret, read from the QR code. */
export async function addAuthenticator(
  page: Page,
  demo: Demo,
  label: string,
  proof: string,
): Promise<string> {
  await page.getByRole('button', { name: 'Add authenticator app' }).click();
  const add = page.getByRole('dialog', { name: 'Add an authenticator app' });
  await add.getByLabel('Name').fill(label);
  await add.getByLabel('Authentication code').fill(proof);
  await add.getByRole('button', { name: 'Continue' }).click();
  const setup = page.getByRole('dialog', { name: 'Set up your new authenticator app' });
  const { secret } = parseUri(await readQrCode(setup.getByRole('img', { name: /QR code/ })));
  await setup.getByLabel('Code from the new app').fill(demo.clock.code(secret));
  await setup.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL((url) => url.search === '?notice=authenticator-added');
  return secret;
}
