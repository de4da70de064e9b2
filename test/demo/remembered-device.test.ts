// "Remember this device for 30 days" at the HTTP level: the cookie that carries the device token and
// its attributes, sign-in without a code while the device is remembered, and a code again once the
// device is forgotten, MFA is turned off, or the cookie holds something mfakit does not know.
import { afterEach, describe, expect, test } from 'vitest';
import { type Demo, startDemo } from './helpers/demo-server.js';
import { alertOf, DemoClient, type Reply } from './helpers/http-client.js';

const demos: Demo[] = [];

afterEach(async () => {
  for (const demo of demos.splice(0)) await demo.close();
});

async function demo(): Promise<Demo> {
  const started = await startDemo();
  demos.push(started);
  return started;
}

const THIRTY_DAYS_S = 30 * 24 * 60 * 60;

/** The Set-Cookie lines of a reply for the remembered-device cookie. */
function deviceCookieLines(reply: Reply): string[] {
  return (reply.headers['set-cookie'] ?? []).filter((line) => line.startsWith('iam_device_'));
}

/** The password step: where it sends the client. */
async function password(client: DemoClient): Promise<string | undefined> {
  await client.get('/login');
  const reply = await client.post('/login', { username: 'demo', password: 'demo-password' });
  expect(reply.status).toBe(303);
  return reply.location;
}

/** Turns MFA on from the dashboard; returns the secret and the recovery codes. */
async function enableMfa(
  app: Demo,
  client: DemoClient,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  await client.get('/');
  const setup = await client.post('/mfa/enable');
  const secret = /<code id="setup-key" class="secret">([^<]+)<\/code>/
    .exec(setup.body)?.[1]
    ?.replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]+$/);
  const confirmed = await client.post('/mfa/confirm', { code: app.clock.code(secret!) });
  expect(confirmed.status).toBe(200);
  const recoveryCodes = [...confirmed.body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]!);
  expect(recoveryCodes).toHaveLength(10);
  return { secret: secret!, recoveryCodes };
}

/** A signed-in client with MFA on. */
async function signedInWithMfa(app: Demo) {
  const client = new DemoClient(app.url);
  expect(await password(client)).toBe('/');
  const enrolment = await enableMfa(app, client);
  return { client, ...enrolment };
}

/** Signs out from the dashboard (whose page carries the session's CSRF token). */
async function signOut(client: DemoClient): Promise<void> {
  await client.get('/');
  expect((await client.post('/logout')).location).toBe('/login?notice=signed-out');
}

/** Signs out and in with the password; at the code screen, gives a fresh code with the box ticked or not. */
async function signInWithCode(
  app: Demo,
  client: DemoClient,
  secret: string,
  remember: boolean,
): Promise<Reply> {
  await signOut(client);
  expect(await password(client)).toBe('/login/code');
  await client.get('/login/code');
  app.clock.nextStep();
  const reply = await client.post('/login/code', {
    code: app.clock.code(secret),
    ...(remember ? { remember: 'yes' } : {}),
  });
  expect(reply.location).toBe('/');
  return reply;
}

describe('remembered devices in the demo', () => {
  test('a ticked box sets an HTTP-only, SameSite=Strict cookie for 30 days, and the next sign-in needs no code', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);

    // Not ticked: no device cookie.
    const plain = await signInWithCode(app, client, secret, false);
    expect(deviceCookieLines(plain)).toEqual([]);

    const remembered = await signInWithCode(app, client, secret, true);
    const [line, ...more] = deviceCookieLines(remembered);
    expect(more).toEqual([]);
    expect(line).toMatch(/^iam_device_[0-9a-f]{16}=[A-Za-z0-9_-]{43};/);
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Strict/i);
    expect(line).toMatch(/;\s*Path=\//i);
    expect(line).toContain(`Max-Age=${THIRTY_DAYS_S}`);
    // Served over plain http here, like the session cookie: Secure only over https.
    expect(line).not.toMatch(/;\s*Secure/i);
    const dashboard = await client.get('/');
    expect(dashboard.body).toContain('Password and authenticator app');
    expect(dashboard.body).toContain('This browser');

    // Signing in again: the password alone, straight to the dashboard, proven by the device.
    await signOut(client);
    expect(await password(client)).toBe('/');
    const again = await client.get('/');
    expect(again.status).toBe(200);
    expect(again.body).toContain('Password and remembered device');

    // Another browser (no cookie) is still asked for a code.
    expect(await password(new DemoClient(app.url))).toBe('/login/code');

    // The token never reaches the server's log.
    const token = line!.split(';')[0]!.split('=')[1]!;
    expect(app.logs.join('\n')).not.toContain(token);
    expect(app.logs.join('\n')).toMatch(/mfa device_remembered/);
  });

  test('a remembered device signs in while codes are locked out, and is asked for a code after its 30 days', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    await signInWithCode(app, client, secret, true);
    await signOut(client);

    // Someone with the password locks the codes out from another browser.
    const intruder = new DemoClient(app.url);
    expect(await password(intruder)).toBe('/login/code');
    await intruder.get('/login/code');
    let last = '';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      last = alertOf((await intruder.post('/login/code', { code: app.clock.wrongCode(secret) })).body) ?? '';
    }
    expect(last).toMatch(/try again in/);
    expect(await password(client)).toBe('/');
    expect((await client.get('/')).body).toContain('Password and remembered device');
    await signOut(client);

    // 30 days on (mfakit's clock), the device is no longer recognised and its cookie goes.
    app.clock.now += 30 * 24 * 60 * 60 * 1000 + 60_000;
    await client.get('/login');
    const reply = await client.post('/login', { username: 'demo', password: 'demo-password' });
    expect(reply.location).toBe('/login/code');
    expect(deviceCookieLines(reply)[0]).toMatch(/Max-Age=0/);
  });

  test('a recovery code can remember the device too', async () => {
    const app = await demo();
    const { client, recoveryCodes } = await signedInWithMfa(app);
    await signOut(client);
    expect(await password(client)).toBe('/login/code');
    await client.get('/login/recovery');
    const reply = await client.post('/login/recovery', { code: recoveryCodes[0]!, remember: 'yes' });
    expect(reply.location).toBe('/?notice=recovery-used');
    expect(deviceCookieLines(reply)).toHaveLength(1);
    expect((await client.get('/')).body).toContain('Password and recovery code');
    await signOut(client);
    expect(await password(client)).toBe('/');
  });

  test('a refused code keeps the box ticked', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    await signOut(client);
    await password(client);
    await client.get('/login/code');
    const refused = await client.post('/login/code', { code: app.clock.wrongCode(secret), remember: 'yes' });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatch(/id="remember-code" name="remember" value="yes"[^>]*checked/);
    expect(deviceCookieLines(refused)).toEqual([]);
  });

  test('a cookie mfakit does not know is dropped, and a code is asked for', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    await signInWithCode(app, client, secret, true);
    const [name] = [...client.otherCookies.keys()];
    client.otherCookies.set(name!, 'A'.repeat(43));
    await signOut(client);
    await client.get('/login');
    const reply = await client.post('/login', { username: 'demo', password: 'demo-password' });
    expect(reply.location).toBe('/login/code');
    expect(deviceCookieLines(reply)[0]).toMatch(/^iam_device_[0-9a-f]{16}=;.*Max-Age=0/);
    expect(client.otherCookies.size).toBe(0);
  });

  test('forgetting this browser’s device drops its cookie, and the next sign-in asks for a code', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    await signInWithCode(app, client, secret, true);
    const dashboard = await client.get('/');
    const deviceId = /action="\/mfa\/devices\/(dv_[0-9a-f]{16})\/forget"/.exec(dashboard.body)?.[1];
    expect(deviceId).toBeDefined();
    const forgotten = await client.post(`/mfa/devices/${deviceId}/forget`);
    expect(forgotten.location).toBe('/?notice=device-forgotten');
    expect(deviceCookieLines(forgotten)[0]).toMatch(/Max-Age=0/);
    expect((await client.get('/')).body).toContain('No device is remembered');
    await signOut(client);
    expect(await password(client)).toBe('/login/code');
  });

  test('Forget all forgets every device, in other browsers too', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    await signInWithCode(app, client, secret, true);
    const other = new DemoClient(app.url);
    expect(await password(other)).toBe('/login/code');
    await other.get('/login/code');
    app.clock.nextStep();
    expect(
      (await other.post('/login/code', { code: app.clock.code(secret), remember: 'yes' })).location,
    ).toBe('/');
    expect((await client.get('/')).body).toContain('Forget all');
    const reply = await client.post('/mfa/devices/forget-all');
    expect(reply.location).toBe('/?notice=devices-forgotten');
    // Signing out in one browser ends the sessions in both; neither is remembered any more.
    await signOut(other);
    expect(await password(other)).toBe('/login/code');
    expect(await password(client)).toBe('/login/code');
  });

  test('after MFA is turned off and on again, a remembered device is asked for a code', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    await signInWithCode(app, client, secret, true);
    const other = new DemoClient(app.url);
    await password(other);
    await other.get('/login/code');
    app.clock.nextStep();
    await other.post('/login/code', { code: app.clock.code(secret), remember: 'yes' });

    // Disable in the first browser: its own cookie goes at once.
    await client.get('/');
    app.clock.nextStep();
    const disabled = await client.post('/mfa/disable', { code: app.clock.code(secret) });
    expect(disabled.location).toBe('/?notice=mfa-disabled');
    expect(deviceCookieLines(disabled)[0]).toMatch(/Max-Age=0/);
    const { secret: newSecret } = await enableMfa(app, client);

    // The other browser still holds its token, but the device was forgotten with MFA.
    expect(other.otherCookies.size).toBe(1);
    expect(await password(other)).toBe('/login/code');
    expect(other.otherCookies.size).toBe(0);
    await other.get('/login/code');
    app.clock.nextStep();
    expect((await other.post('/login/code', { code: app.clock.code(newSecret) })).location).toBe('/');
  });
});

describe('authenticators in the demo, at the HTTP level', () => {
  test('the only authenticator cannot be removed: the refusal says to use Disable MFA', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    const dashboard = await client.get('/');
    const id = /action="\/mfa\/authenticators\/(au_[0-9a-f]{16})\/remove"/.exec(dashboard.body)?.[1];
    expect(id).toBeDefined();
    // The dialog says so before any code is typed.
    expect(dashboard.body).toContain('is your only authenticator app, so it cannot be removed');
    app.clock.nextStep();
    const reply = await client.post(`/mfa/authenticators/${id}/remove`, { code: app.clock.code(secret) });
    expect(reply.status).toBe(422);
    expect(alertOf(reply.body)).toMatch(/only authenticator app.*use Disable MFA instead/);
    expect(reply.body).toContain('MFA is enabled');
    // Nothing was used up: the same code still signs in.
    const other = new DemoClient(app.url);
    await password(other);
    await other.get('/login/code');
    expect((await other.post('/login/code', { code: app.clock.code(secret) })).location).toBe('/');
  });

  test('removing an authenticator ends the account’s other sessions; this browser goes on', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    const other = new DemoClient(app.url);
    await password(other);
    await other.get('/login/code');
    app.clock.nextStep();
    expect((await other.post('/login/code', { code: app.clock.code(secret) })).location).toBe('/');

    // A second authenticator, so that the first can go.
    await client.get('/');
    app.clock.nextStep();
    const started = await client.post('/mfa/authenticators', {
      label: 'Backup',
      code: app.clock.code(secret),
    });
    const second = /id="new-authenticator-key" class="secret">([^<]+)</
      .exec(started.body)?.[1]
      ?.replace(/\s+/g, '');
    const newId = /name="authenticatorId" value="(au_[0-9a-f]{16})"/.exec(started.body)?.[1];
    const confirmed = await client.post('/mfa/authenticators/confirm', {
      authenticatorId: newId!,
      code: app.clock.code(second!),
    });
    expect(confirmed.location).toBe('/?notice=authenticator-added');
    // Adding one ends no session.
    expect((await other.get('/')).status).toBe(200);

    const dashboard = await client.get('/');
    const firstId = [...dashboard.body.matchAll(/action="\/mfa\/authenticators\/(au_[0-9a-f]{16})\/remove"/g)]
      .map((match) => match[1])
      .find((id) => id !== newId);
    app.clock.nextStep();
    const removed = await client.post(`/mfa/authenticators/${firstId}/remove`, {
      code: app.clock.code(second!),
    });
    expect(removed.location).toBe('/?notice=authenticator-removed');
    expect((await client.get('/')).status).toBe(200);
    expect((await other.get('/')).location).toBe('/login');
  });

  test('a name is required and at most 64 characters, for Add and Rename', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    const dashboard = await client.get('/');
    const id = /action="\/mfa\/authenticators\/(au_[0-9a-f]{16})\/rename"/.exec(dashboard.body)?.[1];
    for (const [label, message] of [
      ['   ', /Enter a name/],
      ['x'.repeat(65), /at most 64 characters/],
    ] as const) {
      const add = await client.post('/mfa/authenticators', { label, code: app.clock.code(secret) });
      expect(add.status).toBe(422);
      expect(alertOf(add.body)).toMatch(message);
      const rename = await client.post(`/mfa/authenticators/${id}/rename`, { label });
      expect(rename.status).toBe(422);
      expect(alertOf(rename.body)).toMatch(message);
    }
    const renamed = await client.post(`/mfa/authenticators/${id}/rename`, { label: '  Work phone  ' });
    expect(renamed.location).toBe('/?notice=authenticator-renamed');
    expect((await client.get('/')).body).toContain('<h3 class="item-title">Work phone</h3>');
  });

  test('adding needs a proof code; a wrong one is refused and nothing is added', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    const refused = await client.post('/mfa/authenticators', {
      label: 'Backup phone',
      code: app.clock.wrongCode(secret),
    });
    expect(refused.status).toBe(422);
    expect(alertOf(refused.body)).toMatch(/didn(&#39;|')t work/);
    // The name typed is kept for the next try.
    expect(refused.body).toMatch(/id="add-label"[^>]*value="Backup phone"/);
    expect(refused.body).not.toContain('<h3 class="item-title">Backup phone');
    // Unknown ids in a URL lead back to the dashboard.
    expect((await client.get('/mfa/authenticators/au_0123456789abcdef/remove')).location).toBe('/');
    expect((await client.post('/mfa/authenticators/not-an-id/remove', { code: '123456' })).location).toBe(
      '/',
    );
  });
});
