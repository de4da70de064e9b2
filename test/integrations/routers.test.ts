/**
 * Drives the Express, Hono and Fastify examples of examples/integrations through the seed's flow
 * (enable → confirm → sign in with a code → disable) in-process, with codes computed by `totp` at an
 * injected clock: express over a real node:http server on port 0 with fetch, hono with app.request,
 * fastify with app.inject. The same journey runs against each, so the three stay equivalent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSessionStore } from '../../examples/integrations/sessions.js';
import { createMfa, type ThrottleOptions, totp } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory.js';
import { DRIVERS, type Driver, sidOf } from './drivers.js';

const PERIOD_MS = 30_000;
const open: Driver[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((driver) => driver.close()));
});

describe.each(Object.keys(DRIVERS))('the %s integration example', (name) => {
  async function setUp(throttle: ThrottleOptions = {}) {
    let now = Date.UTC(2025, 0, 1, 12, 0, 10);
    const clock = () => now;
    const keyring = { current: 'k1', keys: { k1: crypto.getRandomValues(new Uint8Array(32)) } };
    const mfa = createMfa({ store: memoryStore(), issuer: 'Acme', keyring, clock, throttle });
    const driver = await DRIVERS[name]!({
      mfa,
      sessions: createSessionStore(clock),
      verifyPassword: async (username, password) =>
        username === 'ada' && password === 'correct horse'
          ? { userId: 'user-1', accountName: 'ada@example.com' }
          : null,
    });
    open.push(driver);
    const signIn = async () => {
      const answer = await driver.request('POST', '/auth/login', {
        body: { username: 'ada', password: 'correct horse' },
      });
      expect(answer.status).toBe(200);
      return { sid: sidOf(answer), csrf: answer.body['csrfToken'] as string, stage: answer.body['stage'] };
    };
    // Enables MFA for ada from a signed-in session; returns the secret and recovery codes.
    const enable = async () => {
      const session = await signIn();
      const started = await driver.request('POST', '/auth/mfa/enable', session);
      const secret = started.body['secret'] as string;
      const confirmed = await driver.request('POST', '/auth/mfa/confirm', {
        ...session,
        body: { code: totp(secret, { time: now }) },
      });
      expect(confirmed.status).toBe(200);
      return { session, secret, recoveryCodes: confirmed.body['recoveryCodes'] as string[] };
    };
    return {
      driver,
      mfa,
      signIn,
      enable,
      code: (secret: string) => totp(secret, { time: now }),
      tick: () => (now += PERIOD_MS),
    };
  }

  it('walks enable → confirm → sign in with a code → disable', async () => {
    const { driver, mfa, signIn, code, tick } = await setUp();
    expect(
      (await driver.request('POST', '/auth/login', { body: { username: 'ada', password: 'wrong' } })).status,
    ).toBe(401);

    const session = await signIn();
    expect(session.stage).toBe('signed-in');
    expect((await driver.request('GET', '/auth/mfa', session)).body['state']).toBe('disabled');

    const started = await driver.request('POST', '/auth/mfa/enable', session);
    expect(started.status).toBe(200);
    expect(started.headers['cache-control']).toBe('no-store');
    const secret = started.body['secret'] as string;
    expect(started.body['uri']).toMatch(/^otpauth:\/\/totp\/Acme:ada%40example\.com\?secret=/);
    expect(started.body['qrDataUrl']).toMatch(/^data:image\/png;base64,/);

    const wrong = code(secret) === '000000' ? '111111' : '000000';
    const refused = await driver.request('POST', '/auth/mfa/confirm', { ...session, body: { code: wrong } });
    expect(refused.status).toBe(422);
    const confirmCode = code(secret);
    const confirmed = await driver.request('POST', '/auth/mfa/confirm', {
      ...session,
      body: { code: confirmCode },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body['recoveryCodes']).toHaveLength(10);
    expect((await mfa.status('user-1')).state).toBe('enabled');

    expect((await driver.request('POST', '/auth/logout', session)).status).toBe(204);
    const half = await signIn();
    expect(half.stage).toBe('awaiting-mfa');

    // The code that confirmed the enrolment was consumed: it cannot sign in.
    const replayed = await driver.request('POST', '/auth/login/mfa', {
      ...half,
      body: { code: confirmCode },
    });
    expect(replayed.status).toBe(401);

    tick();
    const verified = await driver.request('POST', '/auth/login/mfa', {
      ...half,
      body: { code: code(secret) },
    });
    expect(verified.status).toBe(200);
    const full = { sid: sidOf(verified), csrf: verified.body['csrfToken'] as string };
    expect(verified.body['stage']).toBe('signed-in');
    expect((await driver.request('GET', '/auth/mfa', full)).body).toMatchObject({
      state: 'enabled',
      recoveryCodesRemaining: 10,
    });

    tick();
    const badDisable = await driver.request('POST', '/auth/mfa/disable', { ...full, body: { code: wrong } });
    expect(badDisable.status).toBe(422);
    const disabled = await driver.request('POST', '/auth/mfa/disable', {
      ...full,
      body: { code: code(secret) },
    });
    expect(disabled.status).toBe(200);
    expect((await driver.request('GET', '/auth/mfa', full)).body['state']).toBe('disabled');
    expect((await mfa.status('user-1')).state).toBe('disabled');
  });

  it('a half-signed-in session reaches only the code step, and is replaced once the code is given', async () => {
    const { driver, signIn, enable, code, tick } = await setUp();
    const { secret } = await enable();
    const half = await signIn();
    expect(half.stage).toBe('awaiting-mfa');
    expect((await driver.request('GET', '/auth/mfa', half)).status).toBe(401);
    expect(
      (await driver.request('POST', '/auth/mfa/disable', { ...half, body: { code: code(secret) } })).status,
    ).toBe(401);

    tick();
    const verified = await driver.request('POST', '/auth/login/mfa', {
      ...half,
      body: { code: code(secret) },
    });
    expect(verified.status).toBe(200);
    expect(sidOf(verified)).not.toBe(half.sid);
    // The old id is worth nothing now, at either stage.
    expect((await driver.request('GET', '/auth/mfa', { sid: half.sid })).status).toBe(401);
    expect(
      (await driver.request('POST', '/auth/login/mfa', { ...half, body: { code: '123456' } })).status,
    ).toBe(401);
  });

  it('refuses a POST without the CSRF token or without JSON', async () => {
    const { driver, signIn } = await setUp();
    const session = await signIn();
    expect((await driver.request('POST', '/auth/mfa/enable', { sid: session.sid })).status).toBe(403);
    expect(
      (await driver.request('POST', '/auth/mfa/enable', { ...session, csrf: 'x'.repeat(43) })).status,
    ).toBe(403);
    const formPost = await driver.request('POST', '/auth/login', {
      contentType: 'text/plain',
      body: { username: 'ada', password: 'correct horse' },
    });
    expect(formPost.status).toBe(415);
    expect(sidOf(formPost)).toBeUndefined();
  });

  it('answers a replayed code exactly as a wrong one', async () => {
    const { driver, signIn, enable, code, tick } = await setUp();
    const { secret } = await enable();
    tick();
    const first = await signIn();
    const used = code(secret);
    expect((await driver.request('POST', '/auth/login/mfa', { ...first, body: { code: used } })).status).toBe(
      200,
    );

    const second = await signIn();
    const wrong = used === '000000' ? '111111' : '000000';
    const wrongAnswer = await driver.request('POST', '/auth/login/mfa', { ...second, body: { code: wrong } });
    const replayAnswer = await driver.request('POST', '/auth/login/mfa', { ...second, body: { code: used } });
    expect(replayAnswer.status).toBe(401);
    expect(replayAnswer.body).toEqual(wrongAnswer.body);
  });

  it('locks after five wrong codes with Retry-After, then a recovery code signs in once the lock ends', async () => {
    const { driver, signIn, enable, code, tick } = await setUp();
    const { secret, recoveryCodes } = await enable();
    tick();
    const half = await signIn();
    const wrong = code(secret) === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await driver.request('POST', '/auth/login/mfa', { ...half, body: { code: wrong } }));
    }
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(answers[4]!.status).toBe(429);
    expect(answers[4]!.headers['retry-after']).toBe('30');

    // Even the right code is refused while locked.
    const locked = await driver.request('POST', '/auth/login/mfa', { ...half, body: { code: code(secret) } });
    expect(locked.status).toBe(429);
    expect(locked.body['error']).toBe('locked');

    tick();
    tick();
    const recovered = await driver.request('POST', '/auth/login/recovery', {
      ...half,
      body: { code: recoveryCodes[0]!.toLowerCase() },
    });
    expect(recovered.status).toBe(200);
    expect(recovered.body).toMatchObject({ stage: 'signed-in', recoveryCodesRemaining: 9 });

    // A recovery code works once.
    const again = await signIn();
    const reused = await driver.request('POST', '/auth/login/recovery', {
      ...again,
      body: { code: recoveryCodes[0] },
    });
    expect(reused.status).toBe(401);
  });

  it('tells an account locked until reset to contact support, until an administrator resets it', async () => {
    const { driver, mfa, signIn, enable, code, tick } = await setUp({
      maxFailures: 2,
      maxConsecutiveFailures: 2,
    });
    const { secret } = await enable();
    tick();
    const half = await signIn();
    const wrong = code(secret) === '000000' ? '111111' : '000000';
    await driver.request('POST', '/auth/login/mfa', { ...half, body: { code: wrong } });
    await driver.request('POST', '/auth/login/mfa', { ...half, body: { code: wrong } });
    const locked = await driver.request('POST', '/auth/login/mfa', { ...half, body: { code: code(secret) } });
    expect(locked.status).toBe(403);
    expect(locked.body['error']).toBe('locked_until_reset');
    expect(locked.headers['retry-after']).toBeUndefined();

    await mfa.reset('user-1');
    // MFA is off after the reset: the password stands.
    const after = await driver.request('POST', '/auth/login/mfa', { ...half, body: { code: code(secret) } });
    expect(after.status).toBe(200);
  });

  it('maps a store failure to 503 and accepts nothing', async () => {
    let failing = false;
    const store = memoryStore();
    const flaky = {
      get: (userId: string) => (failing ? Promise.reject(new Error('connection reset')) : store.get(userId)),
      compareAndSet: store.compareAndSet.bind(store),
      delete: store.delete.bind(store),
    };
    const keyring = { current: 'k1', keys: { k1: crypto.getRandomValues(new Uint8Array(32)) } };
    const driver = await DRIVERS[name]!({
      mfa: createMfa({ store: flaky, issuer: 'Acme', keyring }),
      sessions: createSessionStore(),
      verifyPassword: async () => ({ userId: 'user-2', accountName: 'bob' }),
    });
    open.push(driver);
    const signedIn = await driver.request('POST', '/auth/login', {
      body: { username: 'bob', password: 'x' },
    });
    const session = { sid: sidOf(signedIn), csrf: signedIn.body['csrfToken'] as string };
    failing = true;
    const answer = await driver.request('POST', '/auth/mfa/enable', session);
    expect(answer.status).toBe(503);
    expect(JSON.stringify(answer.body)).not.toContain('connection reset');
    failing = false;
    expect((await driver.request('GET', '/auth/mfa', session)).body['state']).toBe('disabled');
  });
});
