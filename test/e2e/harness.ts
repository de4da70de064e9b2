// Shared set-up of the browser tests: Debian's Chromium driven by playwright-core, the demo server
// started in-process on a free port with a temporary data folder and a clock the test steps.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQR from 'jsqr';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll } from 'vitest';
import { type Demo, startDemo } from '../demo/helpers/demo-server.js';

export { type Demo, startDemo, TestClock } from '../demo/helpers/demo-server.js';

/** Where .ci/run installs Debian's Chromium (apt-get install chromium). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when these tests may skip: no Chromium here and not in CI, where a missing browser is a failure. */
export const skipWithoutBrowser = !existsSync(CHROMIUM_PATH) && !process.env['CI'];

/** Prints the one line that says why the browser tests were skipped. */
export function reportSkip(suite: string): void {
  if (skipWithoutBrowser) {
    console.log(`${suite}: skipped, no browser at ${CHROMIUM_PATH} (apt-get install -y chromium to run it)`);
  }
}

/** The folder the user guide's screenshots are written to. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/asset/mfa/', import.meta.url));

/**
 * The browser and the demos of one suite: Chromium launched before its tests and closed after them,
 * with every demo the suite started through `demo()`. Call it inside the suite's `describe`.
 *
 * @returns the launched browser (once the suite runs) and a demo starter
 */
export function browserSuite(): { browser: () => Browser; demo: () => Promise<Demo> } {
  let launched: Browser | undefined;
  const demos: Demo[] = [];
  beforeAll(async () => {
    launched = await launchBrowser();
  });
  afterAll(async () => {
    await launched?.close();
    for (const demo of demos) await demo.close();
  });
  return {
    browser() {
      if (launched === undefined) throw new Error('the browser is launched in beforeAll');
      return launched;
    },
    async demo() {
      const started = await startDemo();
      demos.push(started);
      return started;
    },
  };
}

/**
 * Launches headless Chromium with the project's flags (DESIGN.md).
 *
 * @returns the browser
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a watched page did that it must not: requests elsewhere, console errors (CSP violations), exceptions. */
export interface PageWatch {
  foreignRequests: string[];
  problems: string[];
}

/**
 * Records every request that leaves the demo's origin and every console error or page exception.
 *
 * @param page - the page to watch
 * @param origin - the demo's base URL
 * @returns the lists, filled as the page runs
 */
export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { foreignRequests: [], problems: [] };
  const own = new URL(origin).origin;
  page.on('request', (request) => {
    const url = new URL(request.url());
    // data: is the QR code's PNG and blob: the recovery-code download: both made inside the page.
    if (url.origin !== own && url.protocol !== 'data:' && url.protocol !== 'blob:') {
      watch.foreignRequests.push(request.url());
    }
  });
  page.on('console', (message) => {
    // A refused form is re-rendered with 401, 422 or 429 (too many attempts), which Chromium reports as a
    // console error: expected.
    const refusedForm = /^Failed to load resource: .* status of (401|422|429)\b/.test(message.text());
    if (message.type() === 'error' && !refusedForm) watch.problems.push(message.text());
  });
  page.on('pageerror', (error) => watch.problems.push(error.message));
  return watch;
}

/**
 * A fresh browser context and page, watched.
 *
 * @param browser - the browser
 * @param demo - the demo server
 * @returns the context, page and watch
 */
export async function openPage(
  browser: Browser,
  demo: Demo,
): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
  const context = await browser.newContext({
    viewport: { width: 1024, height: 760 },
    deviceScaleFactor: 2,
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  return { context, page, watch: watchPage(page, demo.url) };
}

/**
 * Signs in with the password on the sign-in page.
 *
 * @param page - the page
 * @param demo - the demo server
 */
export async function signIn(page: Page, demo: Demo): Promise<void> {
  await page.goto(`${demo.url}/login`);
  await page.getByLabel('Username').fill('demo');
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/**
 * Signs out with the header's button.
 *
 * @param page - the page
 */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
}

/** Set to 1 to write over the guide's screenshots that exist already (after a change to a screen). */
export const UPDATE_SCREENSHOTS = process.env['MFA_UPDATE_SCREENSHOTS'] === '1';

/**
 * Takes a screenshot of one element for the user guide. It is written to docs/asset/mfa/ when the
 * file is not there yet, or with MFA_UPDATE_SCREENSHOTS=1: the committed screenshots (the seed's
 * among them) stay as they are when the tests run, though each one is still taken.
 *
 * @param target - the element
 * @param name - the file name in docs/asset/mfa/
 * @returns the PNG
 */
export async function saveScreenshot(target: Locator, name: string): Promise<Buffer> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name);
  const write = UPDATE_SCREENSHOTS || !existsSync(path);
  return target.screenshot({
    ...(write ? { path } : {}),
    animations: 'disabled',
    caret: 'hide',
  });
}

/**
 * Reads a QR code the way a phone would: from the pixels of a screenshot of the element.
 *
 * @param image - the QR code's <img>
 * @returns the encoded text
 */
export async function readQrCode(image: Locator): Promise<string> {
  const png = PNG.sync.read(await image.screenshot());
  const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  const found = jsQR(pixels, png.width, png.height);
  if (!found) throw new Error('no QR code found in the screenshot');
  return found.data;
}

/**
 * Turns MFA on through the dashboard, reading the key from the page's text (the journey test reads
 * it from the QR code instead), and returns to the dashboard.
 *
 * @param page - a signed-in page
 * @param demo - the demo server
 * @returns the secret and the recovery codes
 */
export async function enableMfa(
  page: Page,
  demo: Demo,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto(`${demo.url}/`);
  await page.getByRole('button', { name: 'Enable MFA', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Enable', exact: true }).click();
  const setup = page.getByRole('dialog', { name: 'Set up your authenticator app' });
  const secret = ((await setup.locator('#setup-key').textContent()) ?? '').replace(/\s+/g, '');
  await setup.getByLabel('Authentication code').fill(demo.clock.code(secret));
  await setup.getByRole('button', { name: 'Submit' }).click();
  const codes = page.getByRole('dialog', { name: 'Save your recovery codes' });
  const recoveryCodes = await codes.locator('li code').allTextContents();
  await codes.getByRole('link', { name: 'Done' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  return { secret, recoveryCodes };
}
