/**
 * The framework-neutral pieces of examples/integrations that the remembered-device cookie and the
 * step-up check are built from, on their own: the cookie's attributes and lifetime, what "fresh
 * enough" means, and the options a sign-in form turns into.
 */
import { describe, expect, it } from 'vitest';
import {
  browserName,
  isFreshProof,
  STEP_UP_MAX_AGE_MS,
  signInOptions,
} from '../../examples/integrations/http.js';
import {
  CLEARED_DEVICE_COOKIE,
  createSessionStore,
  deviceCookie,
} from '../../examples/integrations/sessions.js';

const NOW = Date.UTC(2025, 0, 1, 12);
const DAY_MS = 86_400_000;

describe('deviceCookie', () => {
  it('lives exactly as long as mfakit remembers the device, behind HttpOnly, Secure and SameSite=Strict', () => {
    const cookie = deviceCookie({
      ok: true,
      method: 'totp',
      verifiedAt: NOW,
      deviceToken: 'T'.repeat(43),
      deviceExpiresAt: NOW + 30 * DAY_MS,
    } as Parameters<typeof deviceCookie>[0]);
    expect(cookie).toBe(
      `mfa_device=${'T'.repeat(43)}; Max-Age=2592000; Path=/; HttpOnly; SameSite=Strict; Secure`,
    );
  });

  it('is null when the sign-in remembered no device, and clears with Max-Age=0', () => {
    expect(deviceCookie({ method: 'totp', verifiedAt: NOW })).toBeNull();
    expect(CLEARED_DEVICE_COOKIE).toBe('mfa_device=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict; Secure');
  });
});

describe('isFreshProof', () => {
  it('accepts a TOTP or a recovery code given within the last 5 minutes', () => {
    expect(STEP_UP_MAX_AGE_MS).toBe(300_000);
    for (const method of ['totp', 'recovery_code'] as const) {
      expect(isFreshProof({ method, verifiedAt: NOW }, NOW)).toBe(true);
      expect(isFreshProof({ method, verifiedAt: NOW - STEP_UP_MAX_AGE_MS }, NOW)).toBe(true);
      expect(isFreshProof({ method, verifiedAt: NOW - STEP_UP_MAX_AGE_MS - 1 }, NOW)).toBe(false);
    }
  });

  it('never accepts a remembered device or no proof at all, however recent', () => {
    expect(isFreshProof({ method: 'device', verifiedAt: NOW }, NOW)).toBe(false);
    expect(isFreshProof(null, NOW)).toBe(false);
  });

  it('takes another age', () => {
    expect(isFreshProof({ method: 'totp', verifiedAt: NOW - 60_000 }, NOW, 30_000)).toBe(false);
  });
});

describe('signInOptions', () => {
  it('remembers the device only when the form says rememberDevice: true, labelled by the browser', () => {
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    expect(signInOptions({ code: '123456', rememberDevice: true }, chrome)).toEqual({
      rememberDevice: { label: 'Chrome on Windows' },
    });
    expect(signInOptions({ code: '123456' }, chrome)).toEqual({});
    expect(signInOptions({ code: '123456', rememberDevice: 'yes' }, chrome)).toEqual({});
    expect(signInOptions(null, chrome)).toEqual({});
  });

  it('names browsers briefly and never passes the header on', () => {
    expect(
      browserName(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(
      browserName(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge on macOS');
    expect(
      browserName(
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome on Android');
    expect(browserName(undefined)).toBe('Browser');
    expect(browserName('x'.repeat(10_000))).toBe('Browser');
  });
});

describe('sessions keep the proof', () => {
  it('copies only the method and time of a result into the session', () => {
    const sessions = createSessionStore(() => NOW);
    const result = {
      ok: true as const,
      method: 'totp' as const,
      verifiedAt: NOW,
      authenticatorId: 'au_0123456789abcdef',
      deviceToken: 'secret-token',
    };
    const session = sessions.start({ userId: 'u', accountName: 'a' }, 'signed-in', result);
    expect(session.proof).toEqual({ method: 'totp', verifiedAt: NOW });
    expect(JSON.stringify(session)).not.toContain('secret-token');
    expect(sessions.start({ userId: 'u', accountName: 'a' }, 'awaiting-mfa').proof).toBeNull();
  });
});
