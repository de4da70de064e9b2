// Sessions of the demo end on the server's word: a session cookie copied before sign-out, before MFA
// was turned on or off, or before an administrator's reset opens nothing afterwards, in any browser.
import { afterEach, describe, expect, test } from 'vitest';
import { type Demo, startDemo } from './helpers/demo-server.js';
import { DemoClient } from './helpers/http-client.js';

const demos: Demo[] = [];

afterEach(async () => {
  for (const demo of demos.splice(0)) await demo.close();
});

async function demo(): Promise<Demo> {
  const started = await startDemo();
  demos.push(started);
  return started;
}

/** Signs in with the password, then with a code when the account asks for one; returns the client. */
async function signIn(app: Demo, secret?: string): Promise<DemoClient> {
  const client = new DemoClient(app.url);
  await client.get('/login');
  const password = await client.post('/login', { username: 'demo', password: 'demo-password' });
  if (password.location === '/login/code') {
    expect(secret, 'the account asks for a code').toBeDefined();
    await client.get('/login/code');
    app.clock.nextStep();
    const code = await client.post('/login/code', { code: app.clock.code(secret!) });
    expect(code.location).toBe('/');
  } else {
    expect(password.location).toBe('/');
  }
  return client;
}

/** Turns MFA on from the dashboard, as the browser does; returns the secret. */
async function enableMfa(app: Demo, client: DemoClient): Promise<string> {
  await client.get('/');
  const setup = await client.post('/mfa/enable');
  const secret = /<code id="setup-key" class="secret">([^<]+)<\/code>/
    .exec(setup.body)?.[1]
    ?.replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]+$/);
  const confirmed = await client.post('/mfa/confirm', { code: app.clock.code(secret!) });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toContain('Save your recovery codes');
  return secret!;
}

/** Where a request with this cookie lands: '/' when signed in (200 there), else the redirect. */
async function landing(app: Demo, cookie: string | undefined, path = '/'): Promise<string> {
  const reply = await new DemoClient(app.url, cookie === undefined ? {} : { cookie }).get(path);
  if (reply.status === 200) return path;
  expect(reply.status).toBe(303);
  return reply.location!;
}

describe('revocable sessions of the demo', () => {
  test('signing out ends the session for good, and every other session of the user with it', async () => {
    const app = await demo();
    const laptop = await signIn(app);
    const phone = await signIn(app);
    const laptopCookie = laptop.cookie;
    expect(laptopCookie).not.toBe(phone.cookie);
    // A copy of the cookie opens the dashboard before sign-out (the check below fails for the right reason).
    expect(await landing(app, laptopCookie)).toBe('/');

    await laptop.get('/');
    const signOut = await laptop.post('/logout');
    expect(signOut.location).toBe('/login?notice=signed-out');

    expect(await landing(app, laptopCookie)).toBe('/login');
    expect(await landing(app, phone.cookie)).toBe('/login');
    // Signing in again works, with a new session.
    const again = await signIn(app);
    expect(await landing(app, again.cookie)).toBe('/');
    expect(await landing(app, laptopCookie)).toBe('/login');
  });

  test('turning MFA on ends the sessions opened with the password alone; the browser that did it goes on', async () => {
    const app = await demo();
    const laptop = await signIn(app);
    const phone = await signIn(app);
    const before = laptop.cookie;
    expect(await landing(app, before)).toBe('/');

    await enableMfa(app, laptop);

    expect(laptop.cookie).not.toBe(before);
    expect(await landing(app, laptop.cookie)).toBe('/');
    expect(await landing(app, before)).toBe('/login');
    expect(await landing(app, phone.cookie)).toBe('/login');
    // Signing in now takes a code.
    const next = new DemoClient(app.url);
    await next.get('/login');
    expect((await next.post('/login', { username: 'demo', password: 'demo-password' })).location).toBe(
      '/login/code',
    );
  });

  test('turning MFA off ends the other sessions; the browser that did it goes on', async () => {
    const app = await demo();
    const secret = await enableMfa(app, await signIn(app));
    const laptop = await signIn(app, secret);
    const phone = await signIn(app, secret);
    const before = laptop.cookie;
    expect(await landing(app, before)).toBe('/');

    await laptop.get('/mfa/disable');
    app.clock.nextStep();
    const disabled = await laptop.post('/mfa/disable', { code: app.clock.code(secret) });
    expect(disabled.location).toBe('/?notice=mfa-disabled');

    expect(laptop.cookie).not.toBe(before);
    expect(await landing(app, laptop.cookie)).toBe('/');
    expect(await landing(app, before)).toBe('/login');
    expect(await landing(app, phone.cookie)).toBe('/login');
  });

  test('an administrator’s reset ends every session of the user, signed in or half signed in', async () => {
    const app = await demo();
    const secret = await enableMfa(app, await signIn(app));
    const signedIn = await signIn(app, secret);
    const halfway = new DemoClient(app.url);
    await halfway.get('/login');
    await halfway.post('/login', { username: 'demo', password: 'demo-password' });
    expect(await landing(app, signedIn.cookie)).toBe('/');
    expect(await landing(app, halfway.cookie, '/login/code')).toBe('/login/code');

    expect(await app.server.resetMfa('demo')).toBe(true);

    expect(await landing(app, signedIn.cookie)).toBe('/login');
    expect(await landing(app, halfway.cookie, '/login/code')).toBe('/login');
    expect(await app.server.resetMfa('nobody')).toBe(false);
    // MFA is off now: the password alone signs in.
    const after = await signIn(app);
    expect(await landing(app, after.cookie)).toBe('/');
  });

  test('cancelling a sign-in at the code screen signs nobody else out', async () => {
    const app = await demo();
    const secret = await enableMfa(app, await signIn(app));
    const owner = await signIn(app, secret);
    // Someone with the password, without the phone, gets as far as the code screen and cancels.
    const intruder = new DemoClient(app.url);
    await intruder.get('/login');
    await intruder.post('/login', { username: 'demo', password: 'demo-password' });
    const halfway = intruder.cookie;
    await intruder.get('/login/code');
    expect((await intruder.post('/logout')).location).toBe('/login?notice=signed-out');

    expect(await landing(app, owner.cookie)).toBe('/');
    // The cancelled session still reaches only the code screen, and the browser that cancelled is a visitor.
    expect(await landing(app, halfway, '/')).toBe('/login/code');
    expect(await landing(app, intruder.cookie)).toBe('/login');
  });
});
