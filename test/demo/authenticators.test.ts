// The authenticator apps of the demo at the HTTP level: the refusals a browser test does not reach
// (the last authenticator, bad names, unknown ids) and the sessions a removal ends.
import { afterEach, describe, expect, test } from 'vitest';
import { type Demo, startDemo } from './helpers/demo-server.js';
import { alertOf, DemoClient } from './helpers/http-client.js';
import { password, signedInWithMfa } from './helpers/mfa-steps.js';

const demos: Demo[] = [];

afterEach(async () => {
  for (const demo of demos.splice(0)) await demo.close();
});

async function demo(): Promise<Demo> {
  const started = await startDemo();
  demos.push(started);
  return started;
}

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

  test('Cancel in the set-up popup drops the new app at once; an active app is never cancelled', async () => {
    const app = await demo();
    const { client, secret } = await signedInWithMfa(app);
    await client.get('/');
    app.clock.nextStep();
    const started = await client.post('/mfa/authenticators', {
      label: 'Backup',
      code: app.clock.code(secret),
    });
    const newId = /name="authenticatorId" value="(au_[0-9a-f]{16})"/.exec(started.body)?.[1];
    expect(newId).toBeDefined();
    expect(started.body).toContain('formaction="/mfa/authenticators/cancel"');
    expect((await client.get('/')).body).toContain('Set-up not finished');
    const cancelled = await client.post('/mfa/authenticators/cancel', { authenticatorId: newId! });
    expect(cancelled.location).toBe('/');
    const after = (await client.get('/')).body;
    expect(after).not.toContain('Set-up not finished');
    expect(after).not.toContain(newId!);
    // The first app's id sent to Cancel leaves it where it is.
    const firstId = /action="\/mfa\/authenticators\/(au_[0-9a-f]{16})\/remove"/.exec(after)?.[1];
    expect((await client.post('/mfa/authenticators/cancel', { authenticatorId: firstId! })).location).toBe(
      '/',
    );
    expect((await client.get('/')).body).toContain(`/mfa/authenticators/${firstId}/remove`);
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
