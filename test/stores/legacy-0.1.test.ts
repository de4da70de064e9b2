// A real record written by mfakit 0.1 (format 1, test/mfa/vectors/sealed-0.1.ts), put in every
// store exactly as 0.1 stored it, then read by this release: it reads as one active authenticator
// without being written, signs in with the secret 0.1 sealed, and is stored as format 3 at that
// first write (the secret moved into the authenticator, the recovery-code hashes keyed).
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMfa, RECORD_FORMAT, totp } from '../../src/index.js';
import type { MfaRecord } from '../../src/mfa/store.js';
import * as v01 from '../mfa/vectors/sealed-0.1.js';
import { everyStore, type OpenStore } from './helpers/every-store.js';

const every = await everyStore('legacy01');
afterAll(() => every.stop());

const keyring = { current: v01.keyId, keys: { [v01.keyId]: Buffer.from(v01.keyHex, 'hex') } };
const { userId } = v01;
const STEP_MS = 30_000;

/** The fixture as a fresh, mutable record. */
const fixture = (): MfaRecord => structuredClone(v01.record) as unknown as MfaRecord;

/** The service over `store` at the time `now()` gives. */
const service = (opened: OpenStore, now: () => number) =>
  createMfa({ store: opened.store, issuer: 'mfakit 0.1 fixture', keyring, clock: now });

/** What the service stores for a 0.1 (unkeyed) recovery-code hash under the keyring key: HMAC over it. */
function keyedHash(unkeyed: string): string {
  const hashKey = createHmac('sha256', keyring.keys[v01.keyId]!)
    .update('mfakit recovery-code hash key v1')
    .digest();
  return createHmac('sha256', hashKey).update(unkeyed).digest('hex');
}

/** Replaces whatever the store holds for the fixture's user with the record exactly as 0.1 wrote it. */
async function putFixture(opened: OpenStore): Promise<void> {
  await opened.store.delete(userId);
  // A first write at 0 accepts any positive version: 0.1's record is at version 2.
  expect(await opened.store.compareAndSet(userId, 0, fixture())).toBe(true);
  expect(await opened.store.get(userId)).toEqual(fixture());
}

for (const backend of every.backends) {
  describe(`a record written by mfakit 0.1, in ${backend.name}`, () => {
    let opened: OpenStore;
    beforeAll(async () => {
      opened = await backend.open();
    }, 30_000);
    afterAll(async () => opened?.close());

    it('reads as enabled with one active authenticator and 10 recovery codes, and reading writes nothing', async () => {
      await putFixture(opened);
      const mfa = service(opened, () => v01.confirmedAt + 60_000);
      expect(await mfa.status(userId)).toMatchObject({
        state: 'enabled',
        enabledAt: v01.record.enabledAt,
        recoveryCodesRemaining: 10,
        activeAuthenticators: 1,
        rememberedDevices: 0,
      });
      expect(await mfa.listAuthenticators(userId)).toEqual([
        {
          id: 'au_0000000000000000',
          label: 'Authenticator app',
          state: 'active',
          createdAt: v01.record.enabledAt,
          lastUsedAt: null,
          pendingExpiresAt: null,
        },
      ]);
      expect(await mfa.listDevices(userId)).toEqual([]);
      expect(await opened.store.get(userId)).toEqual(fixture());
    });

    it('signs in with the secret 0.1 sealed, and its first write stores format 3', async () => {
      await putFixture(opened);
      let now = v01.confirmedAt + 2 * STEP_MS;
      const mfa = service(opened, () => now);
      const first = await mfa.verify(userId, totp(v01.secretBase32, { time: now }));
      expect(first).toEqual({
        ok: true,
        method: 'totp',
        verifiedAt: now,
        authenticatorId: 'au_0000000000000000',
      });

      const stored = (await opened.store.get(userId))!;
      const step = Math.floor(now / STEP_MS);
      expect(stored).toMatchObject({
        format: RECORD_FORMAT,
        version: v01.record.version + 1,
        state: 'enabled',
        secret: null,
        enabledAt: v01.record.enabledAt,
        recoveryCodeKeyId: v01.keyId,
        recoveryCodeHashes: v01.record.recoveryCodeHashes.map(keyedHash),
        devices: [],
      });
      expect(stored.authenticators).toEqual([
        {
          id: 'au_0000000000000000',
          label: 'Authenticator app',
          state: 'active',
          secret: { keyId: v01.keyId, iv: expect.any(String), data: expect.any(String) },
          createdAt: v01.record.enabledAt,
          lastUsedAt: now,
          pendingExpiresAt: null,
          lastUsedStep: step,
          driftSteps: 0,
        },
      ]);
      // Nothing of the secret in clear, and no hash of 0.1's left unkeyed.
      const text = JSON.stringify(stored);
      expect(text).not.toContain(v01.secretBase32);
      expect(text).not.toContain(v01.secretHex);
      for (const unkeyed of v01.record.recoveryCodeHashes) expect(text).not.toContain(unkeyed);

      // The secret as format 3 holds it still opens: a later step signs in, the same one is a replay.
      now += STEP_MS;
      const code = totp(v01.secretBase32, { time: now });
      expect(await mfa.verify(userId, code)).toMatchObject({
        ok: true,
        authenticatorId: 'au_0000000000000000',
      });
      expect(await mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
      const after = (await opened.store.get(userId))!;
      expect(after.version).toBe(v01.record.version + 2);
      expect(after.authenticators?.[0]?.lastUsedStep).toBe(step + 1);
      expect(await mfa.status(userId)).toMatchObject({ state: 'enabled', recoveryCodesRemaining: 10 });
    });
  });
}
