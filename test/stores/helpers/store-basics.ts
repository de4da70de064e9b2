// The direct tests every persistent store runs: the MfaStore contract method by method, the
// atomic primitive under 100 concurrent writers, and what the database actually holds, read
// with its own queries. Each store's test file calls describeStoreBasics in a few lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MfaRecord, MfaStore } from '../../../src/mfa/store.js';
import { MfaError } from '../../../src/shared/index.js';
import { sampleRecord } from './records.js';

export interface StoreFixture {
  store: MfaStore;
  /** Everything stored for the user, read with the database's own query (SELECT * / HGETALL). */
  readRaw: (userId: string) => Promise<string>;
  teardown?: () => Promise<void>;
}

let counter = 0;
const newUser = (): string => `user-${process.pid}-${Date.now().toString(36)}-${++counter}`;

async function expectMfaError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MfaError);
  expect((error as MfaError).code).toBe(code);
}

export function describeStoreBasics(name: string, setup: () => Promise<StoreFixture>): void {
  describe(`${name}: store contract`, () => {
    let fixture: StoreFixture;
    beforeAll(async () => {
      fixture = await setup();
    });
    afterAll(async () => {
      await fixture?.teardown?.();
    });

    it('returns null for a user that was never written', async () => {
      expect(await fixture.store.get(newUser())).toBeNull();
    });

    it('round-trips every field of an enabled record exactly', async () => {
      const userId = newUser();
      const record = sampleRecord(userId);
      expect(await fixture.store.compareAndSet(userId, 0, record)).toBe(true);
      expect(await fixture.store.get(userId)).toStrictEqual(record);
    });

    it('round-trips a pending record with nulls and an empty list', async () => {
      const userId = newUser();
      const record = sampleRecord(userId, 1, {
        state: 'pending',
        secret: { keyId: null, iv: null, data: 'JBSWY3DPEHPK3PXP' },
        pendingExpiresAt: 1_700_000_600_000,
        enabledAt: null,
        lastUsedStep: null,
        lockedUntil: null,
        recoveryCodeHashes: [],
      });
      await fixture.store.compareAndSet(userId, 0, record);
      expect(await fixture.store.get(userId)).toStrictEqual(record);
    });

    it('refuses to create a record that already exists', async () => {
      const userId = newUser();
      const first = sampleRecord(userId);
      await fixture.store.compareAndSet(userId, 0, first);
      const second = sampleRecord(userId, 1, { failedAttempts: 4 });
      expect(await fixture.store.compareAndSet(userId, 0, second)).toBe(false);
      expect(await fixture.store.get(userId)).toStrictEqual(first);
    });

    it('writes only at the expected version, and a stale version then loses', async () => {
      const userId = newUser();
      await fixture.store.compareAndSet(userId, 0, sampleRecord(userId, 1));
      expect(await fixture.store.compareAndSet(userId, 5, sampleRecord(userId, 6))).toBe(false);
      expect(await fixture.store.compareAndSet(userId, 1, sampleRecord(userId, 2, { lastUsedStep: 7 }))).toBe(
        true,
      );
      expect(await fixture.store.compareAndSet(userId, 1, sampleRecord(userId, 2, { lastUsedStep: 8 }))).toBe(
        false,
      );
      expect(await fixture.store.get(userId)).toStrictEqual(sampleRecord(userId, 2, { lastUsedStep: 7 }));
    });

    it('refuses an update of a record that does not exist', async () => {
      const userId = newUser();
      expect(await fixture.store.compareAndSet(userId, 1, sampleRecord(userId, 2))).toBe(false);
      expect(await fixture.store.get(userId)).toBeNull();
    });

    it('deletes a record, accepts deleting an absent one, and allows a fresh start', async () => {
      const userId = newUser();
      await fixture.store.compareAndSet(userId, 0, sampleRecord(userId));
      await fixture.store.delete(userId);
      expect(await fixture.store.get(userId)).toBeNull();
      await expect(fixture.store.delete(userId)).resolves.toBeUndefined();
      expect(await fixture.store.compareAndSet(userId, 0, sampleRecord(userId))).toBe(true);
    });

    it('keeps accounts apart', async () => {
      const [a, b] = [newUser(), newUser()];
      await fixture.store.compareAndSet(a, 0, sampleRecord(a, 1, { failedAttempts: 1 }));
      await fixture.store.compareAndSet(b, 0, sampleRecord(b, 1, { failedAttempts: 2 }));
      await fixture.store.delete(a);
      expect(await fixture.store.get(a)).toBeNull();
      expect((await fixture.store.get(b))?.failedAttempts).toBe(2);
    });

    it('100 concurrent writers of the same version: exactly one wins, and its record is stored', async () => {
      const userId = newUser();
      await fixture.store.compareAndSet(userId, 0, sampleRecord(userId, 1));
      const candidates = Array.from({ length: 100 }, (_, i) =>
        sampleRecord(userId, 2, { lastUsedStep: 1000 + i }),
      );
      const results = await Promise.all(
        candidates.map((record) => fixture.store.compareAndSet(userId, 1, record)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = candidates[results.indexOf(true)] as MfaRecord;
      expect(await fixture.store.get(userId)).toStrictEqual(winner);
    });

    it('100 concurrent creators of one account: exactly one wins', async () => {
      const userId = newUser();
      const candidates = Array.from({ length: 100 }, (_, i) =>
        sampleRecord(userId, 1, { failedAttempts: i }),
      );
      const results = await Promise.all(
        candidates.map((record) => fixture.store.compareAndSet(userId, 0, record)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await fixture.store.get(userId)).toStrictEqual(candidates[results.indexOf(true)]);
    });

    it('stores the record as data the database itself can read back', async () => {
      const userId = newUser();
      const record = sampleRecord(userId);
      await fixture.store.compareAndSet(userId, 0, record);
      const raw = await fixture.readRaw(userId);
      expect(raw).toContain(record.secret?.data);
      expect(raw).toContain(record.recoveryCodeHashes[1]);
      await fixture.store.delete(userId);
      expect(await fixture.readRaw(userId)).not.toContain(record.secret?.data);
    });

    it('rejects bad arguments with a typed error and writes nothing', async () => {
      const userId = newUser();
      const { store } = fixture;
      const untyped = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      await expectMfaError(untyped['get']!(42), 'INVALID_ARGUMENT');
      await expectMfaError(store.get(''), 'INVALID_ARGUMENT');
      await expectMfaError(untyped['delete']!(null), 'INVALID_ARGUMENT');
      await expectMfaError(store.compareAndSet(userId, -1, sampleRecord(userId, 0)), 'INVALID_ARGUMENT');
      await expectMfaError(store.compareAndSet(userId, 1.5, sampleRecord(userId, 2.5)), 'INVALID_ARGUMENT');
      await expectMfaError(store.compareAndSet(userId, 0, sampleRecord(userId, 3)), 'INVALID_ARGUMENT');
      await expectMfaError(store.compareAndSet(userId, 0, sampleRecord('someone-else')), 'INVALID_ARGUMENT');
      await expectMfaError(untyped['compareAndSet']!(userId, 0, null), 'INVALID_ARGUMENT');
      expect(await store.get(userId)).toBeNull();
    });
  });
}
