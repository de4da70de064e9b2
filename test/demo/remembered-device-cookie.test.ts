// The remembered-device cookie on its own: its attributes over http and https, its lifetime counted on
// mfakit's clock, one cookie per account, and the device names taken from the User-Agent.
import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import {
  deviceLabel,
  deviceTokenOf,
  dropDeviceToken,
  keepDeviceToken,
} from '../../examples/iam/remembered-device.js';

const TOKEN = 'x'.repeat(43);
const DAY_MS = 86_400_000;

// A tiny app that keeps a token for user-1, reads it back, or drops it.
function app(): Hono {
  const routes = new Hono();
  routes.get('/keep', (c) => {
    // mfakit's clock may be anywhere: only the difference counts.
    keepDeviceToken(c, 'user-1', { deviceToken: TOKEN, deviceExpiresAt: 5_000 + 30 * DAY_MS }, 5_000);
    return c.text('kept');
  });
  routes.get('/read/:user', (c) => c.text(deviceTokenOf(c, c.req.param('user')) ?? 'none'));
  routes.get('/drop', (c) => {
    dropDeviceToken(c, 'user-1');
    return c.text('dropped');
  });
  return routes;
}

describe('the remembered-device cookie', () => {
  test('HTTP-only, SameSite=Strict, for the device’s 30 days; Secure only over https', async () => {
    const plain = (await app().request('http://localhost/keep')).headers.get('set-cookie') ?? '';
    expect(plain).toMatch(new RegExp(`^iam_device_[0-9a-f]{16}=${TOKEN};`));
    expect(plain).toContain(`Max-Age=${30 * 24 * 3600}`);
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Strict/);
    expect(plain).not.toMatch(/Secure/);
    const secure = (await app().request('https://iam.example/keep')).headers.get('set-cookie') ?? '';
    expect(secure).toMatch(/; Secure/);
  });

  test('one cookie per account, named without the user id', async () => {
    const line = (await app().request('http://localhost/keep')).headers.get('set-cookie') ?? '';
    expect(line).not.toContain('user-1');
    const cookie = line.split(';')[0]!;
    const read = async (user: string) => {
      const response = await app().request(`http://localhost/read/${user}`, { headers: { Cookie: cookie } });
      return response.text();
    };
    expect(await read('user-1')).toBe(TOKEN);
    expect(await read('user-2')).toBe('none');
  });

  test('dropping clears the cookie, and only when this browser has one', async () => {
    const line = (await app().request('http://localhost/keep')).headers.get('set-cookie') ?? '';
    const cookie = line.split(';')[0]!;
    const dropped = await app().request('http://localhost/drop', { headers: { Cookie: cookie } });
    expect(dropped.headers.get('set-cookie')).toMatch(/^iam_device_[0-9a-f]{16}=;.*Max-Age=0/);
    const nothing = await app().request('http://localhost/drop');
    expect(nothing.headers.get('set-cookie')).toBeNull();
  });
});

describe('device names', () => {
  test.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'Chrome on Linux',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:132.0) Gecko/20100101 Firefox/132.0',
      'Firefox on macOS',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    ['curl/8.5.0', 'A web browser'],
    [undefined, 'A web browser'],
  ])('%s → %s', (userAgent, label) => {
    expect(deviceLabel(userAgent)).toBe(label);
  });
});
