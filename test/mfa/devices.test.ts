// Remembered devices: a successful sign-in asked to remember the device returns a token, shown
// once; checkDevice recognises it until it expires, is forgotten, or MFA is turned off. Only a
// keyed hash of the token is stored.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMfa } from '../../src/mfa/service.js';
import { DEFAULTS } from '../../src/shared/index.js';
import { enabledWithId, FOREIGN_TOKEN, stored, wrongCodeForAll } from './authenticator-helpers.js';
import { enabled, expectMfaError, type Fixture, newUser, setup, testKeyring, wrongCode } from './helpers.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const DEVICE_ID = /^dv_[0-9a-f]{16}$/;
const DAY = 86_400_000;

afterEach(() => {
  vi.restoreAllMocks();
});

/** Signs in with a fresh TOTP, remembering the device; moves to the next step. */
async function remember(
  f: Fixture,
  userId: string,
  secret: string,
  options: { label?: string; ttlMs?: number } = {},
): Promise<{ deviceToken: string; deviceId: string; deviceExpiresAt: number }> {
  const result = await f.mfa.verify(userId, f.code(secret), { rememberDevice: options });
  if (!result.ok) throw new Error(`verify refused: ${result.reason}`);
  f.advance(30_000);
  return {
    deviceToken: result.deviceToken!,
    deviceId: result.deviceId!,
    deviceExpiresAt: result.deviceExpiresAt!,
  };
}

describe('remembering a device at sign-in', () => {
  it('verify with rememberDevice returns a 43-character token, an id and an expiry 30 days on', async () => {
    const f = setup();
    const userId = newUser();
    const { secret, authenticatorId } = await enabledWithId(f, userId);
    const result = await f.mfa.verify(userId, f.code(secret), { rememberDevice: {} });
    expect(result).toEqual({
      ok: true,
      method: 'totp',
      verifiedAt: f.clock.now,
      authenticatorId,
      deviceToken: expect.stringMatching(TOKEN),
      deviceId: expect.stringMatching(DEVICE_ID),
      deviceExpiresAt: f.clock.now + DEFAULTS.mfa.devices.ttlMs,
    });
    expect(DEFAULTS.mfa.devices.ttlMs).toBe(30 * DAY);
    expect((await f.mfa.status(userId)).rememberedDevices).toBe(1);
  });

  it('without rememberDevice no device is remembered and the result carries no token', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const result = await f.mfa.verify(userId, f.code(secret));
    expect(result).not.toHaveProperty('deviceToken');
    expect(result).not.toHaveProperty('deviceId');
    expect(await f.mfa.listDevices(userId)).toEqual([]);
  });

  it('every remembered device gets its own token and id', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const a = await remember(f, userId, secret);
    const b = await remember(f, userId, secret);
    expect(a.deviceToken).not.toBe(b.deviceToken);
    expect(a.deviceId).not.toBe(b.deviceId);
    expect(await f.mfa.checkDevice(userId, a.deviceToken)).toMatchObject({ ok: true, deviceId: a.deviceId });
    expect(await f.mfa.checkDevice(userId, b.deviceToken)).toMatchObject({ ok: true, deviceId: b.deviceId });
  });

  it('useRecoveryCode with rememberDevice remembers it too, with the ttlMs and label given', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabledWithId(f, userId);
    const result = await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!, {
      rememberDevice: { ttlMs: 60_000, label: 'Firefox on Linux' },
    });
    expect(result).toEqual({
      ok: true,
      remaining: 9,
      method: 'recovery_code',
      verifiedAt: f.clock.now,
      deviceToken: expect.stringMatching(TOKEN),
      deviceId: expect.stringMatching(DEVICE_ID),
      deviceExpiresAt: f.clock.now + 60_000,
    });
    expect(await f.mfa.listDevices(userId)).toEqual([
      {
        id: (result as { deviceId: string }).deviceId,
        label: 'Firefox on Linux',
        createdAt: f.clock.now,
        expiresAt: f.clock.now + 60_000,
        lastUsedAt: null,
      },
    ]);
  });

  it('ttlMs of 400 days is accepted, and the service-wide devices.ttlMs is the default', async () => {
    const f = setup({ devices: { ttlMs: 2 * DAY } });
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const now = f.clock.now;
    expect((await remember(f, userId, secret)).deviceExpiresAt).toBe(now + 2 * DAY);
    const later = f.clock.now;
    expect((await remember(f, userId, secret, { ttlMs: 400 * DAY })).deviceExpiresAt).toBe(later + 400 * DAY);
  });

  it.each([
    ['ttlMs under a minute', { rememberDevice: { ttlMs: 59_999 } }],
    ['ttlMs over 400 days', { rememberDevice: { ttlMs: 400 * DAY + 1 } }],
    ['ttlMs not an integer', { rememberDevice: { ttlMs: 60_000.5 } }],
    ['ttlMs a string', { rememberDevice: { ttlMs: '60000' } }],
    ['an empty label', { rememberDevice: { label: '' } }],
    ['a label of 65 characters', { rememberDevice: { label: 'x'.repeat(65) } }],
    ['a label that is a number', { rememberDevice: { label: 7 } }],
    ['rememberDevice true', { rememberDevice: true }],
    ['rememberDevice a string', { rememberDevice: 'yes' }],
    ['rememberDevice null', { rememberDevice: null }],
    ['options a string', 'remember'],
  ])('throws INVALID_ARGUMENT for %s, and the code stays unused', async (_, options) => {
    const f = setup();
    const userId = newUser();
    const { secret, recoveryCodes } = await enabledWithId(f, userId);
    const code = f.code(secret);
    await expectMfaError(f.mfa.verify(userId, code, options as never), 'INVALID_ARGUMENT');
    await expectMfaError(
      f.mfa.useRecoveryCode(userId, recoveryCodes[0]!, options as never),
      'INVALID_ARGUMENT',
    );
    expect(await f.mfa.verify(userId, code)).toMatchObject({ ok: true });
    expect((await f.mfa.status(userId)).recoveryCodesRemaining).toBe(10);
    expect(await f.mfa.listDevices(userId)).toEqual([]);
  });

  it('a label of 64 characters is accepted', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    await remember(f, userId, secret, { label: 'x'.repeat(64) });
    expect((await f.mfa.listDevices(userId))[0]!.label).toBe('x'.repeat(64));
  });

  it('a refused code remembers nothing', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const code = f.code(secret);
    await f.mfa.verify(userId, code);
    expect(await f.mfa.verify(userId, wrongCode(f, secret), { rememberDevice: {} })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await f.mfa.verify(userId, code, { rememberDevice: {} })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(await f.mfa.useRecoveryCode(userId, 'AAAA-AAAA-AAAA-AAAA', { rememberDevice: {} })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await f.mfa.verify(newUser(), code, { rememberDevice: {} })).toEqual({
      ok: false,
      reason: 'not_enabled',
    });
    expect(await f.mfa.listDevices(userId)).toEqual([]);
    expect(f.events.filter((e) => e.type === 'device_remembered')).toEqual([]);
  });

  it('a locked account remembers nothing', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const wrong = wrongCode(f, secret);
    for (let i = 0; i < 5; i++) await f.mfa.verify(userId, wrong);
    expect(await f.mfa.verify(userId, f.code(secret), { rememberDevice: {} })).toMatchObject({
      ok: false,
      reason: 'locked',
    });
    expect(await f.mfa.listDevices(userId)).toEqual([]);
  });
});

describe('checkDevice', () => {
  it('recognises a remembered device: method device, verifiedAt now, its id and expiry; lastUsedAt set', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const device = await remember(f, userId, secret);
    f.advance(12_345);
    expect(await f.mfa.checkDevice(userId, device.deviceToken)).toEqual({
      ok: true,
      method: 'device',
      verifiedAt: f.clock.now,
      deviceId: device.deviceId,
      expiresAt: device.deviceExpiresAt,
    });
    expect((await f.mfa.listDevices(userId))[0]!.lastUsedAt).toBe(f.clock.now);
    // Not single use: the same token is recognised again.
    expect(await f.mfa.checkDevice(userId, device.deviceToken)).toMatchObject({ ok: true });
  });

  it("reads 'unknown' for a token not issued, another account's, garbage, or an overlong string", async () => {
    const f = setup();
    const userId = newUser();
    const other = newUser();
    const { secret } = await enabledWithId(f, userId);
    const otherAccount = await enabledWithId(f, other);
    const mine = await remember(f, userId, secret);
    const theirs = await remember(f, other, otherAccount.secret);
    const unknown = { ok: false, reason: 'unknown' };
    expect(await f.mfa.checkDevice(userId, FOREIGN_TOKEN)).toEqual(unknown);
    expect(await f.mfa.checkDevice(userId, theirs.deviceToken)).toEqual(unknown);
    expect(await f.mfa.checkDevice(other, mine.deviceToken)).toEqual(unknown);
    for (const garbage of [
      '',
      'abc',
      `${mine.deviceToken}=`,
      mine.deviceToken.slice(1),
      'x'.repeat(10_000),
    ]) {
      expect(await f.mfa.checkDevice(userId, garbage)).toEqual(unknown);
    }
    expect(await f.mfa.checkDevice(userId, `${mine.deviceToken} `)).toEqual(unknown);
    expect(await f.mfa.checkDevice(userId, mine.deviceToken)).toMatchObject({ ok: true });
  });

  it("reads 'expired' from its expiry on (one ms before: still recognised)", async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const device = await remember(f, userId, secret, { ttlMs: 60_000 });
    f.clock.now = device.deviceExpiresAt - 1;
    expect(await f.mfa.checkDevice(userId, device.deviceToken)).toMatchObject({ ok: true });
    f.clock.now = device.deviceExpiresAt;
    expect(await f.mfa.checkDevice(userId, device.deviceToken)).toEqual({ ok: false, reason: 'expired' });
    expect(await f.mfa.listDevices(userId)).toEqual([]);
    expect((await f.mfa.status(userId)).rememberedDevices).toBe(0);
  });

  it("reads 'not_enabled' once MFA is disabled, and 'unknown' after it is enabled again", async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const device = await remember(f, userId, secret);
    expect(await f.mfa.disable(userId, f.code(secret))).toMatchObject({ ok: true });
    expect(await f.mfa.checkDevice(userId, device.deviceToken)).toEqual({ ok: false, reason: 'not_enabled' });
    await enabled(f, userId);
    expect(await f.mfa.checkDevice(userId, device.deviceToken)).toEqual({ ok: false, reason: 'unknown' });
    expect(await f.mfa.checkDevice(newUser(), device.deviceToken)).toEqual({
      ok: false,
      reason: 'not_enabled',
    });
  });

  it.each([
    ['a number', 42],
    ['undefined', undefined],
    ['null', null],
    ['an object', { token: 'x' }],
  ])('throws INVALID_ARGUMENT for a token that is %s', async (_, token) => {
    const f = setup();
    const userId = newUser();
    await enabledWithId(f, userId);
    await expectMfaError(f.mfa.checkDevice(userId, token as unknown as string), 'INVALID_ARGUMENT');
  });

  it('is not counted as a failure: many wrong tokens leave no lock, no count and no event', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const before = await stored(f, userId);
    const eventsBefore = f.events.length;
    for (let i = 0; i < 50; i++) {
      const token = `${String(i).padStart(2, '0')}${'A'.repeat(41)}`;
      expect(await f.mfa.checkDevice(userId, token)).toEqual({ ok: false, reason: 'unknown' });
    }
    expect(await f.mfa.status(userId)).toMatchObject({ lockedUntil: null, lockedUntilReset: false });
    const after = await stored(f, userId);
    expect(after.version).toBe(before.version);
    expect(after.failedAttempts).toBe(0);
    expect(f.events.length).toBe(eventsBefore);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });

  it('works while codes are locked out by wrong guesses', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const device = await remember(f, userId, secret);
    const wrong = wrongCodeForAll(f, [secret]);
    for (let i = 0; i < 5; i++) await f.mfa.verify(userId, wrong);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: false, reason: 'locked' });
    expect(await f.mfa.checkDevice(userId, device.deviceToken)).toMatchObject({ ok: true, method: 'device' });
  });
});

describe('listing and forgetting devices', () => {
  it('listDevices lists oldest first, with nothing secret in it', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const first = await remember(f, userId, secret, { label: 'Laptop' });
    const firstAt = f.clock.now - 30_000;
    const second = await remember(f, userId, secret);
    const listed = await f.mfa.listDevices(userId);
    expect(listed).toEqual([
      {
        id: first.deviceId,
        label: 'Laptop',
        createdAt: firstAt,
        expiresAt: first.deviceExpiresAt,
        lastUsedAt: null,
      },
      {
        id: second.deviceId,
        label: null,
        createdAt: firstAt + 30_000,
        expiresAt: second.deviceExpiresAt,
        lastUsedAt: null,
      },
    ]);
    const json = JSON.stringify(listed);
    const record = await stored(f, userId);
    for (const device of record.devices!) expect(json).not.toContain(device.tokenHash);
    expect(json).not.toContain(first.deviceToken);
    expect(json).not.toContain(second.deviceToken);
  });

  it('forgetDevice forgets one device: {forgotten: 1}, then 0; its token then reads unknown', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const kept = await remember(f, userId, secret);
    const gone = await remember(f, userId, secret);
    expect(await f.mfa.forgetDevice(userId, gone.deviceId)).toEqual({ forgotten: 1 });
    expect(await f.mfa.forgetDevice(userId, gone.deviceId)).toEqual({ forgotten: 0 });
    expect(await f.mfa.forgetDevice(userId, 'dv_0000000000000000')).toEqual({ forgotten: 0 });
    expect(await f.mfa.checkDevice(userId, gone.deviceToken)).toEqual({ ok: false, reason: 'unknown' });
    expect(await f.mfa.checkDevice(userId, kept.deviceToken)).toMatchObject({ ok: true });
    expect((await f.mfa.listDevices(userId)).map((d) => d.id)).toEqual([kept.deviceId]);
  });

  it("forgetDevice of another account's device forgets nothing", async () => {
    const f = setup();
    const userId = newUser();
    const other = newUser();
    await enabledWithId(f, userId);
    const theirs = await enabledWithId(f, other);
    const device = await remember(f, other, theirs.secret);
    expect(await f.mfa.forgetDevice(userId, device.deviceId)).toEqual({ forgotten: 0 });
    expect(await f.mfa.checkDevice(other, device.deviceToken)).toMatchObject({ ok: true });
  });

  it('forgetAllDevices forgets every device and says how many', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const devices = [
      await remember(f, userId, secret),
      await remember(f, userId, secret),
      await remember(f, userId, secret),
    ];
    expect(await f.mfa.forgetAllDevices(userId)).toEqual({ forgotten: 3 });
    expect(await f.mfa.forgetAllDevices(userId)).toEqual({ forgotten: 0 });
    for (const device of devices) {
      expect(await f.mfa.checkDevice(userId, device.deviceToken)).toEqual({ ok: false, reason: 'unknown' });
    }
    expect((await f.mfa.status(userId)).rememberedDevices).toBe(0);
  });

  it('forgetDevice throws INVALID_ARGUMENT for an id that is not a string', async () => {
    const f = setup();
    const userId = newUser();
    await enabledWithId(f, userId);
    await expectMfaError(f.mfa.forgetDevice(userId, 5 as unknown as string), 'INVALID_ARGUMENT');
  });

  it('remembering the 21st device forgets the oldest (event device_forgotten, reason limit)', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const devices: Awaited<ReturnType<typeof remember>>[] = [];
    for (let i = 0; i < 20; i++) devices.push(await remember(f, userId, secret));
    expect(await f.mfa.listDevices(userId)).toHaveLength(20);
    expect(f.events.filter((e) => e.type === 'device_forgotten')).toEqual([]);
    const newest = await remember(f, userId, secret);
    const listed = (await f.mfa.listDevices(userId)).map((d) => d.id);
    expect(listed).toHaveLength(20);
    expect(listed).not.toContain(devices[0]!.deviceId);
    expect(listed.at(-1)).toBe(newest.deviceId);
    expect(await f.mfa.checkDevice(userId, devices[0]!.deviceToken)).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await f.mfa.checkDevice(userId, devices[1]!.deviceToken)).toMatchObject({ ok: true });
    expect(f.events.filter((e) => e.type === 'device_forgotten')).toEqual([
      {
        type: 'device_forgotten',
        userId,
        at: f.clock.now - 30_000,
        deviceIds: [devices[0]!.deviceId],
        reason: 'limit',
      },
    ]);
  });

  it('expired devices make room before the oldest live one is forgotten', async () => {
    const f = setup({ devices: { max: 2 } });
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const shortLived = await remember(f, userId, secret, { ttlMs: 60_000 });
    const longLived = await remember(f, userId, secret);
    f.advance(60_000);
    const third = await remember(f, userId, secret);
    expect((await f.mfa.listDevices(userId)).map((d) => d.id)).toEqual([longLived.deviceId, third.deviceId]);
    expect(f.events.filter((e) => e.type === 'device_forgotten')).toEqual([]);
    expect(await f.mfa.checkDevice(userId, shortLived.deviceToken)).toMatchObject({ ok: false });
  });

  it.each([0, 101, 1.5])('devices.max %s is refused with INVALID_OPTION', (max) => {
    expect(() => setup({ devices: { max } })).toThrowError(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });

  it.each([59_999, 400 * DAY + 1])('devices.ttlMs %s is refused with INVALID_OPTION', (ttlMs) => {
    expect(() => setup({ devices: { ttlMs } })).toThrowError(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});

describe('how tokens are stored', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('the record holds no token; with a keyring the hash is keyed (not SHA-256 of userId NUL token)', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const device = await remember(f, userId, secret);
    const record = await stored(f, userId);
    expect(JSON.stringify(record)).not.toContain(device.deviceToken);
    const [storedDevice] = record.devices!;
    expect(storedDevice).toMatchObject({ id: device.deviceId, keyId: 'k1' });
    expect(storedDevice!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(storedDevice!.tokenHash).not.toBe(sha256(`${userId}\u0000${device.deviceToken}`));
    expect(storedDevice!.tokenHash).not.toBe(sha256(device.deviceToken));
  });

  it('without a keyring the hash is SHA-256 of userId NUL token, with keyId null', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const f = setup({ keyring: undefined });
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const device = await remember(f, userId, secret);
    const [storedDevice] = (await stored(f, userId)).devices!;
    expect(storedDevice).toMatchObject({
      keyId: null,
      tokenHash: sha256(`${userId}\u0000${device.deviceToken}`),
    });
    expect(await f.mfa.checkDevice(userId, device.deviceToken)).toMatchObject({ ok: true });
  });

  it('a device planted with the plain SHA-256 of a token is not recognised under a keyring', async () => {
    const f = setup();
    const userId = newUser();
    await enabledWithId(f, userId);
    const record = await stored(f, userId);
    const token = FOREIGN_TOKEN;
    const planted = {
      id: 'dv_00000000000000aa',
      label: null,
      tokenHash: sha256(`${userId}\u0000${token}`),
      keyId: null,
      createdAt: f.clock.now,
      expiresAt: f.clock.now + DAY,
      lastUsedAt: null,
    };
    await f.store.compareAndSet(userId, record.version, {
      ...record,
      version: record.version + 1,
      devices: [planted, { ...planted, id: 'dv_00000000000000bb', keyId: 'k1' }],
    });
    expect(await f.mfa.checkDevice(userId, token)).toEqual({ ok: false, reason: 'unknown' });
  });

  it("a device entry copied into another account's record is not recognised there (the hash binds the user id)", async () => {
    const f = setup();
    const victim = newUser();
    const attacker = newUser();
    const mine = await enabledWithId(f, attacker);
    await enabledWithId(f, victim);
    const device = await remember(f, attacker, mine.secret);
    const copied = (await stored(f, attacker)).devices!;
    const record = await stored(f, victim);
    await f.store.compareAndSet(victim, record.version, {
      ...record,
      version: record.version + 1,
      devices: copied,
    });
    expect(await f.mfa.checkDevice(victim, device.deviceToken)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('a device entry relabelled with another key id of the keyring is not recognised', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const device = await remember(f, userId, secret);
    const record = await stored(f, userId);
    const devices = record.devices!.map((d) => ({ ...d, keyId: 'k2' }));
    await f.store.compareAndSet(userId, record.version, { ...record, version: record.version + 1, devices });
    expect(await f.mfa.checkDevice(userId, device.deviceToken)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('a device remembered under k1 is still recognised after current moves to k2, until k1 leaves the keyring', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const device = await remember(f, userId, secret);
    const clock = () => f.clock.now;
    const rotated = createMfa({ store: f.store, issuer: 'Acme', clock, keyring: testKeyring('k2') });
    expect(await rotated.checkDevice(userId, device.deviceToken)).toMatchObject({
      ok: true,
      deviceId: device.deviceId,
    });
    // The check wrote (lastUsedAt), sealing the secrets under k2: a keyring of k2 alone still opens them.
    const k2Only = { current: 'k2', keys: { k2: testKeyring().keys['k2']! } };
    const withoutK1 = createMfa({ store: f.store, issuer: 'Acme', clock, keyring: k2Only });
    expect(await withoutK1.checkDevice(userId, device.deviceToken)).toEqual({ ok: false, reason: 'unknown' });
    // A device remembered under k2 is recognised there.
    const fresh = await withoutK1.verify(userId, f.code(secret), { rememberDevice: {} });
    if (!fresh.ok) throw new Error(fresh.reason);
    expect((await stored(f, userId)).devices!.find((d) => d.id === fresh.deviceId)!.keyId).toBe('k2');
    expect(await withoutK1.checkDevice(userId, fresh.deviceToken!)).toMatchObject({ ok: true });
  });
});
