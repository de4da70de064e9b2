// "Remember this device for 30 days" at the HTTP level: the cookie that carries the device token and
// its attributes, sign-in without a code while the device is remembered, and a code again once the
// device is forgotten, MFA is turned off, or the cookie holds something mfakit does not know.
import { afterEach, describe, expect, test } from 'vitest';
import { type Demo, startDemo } from './helpers/demo-server.js';
import { alertOf, DemoClient, type Reply } from './helpers/http-client.js';
import { enableMfa, password, signedInWithMfa, signInWithCode, signOut } from './helpers/mfa-steps.js';

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
