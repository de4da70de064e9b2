// Steps shared by the demo's HTTP tests of MFA: the password step, turning MFA on, signing out and in.
import { expect } from 'vitest';
import type { Demo } from './demo-server.js';
import { DemoClient, type Reply } from './http-client.js';

/** The password step: where it sends the client. */
export async function password(client: DemoClient): Promise<string | undefined> {
  await client.get('/login');
  const reply = await client.post('/login', { username: 'demo', password: 'demo-password' });
  expect(reply.status).toBe(303);
  return reply.location;
}

/** Turns MFA on from the dashboard; returns the secret and the recovery codes. */
export async function enableMfa(
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
export async function signedInWithMfa(
  app: Demo,
): Promise<{ client: DemoClient; secret: string; recoveryCodes: string[] }> {
  const client = new DemoClient(app.url);
  expect(await password(client)).toBe('/');
  const enrolment = await enableMfa(app, client);
  return { client, ...enrolment };
}

/** Signs out from the dashboard (whose page carries the session's CSRF token). */
export async function signOut(client: DemoClient): Promise<void> {
  await client.get('/');
  expect((await client.post('/logout')).location).toBe('/login?notice=signed-out');
}

/** Signs out and in with the password; at the code screen, gives a fresh code with the box ticked or not. */
export async function signInWithCode(
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
