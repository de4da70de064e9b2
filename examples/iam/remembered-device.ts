/**
 * "Remember this device for 30 days": the device token mfakit hands out at a sign-in with a code
 * lives in its own cookie, one per account, so that two people sharing a browser do not forget
 * each other's device. The cookie is HTTP-only (no script reads it), SameSite=Strict (no other site's
 * request carries it) and Secure over https, and it lasts exactly as long as mfakit remembers the
 * device. mfakit stores only a keyed hash of the token: the cookie is the only place it exists.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { RememberedDevice } from 'mfakit';
import { isHttps } from './session.js';

/** How long a device is remembered: the 30 days of the checkbox's words. */
export const REMEMBER_DEVICE_MS = 30 * 24 * 60 * 60 * 1000;

/** The name of the form field of the "Remember this device" checkbox. */
export const REMEMBER_FIELD = 'remember';

// One cookie per account; its name carries a short hash of the user id rather than the id itself.
function cookieName(userId: string): string {
  return `iam_device_${createHash('sha256').update(userId).digest('hex').slice(0, 16)}`;
}

/**
 * The device token this browser holds for the account, if any.
 *
 * @param c - the request context
 * @param userId - the account
 * @returns the token, or undefined
 */
export function deviceTokenOf(c: Context, userId: string): string | undefined {
  return getCookie(c, cookieName(userId)) || undefined;
}

/**
 * Keeps a newly remembered device's token in this browser until mfakit forgets it.
 *
 * @param c - the request context
 * @param userId - the account
 * @param device - the token and expiry from `verify` or `useRecoveryCode`
 * @param verifiedAt - the sign-in's time on mfakit's clock, which `deviceExpiresAt` is counted on
 */
export function keepDeviceToken(
  c: Context,
  userId: string,
  device: Pick<RememberedDevice, 'deviceToken' | 'deviceExpiresAt'>,
  verifiedAt: number,
): void {
  setCookie(c, cookieName(userId), device.deviceToken, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isHttps(c),
    maxAge: Math.max(0, Math.floor((device.deviceExpiresAt - verifiedAt) / 1000)),
  });
}

/**
 * Removes the account's device cookie from this browser (a refused or forgotten device).
 *
 * @param c - the request context
 * @param userId - the account
 */
export function dropDeviceToken(c: Context, userId: string): void {
  if (getCookie(c, cookieName(userId)) !== undefined) {
    deleteCookie(c, cookieName(userId), { path: '/', secure: isHttps(c) });
  }
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  // HeadlessChrome included: the browser tests' screenshots name it as people would.
  [/(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * A name for the device list, such as "Firefox on Windows", from the browser's User-Agent. It only
 * helps the user recognise the entry; nothing depends on it.
 *
 * @param userAgent - the User-Agent header, if any
 * @returns a label of at most 64 characters
 */
export function deviceLabel(userAgent: string | undefined): string {
  const agent = userAgent ?? '';
  const browser = BROWSERS.find(([pattern]) => pattern.test(agent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? (system ? `A browser on ${system}` : 'A web browser');
}
