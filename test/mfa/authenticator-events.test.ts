// Events of the actions of issue 11: one for each new action, with the ids it concerns, and never a
// secret, a code, a recovery code, a device token or its hash.
import { describe, expect, it } from 'vitest';
import type { MfaEvent } from '../../src/mfa/types/index.js';
import {
  beginAdd,
  enabledWithId,
  expectNoneQuoted,
  stored,
  wrongCodeForAll,
} from './authenticator-helpers.js';
import { newUser, setup } from './helpers.js';

const since = (events: MfaEvent[], start: number) => events.slice(start);

describe('events of the new actions', () => {
  it('beginEnable and confirmEnable name the authenticator', async () => {
    const f = setup();
    const userId = newUser();
    const begun = await f.mfa.beginEnable(userId);
    await f.mfa.confirmEnable(userId, f.code(begun.secret));
    expect(f.events).toEqual([
      {
        type: 'enable_started',
        userId,
        at: f.clock.now,
        expiresAt: begun.expiresAt,
        authenticatorId: begun.authenticatorId,
      },
      { type: 'enabled', userId, at: f.clock.now, recoveryCodes: 10, authenticatorId: begun.authenticatorId },
    ]);
  });

  it('add, confirm, rename and remove an authenticator each report one event', async () => {
    const f = setup();
    const userId = newUser();
    const first = await enabledWithId(f, userId);
    const start = f.events.length;
    const added = await beginAdd(f, userId, f.code(first.secret));
    const at = f.clock.now;
    f.advance(1_000);
    await f.mfa.confirmAuthenticator(userId, added.id, f.code(added.secret));
    await f.mfa.renameAuthenticator(userId, added.id, 'Secret garden phone');
    f.advance(30_000);
    await f.mfa.removeAuthenticator(userId, added.id, first.recoveryCodes[0]!);
    expect(since(f.events, start)).toEqual([
      {
        type: 'authenticator_added',
        userId,
        at,
        authenticatorId: added.id,
        expiresAt: at + 600_000,
        method: 'totp',
      },
      { type: 'authenticator_confirmed', userId, at: at + 1_000, authenticatorId: added.id },
      { type: 'authenticator_renamed', userId, at: at + 1_000, authenticatorId: added.id },
      {
        type: 'authenticator_removed',
        userId,
        at: at + 31_000,
        authenticatorId: added.id,
        method: 'recovery_code',
      },
    ]);
    expect(JSON.stringify(f.events)).not.toContain('Secret garden');
  });

  it("verify reports 'verified' with method totp and the authenticator; a device adds device_remembered", async () => {
    const f = setup();
    const userId = newUser();
    const { secret, authenticatorId } = await enabledWithId(f, userId);
    const start = f.events.length;
    const result = await f.mfa.verify(userId, f.code(secret), { rememberDevice: { ttlMs: 3_600_000 } });
    if (!result.ok) throw new Error(result.reason);
    expect(since(f.events, start)).toEqual([
      { type: 'verified', userId, at: f.clock.now, method: 'totp', authenticatorId },
      {
        type: 'device_remembered',
        userId,
        at: f.clock.now,
        deviceId: result.deviceId,
        expiresAt: f.clock.now + 3_600_000,
      },
    ]);
  });

  it("useRecoveryCode with a device reports recovery_code_used and device_remembered; checkDevice reports 'verified' with method device", async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabledWithId(f, userId);
    const start = f.events.length;
    const result = await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!, { rememberDevice: {} });
    if (!result.ok) throw new Error(result.reason);
    await f.mfa.checkDevice(userId, result.deviceToken!);
    expect(since(f.events, start)).toEqual([
      { type: 'recovery_code_used', userId, at: f.clock.now, remaining: 9 },
      {
        type: 'device_remembered',
        userId,
        at: f.clock.now,
        deviceId: result.deviceId,
        expiresAt: result.deviceExpiresAt,
      },
      { type: 'verified', userId, at: f.clock.now, method: 'device', deviceId: result.deviceId },
    ]);
  });

  it("forgetDevice and forgetAllDevices report device_forgotten, reason 'user'; forgetting nothing reports nothing", async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await f.mfa.verify(userId, f.code(secret), { rememberDevice: {} });
      ids.push((result as { deviceId: string }).deviceId);
      f.advance(30_000);
    }
    const start = f.events.length;
    await f.mfa.forgetDevice(userId, ids[0]!);
    await f.mfa.forgetDevice(userId, ids[0]!);
    await f.mfa.forgetAllDevices(userId);
    await f.mfa.forgetAllDevices(userId);
    expect(since(f.events, start)).toEqual([
      { type: 'device_forgotten', userId, at: f.clock.now, deviceIds: [ids[0]], reason: 'user' },
      { type: 'device_forgotten', userId, at: f.clock.now, deviceIds: [ids[1], ids[2]], reason: 'user' },
    ]);
  });

  it('refused device checks report nothing', async () => {
    const f = setup();
    const userId = newUser();
    await enabledWithId(f, userId);
    const start = f.events.length;
    await f.mfa.checkDevice(userId, 'Q'.repeat(43));
    await f.mfa.checkDevice(newUser(), 'Q'.repeat(43));
    expect(since(f.events, start)).toEqual([]);
  });

  it('refusals of the new code-taking actions report verify_failed with their action', async () => {
    const f = setup({ authenticators: { max: 2 } });
    const userId = newUser();
    const { secret, recoveryCodes, authenticatorId } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, recoveryCodes[0]!);
    const wrong = wrongCodeForAll(f, [secret, added.secret]);
    const start = f.events.length;
    await f.mfa.beginAddAuthenticator(userId, { label: 'C', code: wrong });
    await f.mfa.confirmAuthenticator(userId, added.id, wrong);
    await f.mfa.confirmAuthenticator(userId, 'au_ffffffffffffffff', wrong);
    await f.mfa.removeAuthenticator(userId, authenticatorId, wrong);
    await f.mfa.removeAuthenticator(userId, added.id, wrong);
    const failed = since(f.events, start).map((e) =>
      e.type === 'verify_failed' ? [e.action, e.reason, e.failedAttempts] : [e.type],
    );
    expect(failed).toEqual([
      ['beginAddAuthenticator', 'limit_reached', 0],
      ['confirmAuthenticator', 'invalid', 1],
      ['confirmAuthenticator', 'not_found', 1],
      ['removeAuthenticator', 'last_authenticator', 1],
      ['removeAuthenticator', 'invalid', 2],
    ]);
  });

  it('no event of a whole session contains a secret, a code, a recovery code, a device token or its hash', async () => {
    const f = setup({ devices: { max: 2 } });
    const userId = newUser();
    const begun = await f.mfa.beginEnable(userId, { label: 'Phone' });
    const needles: string[] = [begun.secret];
    const firstCode = f.code(begun.secret);
    const confirmed = await f.mfa.confirmEnable(userId, firstCode);
    if (!confirmed.ok) throw new Error(confirmed.reason);
    needles.push(firstCode, ...confirmed.recoveryCodes);
    f.advance(30_000);
    const proof = f.code(begun.secret);
    needles.push(proof);
    const added = await f.mfa.beginAddAuthenticator(userId, { label: 'Tablet', code: proof });
    if (!added.ok) throw new Error(added.reason);
    needles.push(added.secret, added.uri);
    const confirmCode = f.code(added.secret);
    needles.push(confirmCode);
    await f.mfa.confirmAuthenticator(userId, added.authenticatorId, confirmCode);
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      f.advance(30_000);
      const code = f.code(i % 2 === 0 ? begun.secret : added.secret);
      needles.push(code);
      const signedIn = await f.mfa.verify(userId, code, { rememberDevice: { label: `Browser ${i}` } });
      if (!signedIn.ok) throw new Error(signedIn.reason);
      tokens.push(signedIn.deviceToken!);
      await f.mfa.checkDevice(userId, signedIn.deviceToken!);
    }
    const recovered = await f.mfa.useRecoveryCode(userId, confirmed.recoveryCodes[1]!, {
      rememberDevice: {},
    });
    tokens.push((recovered as { deviceToken: string }).deviceToken);
    const wrong = wrongCodeForAll(f, [begun.secret, added.secret]);
    needles.push(wrong);
    await f.mfa.verify(userId, wrong);
    await f.mfa.removeAuthenticator(userId, added.authenticatorId, wrong);
    const regenerated = await f.mfa.regenerateRecoveryCodes(userId, confirmed.recoveryCodes[2]!);
    if (!regenerated.ok) throw new Error(regenerated.reason);
    needles.push(...regenerated.recoveryCodes);
    const hashes = (await stored(f, userId)).devices!.map((d) => d.tokenHash);
    await f.mfa.forgetAllDevices(userId);
    f.advance(30_000);
    const last = f.code(added.secret);
    needles.push(last);
    await f.mfa.removeAuthenticator(userId, added.authenticatorId, last);
    f.advance(30_000);
    const disableCode = f.code(begun.secret);
    needles.push(disableCode);
    await f.mfa.disable(userId, disableCode);
    needles.push(...tokens, ...hashes);
    expect(f.events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'authenticator_added',
        'authenticator_confirmed',
        'authenticator_removed',
        'device_remembered',
        'device_forgotten',
        'verified',
        'verify_failed',
        'disabled',
      ]),
    );
    expectNoneQuoted(f.events, needles);
    const json = JSON.stringify(f.events);
    for (const long of [begun.secret, added.secret, ...tokens, ...hashes]) expect(json).not.toContain(long);
  });
});
