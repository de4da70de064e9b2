/**
 * The remembered-device cookie and the step-up check of the Express, Hono and Fastify examples of
 * examples/integrations, driven in-process like routers.test.ts: "Remember this device" sets an
 * HttpOnly, Secure, SameSite=Strict cookie that lives as long as mfakit remembers the device; the
 * next sign-in with it needs no code; a refused cookie is cleared; and a sensitive action (changing
 * the email address) asks for a fresh code after a stale or a device-only sign-in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSessionStore } from '../../examples/integrations/sessions.js';
import { createMfa, DEFAULTS, totp } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory.js';
import { type Call, DRIVERS, type Driver, setCookieOf, sidOf } from './drivers.js';

const PERIOD_MS = 30_000;
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const open: Driver[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((driver) => driver.close()));
});

describe.each(Object.keys(DRIVERS))('the %s example: remembered devices and step-up', (name) => {
  async function setUp() {
    let now = Date.UTC(2025, 0, 1, 12, 0, 10);
    const clock = () => now;
    const keyring = { current: 'k1', keys: { k1: crypto.getRandomValues(new Uint8Array(32)) } };
    const mfa = createMfa({ store: memoryStore(), issuer: 'Acme', keyring, clock });
    const emailChanges: string[] = [];
    const driver = await DRIVERS[name]!({
      mfa,
      sessions: createSessionStore(clock),
      verifyPassword: async (username, password) =>
        username === 'ada' && password === 'correct horse'
          ? { userId: 'user-1', accountName: 'ada@example.com' }
          : null,
      changeEmail: async (_userId, email) => {
        emailChanges.push(email);
      },
      clock,
    });
    open.push(driver);
    const signIn = async (call: Call = {}) => {
      const answer = await driver.request('POST', '/auth/login', {
        ...call,
        body: { username: 'ada', password: 'correct horse' },
      });
      expect(answer.status).toBe(200);
      return {
        answer,
        sid: sidOf(answer),
        csrf: answer.body['csrfToken'] as string,
        stage: answer.body['stage'],
      };
    };
    const code = (secret: string) => totp(secret, { time: now });
    const tick = (steps = 1) => {
      now += steps * PERIOD_MS;
    };
    // Enables MFA for ada, then signs out: the next sign-in asks for a code.
    const enable = async () => {
      const session = await signIn();
      const started = await driver.request('POST', '/auth/mfa/enable', session);
      const secret = started.body['secret'] as string;
      const confirmed = await driver.request('POST', '/auth/mfa/confirm', {
        ...session,
        body: { code: code(secret) },
      });
      expect(confirmed.status).toBe(200);
      await driver.request('POST', '/auth/logout', session);
      tick();
      return { secret, recoveryCodes: confirmed.body['recoveryCodes'] as string[] };
    };
    // Signs in with a code and "Remember this device"; returns the session and the device token.
    const signInRemembering = async (secret: string) => {
      const half = await signIn({ userAgent: FIREFOX });
      expect(half.stage).toBe('awaiting-mfa');
      const verified = await driver.request('POST', '/auth/login/mfa', {
        ...half,
        userAgent: FIREFOX,
        body: { code: code(secret), rememberDevice: true },
      });
      expect(verified.status).toBe(200);
      const cookie = setCookieOf(verified, 'mfa_device');
      const token = /^mfa_device=([^;]*)/.exec(cookie ?? '')?.[1];
      return { verified, cookie, token };
    };
    const changeEmail = (session: { sid?: string | undefined; csrf: string }, email = 'ada@new.example') =>
      driver.request('POST', '/auth/account/email', { ...session, body: { email } });
    return { driver, mfa, signIn, enable, signInRemembering, changeEmail, emailChanges, code, tick };
  }

  it('"Remember this device" sets an HttpOnly, Secure, SameSite=Strict cookie for 30 days, never the body', async () => {
    const { mfa, enable, signInRemembering } = await setUp();
    const { secret } = await enable();
    const { verified, cookie, token } = await signInRemembering(secret);

    expect(verified.body['deviceRemembered']).toBe(true);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const attributes = cookie!.split(/;\s*/).slice(1);
    expect(attributes).toEqual(
      expect.arrayContaining([
        `Max-Age=${DEFAULTS.mfa.devices.ttlMs / 1000}`,
        'HttpOnly',
        'Secure',
        'SameSite=Strict',
        'Path=/',
      ]),
    );
    // The token travels in the cookie only: not in the JSON a script could read.
    expect(JSON.stringify(verified.body)).not.toContain(token!);

    const devices = await mfa.listDevices('user-1');
    expect(devices).toHaveLength(1);
    expect(devices[0]!.label).toBe('Firefox on Linux');
  });

  it('without "Remember this device" no device cookie is set', async () => {
    const { driver, signIn, enable, code } = await setUp();
    const { secret } = await enable();
    const half = await signIn();
    const verified = await driver.request('POST', '/auth/login/mfa', {
      ...half,
      body: { code: code(secret) },
    });
    expect(verified.status).toBe(200);
    expect(verified.body['deviceRemembered']).toBe(false);
    expect(setCookieOf(verified, 'mfa_device')).toBeUndefined();
  });

  it('the next sign-in with the cookie needs no code; a wrong password still gets nothing', async () => {
    const { driver, signIn, enable, signInRemembering, tick } = await setUp();
    const { secret } = await enable();
    const { token } = await signInRemembering(secret);
    tick(2 * 60 * 24); // a day later

    const wrongPassword = await driver.request('POST', '/auth/login', {
      device: token,
      body: { username: 'ada', password: 'wrong' },
    });
    expect(wrongPassword.status).toBe(401);
    expect(sidOf(wrongPassword)).toBeUndefined();

    const again = await signIn({ device: token });
    expect(again.stage).toBe('signed-in');
    expect(setCookieOf(again.answer, 'mfa_device')).toBeUndefined(); // kept as it is
    expect((await driver.request('GET', '/auth/mfa', again)).status).toBe(200);
  });

  it('a device cookie that mfakit refuses is cleared, and a code is asked', async () => {
    const { driver, mfa, signIn, enable, signInRemembering } = await setUp();
    const { secret } = await enable();
    const { token } = await signInRemembering(secret);

    const forged = await signIn({ device: 'A'.repeat(43) });
    expect(forged.stage).toBe('awaiting-mfa');
    expect(setCookieOf(forged.answer, 'mfa_device')).toMatch(/^mfa_device=; Max-Age=0;/);

    // Forgotten ("sign out of every device"): the real token stops working too.
    expect(await mfa.forgetAllDevices('user-1')).toEqual({ forgotten: 1 });
    const forgotten = await signIn({ device: token });
    expect(forgotten.stage).toBe('awaiting-mfa');
    expect(setCookieOf(forgotten.answer, 'mfa_device')).toMatch(/^mfa_device=; Max-Age=0;/);
    expect((await driver.request('GET', '/auth/mfa', forgotten)).status).toBe(401);
  });

  it('a device past its 30 days is asked for a code, and its cookie cleared', async () => {
    const { signIn, enable, signInRemembering, tick } = await setUp();
    const { secret } = await enable();
    const { token } = await signInRemembering(secret);
    tick((DEFAULTS.mfa.devices.ttlMs - 60_000) / PERIOD_MS); // a minute before it expires
    expect((await signIn({ device: token })).stage).toBe('signed-in');
    tick(2); // the moment it expires
    const expired = await signIn({ device: token });
    expect(expired.stage).toBe('awaiting-mfa');
    expect(setCookieOf(expired.answer, 'mfa_device')).toMatch(/^mfa_device=; Max-Age=0;/);
  });

  it('after disable the device is asked for a code again, and the disable clears its cookie', async () => {
    const { driver, signIn, enable, signInRemembering, code, tick } = await setUp();
    const { secret } = await enable();
    const { verified, token } = await signInRemembering(secret);
    const session = { sid: sidOf(verified), csrf: verified.body['csrfToken'] as string };
    tick();
    const disabled = await driver.request('POST', '/auth/mfa/disable', {
      ...session,
      body: { code: code(secret) },
    });
    expect(disabled.status).toBe(200);
    expect(setCookieOf(disabled, 'mfa_device')).toMatch(/^mfa_device=; Max-Age=0;/);

    // MFA on again: the old device token (had the browser kept it) is worth nothing.
    const { secret: second } = await enable();
    expect(second).not.toBe(secret);
    const after = await signIn({ device: token });
    expect(after.stage).toBe('awaiting-mfa');
  });

  it('a recovery-code sign-in can remember the device too', async () => {
    const { driver, signIn, enable } = await setUp();
    const { recoveryCodes } = await enable();
    const half = await signIn();
    const recovered = await driver.request('POST', '/auth/login/recovery', {
      ...half,
      body: { code: recoveryCodes[0], rememberDevice: true },
    });
    expect(recovered.status).toBe(200);
    expect(recovered.body).toMatchObject({ recoveryCodesRemaining: 9, deviceRemembered: true });
    const token = /^mfa_device=([^;]+)/.exec(setCookieOf(recovered, 'mfa_device') ?? '')?.[1];
    expect((await signIn({ device: token })).stage).toBe('signed-in');
  });

  it('step-up: a device-only sign-in is asked for a code before changing the email; a fresh TOTP passes', async () => {
    const { driver, signIn, enable, signInRemembering, changeEmail, emailChanges, code, tick } =
      await setUp();
    const { secret } = await enable();
    const { token } = await signInRemembering(secret);
    tick();

    const byDevice = await signIn({ device: token });
    expect(byDevice.stage).toBe('signed-in');
    const refused = await changeEmail(byDevice);
    expect(refused.status).toBe(403);
    expect(refused.body['error']).toBe('step_up_required');
    expect(emailChanges).toEqual([]);

    const wrong = code(secret) === '000000' ? '111111' : '000000';
    const badStepUp = await driver.request('POST', '/auth/mfa/step-up', {
      ...byDevice,
      body: { code: wrong },
    });
    expect(badStepUp.status).toBe(422);
    expect((await changeEmail(byDevice)).status).toBe(403);

    const stepUp = await driver.request('POST', '/auth/mfa/step-up', {
      ...byDevice,
      body: { code: code(secret) },
    });
    expect(stepUp.status).toBe(200);
    expect(stepUp.body).toMatchObject({ method: 'totp' });
    const raised = { sid: sidOf(stepUp), csrf: stepUp.body['csrfToken'] as string };
    expect(raised.sid).not.toBe(byDevice.sid);
    // The session before the step-up is gone: its id cannot ride on the raised proof.
    expect((await changeEmail(byDevice)).status).toBe(401);

    const changed = await changeEmail(raised);
    expect(changed.status).toBe(200);
    expect(emailChanges).toEqual(['ada@new.example']);
  });

  it('step-up: a TOTP sign-in is fresh for 5 minutes, then asked again', async () => {
    const { driver, signIn, enable, changeEmail, emailChanges, code, tick } = await setUp();
    const { secret } = await enable();
    const half = await signIn();
    const verified = await driver.request('POST', '/auth/login/mfa', {
      ...half,
      body: { code: code(secret) },
    });
    const session = { sid: sidOf(verified), csrf: verified.body['csrfToken'] as string };

    tick(10); // 5 minutes: still fresh
    expect((await changeEmail(session, 'first@new.example')).status).toBe(200);
    tick(); // 5.5 minutes: stale
    const stale = await changeEmail(session, 'second@new.example');
    expect(stale.status).toBe(403);
    expect(stale.body['error']).toBe('step_up_required');

    const stepUp = await driver.request('POST', '/auth/mfa/step-up', {
      ...session,
      body: { code: code(secret) },
    });
    expect(stepUp.status).toBe(200);
    const raised = { sid: sidOf(stepUp), csrf: stepUp.body['csrfToken'] as string };
    expect((await changeEmail(raised, 'second@new.example')).status).toBe(200);
    expect(emailChanges).toEqual(['first@new.example', 'second@new.example']);
  });

  it('step-up: an account without MFA changes its email without a code', async () => {
    const { signIn, changeEmail, emailChanges } = await setUp();
    const session = await signIn();
    expect(session.stage).toBe('signed-in');
    expect((await changeEmail(session)).status).toBe(200);
    expect(emailChanges).toEqual(['ada@new.example']);
  });
});
