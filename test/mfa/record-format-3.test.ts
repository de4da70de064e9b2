// Record format 3: older records (a real 0.1 record, format 1; a format-2-shaped one) read as one
// authenticator 'au_0000000000000000' and are rewritten as format 3 at their next write; a format-3
// record whose authenticators or devices are malformed is refused as CORRUPT_RECORD, never a crash.
import { describe, expect, it } from 'vitest';
import { createMfa } from '../../src/mfa/service.js';
import { type MfaRecord, type MfaStore, RECORD_FORMAT } from '../../src/mfa/store.js';
import { totp } from '../../src/otp/index.js';
import { memoryStore } from '../../src/stores/memory.js';
import { enabledWithId, stored } from './authenticator-helpers.js';
import { expectMfaError, newUser, pending, setup } from './helpers.js';
import * as v01 from './vectors/sealed-0.1.js';

const LEGACY_ID = 'au_0000000000000000';

/** Puts `record` into `store` as a first write, whatever its version. */
async function plant(store: MfaStore, record: MfaRecord): Promise<void> {
  expect(await store.compareAndSet(record.userId, 0, record)).toBe(true);
}

/** Replaces a stored record by `change(record)` (one version on). */
async function rewrite(
  store: MfaStore,
  userId: string,
  change: (record: MfaRecord) => object,
): Promise<void> {
  const record = (await store.get(userId))!;
  const next = { ...change(structuredClone(record)), version: record.version + 1 } as MfaRecord;
  expect(await store.compareAndSet(userId, record.version, next)).toBe(true);
}

/** The stored format-3 record turned into the shape format 2 wrote: the one secret at the top. */
function asFormat2(record: MfaRecord): object {
  const [only] = record.authenticators!;
  const format2: Partial<MfaRecord> = {
    ...record,
    format: 2,
    secret: only?.secret ?? null,
    lastUsedStep: only?.lastUsedStep ?? null,
  };
  delete format2.authenticators;
  delete format2.devices;
  return format2;
}

describe('a record written by mfakit 0.1', () => {
  const setup01 = async (offsetSteps = 1) => {
    const store = memoryStore();
    await plant(store, structuredClone(v01.record) as unknown as MfaRecord);
    const clock = { now: v01.confirmedAt + offsetSteps * 30_000 };
    const keyring = {
      current: v01.keyId,
      keys: { [v01.keyId]: Uint8Array.from(Buffer.from(v01.keyHex, 'hex')) },
    };
    const mfa = createMfa({ store, issuer: 'Acme', keyring, clock: () => clock.now });
    const code = (offset = 0) => totp(v01.secretBase32, { time: clock.now + offset * 30_000 });
    return { store, clock, mfa, code };
  };

  it("reads as one active authenticator 'au_0000000000000000' without being written", async () => {
    const { store, mfa } = await setup01();
    expect(await mfa.listAuthenticators(v01.userId)).toEqual([
      {
        id: LEGACY_ID,
        label: 'Authenticator app',
        state: 'active',
        createdAt: v01.record.enabledAt,
        lastUsedAt: null,
        pendingExpiresAt: null,
      },
    ]);
    expect(await mfa.status(v01.userId)).toMatchObject({
      state: 'enabled',
      activeAuthenticators: 1,
      rememberedDevices: 0,
      recoveryCodesRemaining: 10,
    });
    expect(await mfa.listDevices(v01.userId)).toEqual([]);
    expect(await store.get(v01.userId)).toEqual(v01.record);
  });

  it("keeps the record's lastUsedStep as the authenticator's floor: the confirming step is a replay", async () => {
    const { mfa, code } = await setup01();
    expect(await mfa.verify(v01.userId, code(-1))).toEqual({ ok: false, reason: 'replayed' });
  });

  it('a verify signs in with the legacy id and rewrites the record as format 3 (top-level secret null)', async () => {
    const { store, clock, mfa, code } = await setup01();
    expect(await mfa.verify(v01.userId, code())).toEqual({
      ok: true,
      method: 'totp',
      verifiedAt: clock.now,
      authenticatorId: LEGACY_ID,
    });
    const record = (await store.get(v01.userId))!;
    expect(record.format).toBe(RECORD_FORMAT);
    expect(RECORD_FORMAT).toBe(3);
    expect(record.secret).toBeNull();
    expect(record.devices).toEqual([]);
    expect(record.authenticators).toEqual([
      {
        id: LEGACY_ID,
        label: 'Authenticator app',
        state: 'active',
        secret: { keyId: v01.keyId, iv: expect.any(String), data: expect.any(String) },
        createdAt: v01.record.enabledAt,
        lastUsedAt: clock.now,
        pendingExpiresAt: null,
        lastUsedStep: Math.floor(clock.now / 30_000),
        driftSteps: 0,
      },
    ]);
    expect(JSON.stringify(record)).not.toContain(v01.secretBase32);
    // Read back as format 3, it goes on working.
    clock.now += 30_000;
    expect(await mfa.verify(v01.userId, code())).toMatchObject({ ok: true, authenticatorId: LEGACY_ID });
    expect(await mfa.verify(v01.userId, code())).toEqual({ ok: false, reason: 'replayed' });
  });

  it('any write rewrites it as format 3: a wrong code counted', async () => {
    const { store, mfa, code } = await setup01();
    const near = new Set([-2, -1, 0, 1, 2].map((o) => code(o)));
    const wrong = ['000000', '111111', '222222'].find((c) => !near.has(c))!;
    expect(await mfa.verify(v01.userId, wrong)).toEqual({ ok: false, reason: 'invalid' });
    const record = (await store.get(v01.userId))!;
    expect(record).toMatchObject({ format: 3, secret: null, failedAttempts: 1 });
    expect(record.authenticators!.map((a) => a.id)).toEqual([LEGACY_ID]);
    expect(await mfa.verify(v01.userId, code())).toMatchObject({ ok: true, authenticatorId: LEGACY_ID });
  });

  it('a second authenticator can be added to it; the legacy one stays first', async () => {
    const { store, mfa, code } = await setup01();
    const started = await mfa.beginAddAuthenticator(v01.userId, { label: 'New phone', code: code() });
    expect(started).toMatchObject({ ok: true, method: 'totp' });
    const record = (await store.get(v01.userId))!;
    expect(record.format).toBe(3);
    expect(record.authenticators!.map((a) => [a.id, a.state])).toEqual([
      [LEGACY_ID, 'active'],
      [(started as { authenticatorId: string }).authenticatorId, 'pending'],
    ]);
  });

  it('the legacy authenticator can be renamed (a write, which upgrades the record)', async () => {
    const { store, mfa } = await setup01();
    expect(await mfa.renameAuthenticator(v01.userId, LEGACY_ID, 'Old phone')).toEqual({ ok: true });
    expect((await store.get(v01.userId))!.format).toBe(3);
    expect((await mfa.listAuthenticators(v01.userId))[0]!.label).toBe('Old phone');
  });
});

describe('a format-2-shaped record', () => {
  it('enabled: reads as one active authenticator and is rewritten as format 3 at its next write', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    await rewrite(f.store, userId, asFormat2);
    expect((await stored(f, userId)).format).toBe(2);
    expect((await f.mfa.listAuthenticators(userId)).map((a) => [a.id, a.state])).toEqual([
      [LEGACY_ID, 'active'],
    ]);
    expect(await f.mfa.verify(userId, f.code(secret, -1))).toEqual({ ok: false, reason: 'replayed' });
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({
      ok: true,
      authenticatorId: LEGACY_ID,
    });
    const record = await stored(f, userId);
    expect(record).toMatchObject({ format: 3, secret: null, devices: [] });
    expect(record.authenticators!.map((a) => a.id)).toEqual([LEGACY_ID]);
  });

  it('pending: reads as one pending authenticator, and confirmEnable activates it', async () => {
    const f = setup();
    const userId = newUser();
    const secret = await pending(f, userId);
    await rewrite(f.store, userId, asFormat2);
    const [listed] = await f.mfa.listAuthenticators(userId);
    expect(listed).toMatchObject({
      id: LEGACY_ID,
      state: 'pending',
      pendingExpiresAt: f.clock.now + 600_000,
    });
    expect(await f.mfa.confirmEnable(userId, f.code(secret))).toMatchObject({
      ok: true,
      authenticatorId: LEGACY_ID,
    });
    const record = await stored(f, userId);
    expect(record).toMatchObject({ format: 3, secret: null, state: 'enabled' });
    expect(record.authenticators).toMatchObject([{ id: LEGACY_ID, state: 'active', pendingExpiresAt: null }]);
  });

  it('disabled: reads as no authenticator, and beginEnable writes format 3', async () => {
    const f = setup();
    const userId = newUser();
    await pending(f, userId);
    await f.mfa.cancelEnable(userId);
    await rewrite(f.store, userId, asFormat2);
    expect(await f.mfa.listAuthenticators(userId)).toEqual([]);
    const begun = await f.mfa.beginEnable(userId);
    expect(await stored(f, userId)).toMatchObject({ format: 3, secret: null });
    expect((await stored(f, userId)).authenticators!.map((a) => a.id)).toEqual([begun.authenticatorId]);
  });
});

describe('a format-3 record with a list left out', () => {
  it('without devices reads as remembering none, and remembers one at the next sign-in', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    await rewrite(f.store, userId, (r) => ({ ...r, devices: undefined }));
    expect(await f.mfa.listDevices(userId)).toEqual([]);
    expect(await f.mfa.checkDevice(userId, 'Q'.repeat(43))).toEqual({ ok: false, reason: 'unknown' });
    const signedIn = await f.mfa.verify(userId, f.code(secret), { rememberDevice: {} });
    expect(signedIn).toMatchObject({ ok: true });
    expect((await stored(f, userId)).devices).toHaveLength(1);
  });

  it('without authenticators (enabled) reads as holding none: no TOTP signs in (counted), a recovery code still does', async () => {
    const f = setup();
    const userId = newUser();
    const { secret, recoveryCodes } = await enabledWithId(f, userId);
    await rewrite(f.store, userId, (r) => ({ ...r, authenticators: undefined }));
    expect(await f.mfa.listAuthenticators(userId)).toEqual([]);
    expect(await f.mfa.status(userId)).toMatchObject({ state: 'enabled', activeAuthenticators: 0 });
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({ ok: false, reason: 'invalid' });
    expect((await stored(f, userId)).failedAttempts).toBe(1);
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ ok: true, remaining: 9 });
  });
});

describe('a malformed format-3 record', () => {
  const breakages: [string, (record: MfaRecord) => object][] = [
    ['authenticators not a list', (r) => ({ ...r, authenticators: 'au_1' })],
    ['authenticators holding null', (r) => ({ ...r, authenticators: [null] })],
    [
      'an authenticator without a secret',
      (r) => ({ ...r, authenticators: [{ ...r.authenticators![0], secret: null }] }),
    ],
    [
      'an authenticator whose id is a number',
      (r) => ({ ...r, authenticators: [{ ...r.authenticators![0], id: 7 }] }),
    ],
    [
      'an authenticator in an unknown state',
      (r) => ({ ...r, authenticators: [{ ...r.authenticators![0], state: 'on' }] }),
    ],
    [
      'an authenticator whose driftSteps is not an integer',
      (r) => ({ ...r, authenticators: [{ ...r.authenticators![0], driftSteps: '1' }] }),
    ],
    [
      'an authenticator whose floor is not an integer',
      (r) => ({ ...r, authenticators: [{ ...r.authenticators![0], lastUsedStep: 1.5 }] }),
    ],
    ['devices not a list', (r) => ({ ...r, devices: {} })],
    [
      'a device without a tokenHash',
      (r) => ({ ...r, devices: [{ id: 'dv_0000000000000001', expiresAt: 1 }] }),
    ],
    [
      'a device whose expiresAt is text',
      (r) => ({ ...r, devices: [{ id: 'dv_1', tokenHash: 'ab', expiresAt: 'soon' }] }),
    ],
    ['a top-level secret in format 3', (r) => ({ ...r, secret: r.authenticators![0]!.secret })],
    ['a format above 3', (r) => ({ ...r, format: 4 })],
  ];

  it.each(breakages)(
    'with %s is refused as CORRUPT_RECORD by every method that reads it',
    async (_, breakIt) => {
      const f = setup();
      const userId = newUser();
      const { secret } = await enabledWithId(f, userId);
      await rewrite(f.store, userId, breakIt);
      const before = await f.store.get(userId);
      const code = f.code(secret);
      await expectMfaError(f.mfa.status(userId), 'CORRUPT_RECORD');
      await expectMfaError(f.mfa.verify(userId, code), 'CORRUPT_RECORD');
      await expectMfaError(f.mfa.listAuthenticators(userId), 'CORRUPT_RECORD');
      await expectMfaError(f.mfa.listDevices(userId), 'CORRUPT_RECORD');
      await expectMfaError(f.mfa.checkDevice(userId, 'Q'.repeat(43)), 'CORRUPT_RECORD');
      await expectMfaError(f.mfa.beginAddAuthenticator(userId, { label: 'B', code }), 'CORRUPT_RECORD');
      await expectMfaError(f.mfa.renameAuthenticator(userId, LEGACY_ID, 'B'), 'CORRUPT_RECORD');
      await expectMfaError(f.mfa.forgetAllDevices(userId), 'CORRUPT_RECORD');
      expect(await f.store.get(userId)).toEqual(before);
    },
  );
});

describe('an older record carrying format-3 fields it never had', () => {
  const junk: [string, (record: MfaRecord) => object][] = [
    ['authenticators: 5', (r) => ({ ...asFormat2(r), authenticators: 5 })],
    ['authenticators: "ab"', (r) => ({ ...asFormat2(r), authenticators: 'ab' })],
    ['devices: 5', (r) => ({ ...asFormat2(r), devices: 5 })],
    ['devices: [null]', (r) => ({ ...asFormat2(r), devices: [null] })],
  ];

  it.each(junk)(
    'a format-2 record with %s is refused as CORRUPT_RECORD, not with a TypeError',
    async (_, breakIt) => {
      const f = setup();
      const userId = newUser();
      const { secret, recoveryCodes } = await enabledWithId(f, userId);
      await rewrite(f.store, userId, breakIt);
      await expectMfaError(f.mfa.status(userId), 'CORRUPT_RECORD');
      await expectMfaError(f.mfa.verify(userId, f.code(secret)), 'CORRUPT_RECORD');
      await expectMfaError(f.mfa.useRecoveryCode(userId, recoveryCodes[0]!), 'CORRUPT_RECORD');
      await expectMfaError(f.mfa.listAuthenticators(userId), 'CORRUPT_RECORD');
    },
  );
});
