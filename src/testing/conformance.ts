/**
 * The store conformance suite: what every {@link MfaStore} must do, as vitest tests that a store's
 * own test file registers in a few lines. It checks each method, absent users, the exact round trip
 * of every field, the compare-and-set under 100 concurrent writers, isolation between users, and,
 * through `createMfa`, that what the database really holds (read with its own queries) reveals
 * neither the secret nor the recovery codes.
 *
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMfa,
  hashRecoveryCode,
  type MfaRecord,
  type MfaStore,
  normaliseRecoveryCode,
  RECORD_FORMAT,
} from '../mfa/index.js';
import { totp } from '../otp/index.js';

/** What a store's test gives the suite for each test. */
export interface StoreHarness {
  /** A ready store (migrated, connected). */
  store: MfaStore;
  /**
   * All raw stored text for one user, read with the database's own queries (SELECT * …, HGETALL …),
   * not through the store. When given, the suite checks that no secret or recovery code is in it.
   */
  readRaw?: (userId: string) => Promise<string>;
  /** Closes what setup opened. */
  teardown?: () => Promise<void>;
}

let sequence = 0;

/** A user id no other test (or earlier run against the same database) has used. */
function uniqueUserId(label: string): string {
  sequence += 1;
  return `conformance-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${sequence}`;
}

/** A record with every field set, as an enabled account has it. */
function fullRecord(userId: string, version: number): MfaRecord {
  return {
    format: RECORD_FORMAT,
    userId,
    version,
    state: 'enabled',
    secret: { keyId: 'k-2024', iv: 'AAECAwQFBgcICQoL', data: 'c2VhbGVkIHNlY3JldCBieXRlcyArIHRhZw==' },
    accountName: 'Ada "Lovelace" \\ <ada@example.com> ✓',
    pendingExpiresAt: null,
    enabledAt: 1_700_000_000_123,
    lastUsedStep: 56_666_666,
    failedAttempts: 3,
    lockouts: 2,
    lockedUntil: 8_640_000_000_000,
    recoveryCodeHashes: Array.from({ length: 10 }, (_, i) => `${i}`.repeat(64)),
    updatedAt: 1_700_000_000_999,
  };
}

/** A record with every nullable field null and empty arrays, as a fresh disabled account has it. */
function sparseRecord(userId: string, version: number): MfaRecord {
  return {
    format: RECORD_FORMAT,
    userId,
    version,
    state: 'disabled',
    secret: null,
    accountName: null,
    pendingExpiresAt: null,
    enabledAt: null,
    lastUsedStep: null,
    failedAttempts: 0,
    lockouts: 0,
    lockedUntil: null,
    recoveryCodeHashes: [],
    updatedAt: 0,
  };
}

const TEST_KEYRING = { current: 'conformance', keys: { conformance: new Uint8Array(32).fill(7) } };
const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);

/**
 * Registers the conformance tests of one store with vitest. Call it at the top level of a test file.
 *
 * @param name - the store's name, shown in test titles
 * @param setup - called before each test; returns the store and, for persistent stores, `readRaw`
 * @returns nothing: the tests are registered with vitest
 * @example
 * ```ts
 * import { describeStoreConformance } from 'mfakit/testing';
 * import { memoryStore } from 'mfakit/stores/memory';
 *
 * describeStoreConformance('memoryStore', async () => ({ store: memoryStore() }));
 * ```
 */
export function describeStoreConformance(name: string, setup: () => Promise<StoreHarness>): void {
  describe(`${name} conformance`, () => {
    let harness: StoreHarness;
    let store: MfaStore;
    beforeEach(async () => {
      harness = await setup();
      store = harness.store;
    });
    afterEach(async () => {
      await harness?.teardown?.();
    });

    it('get of an absent user returns null', async () => {
      expect(await store.get(uniqueUserId('absent'))).toBeNull();
    });

    it('compareAndSet on an absent user with a non-zero expectedVersion returns false and writes nothing', async () => {
      const userId = uniqueUserId('absent-cas');
      expect(await store.compareAndSet(userId, 1, fullRecord(userId, 2))).toBe(false);
      expect(await store.get(userId)).toBeNull();
    });

    it('delete of an absent user resolves', async () => {
      await expect(store.delete(uniqueUserId('absent-delete'))).resolves.toBeUndefined();
    });

    it('compareAndSet with expectedVersion 0 creates the record, and get returns it', async () => {
      const userId = uniqueUserId('create');
      const record = fullRecord(userId, 1);
      expect(await store.compareAndSet(userId, 0, record)).toBe(true);
      expect(await store.get(userId)).toStrictEqual(record);
    });

    it('round-trips every field exactly: full, sparse, and under Unicode user ids', async () => {
      const ids = [uniqueUserId('full'), `${uniqueUserId('unicode')}-ユーザー-😀-ü-"'\\`];
      for (const userId of ids) {
        const full = fullRecord(userId, 1);
        expect(await store.compareAndSet(userId, 0, full)).toBe(true);
        expect(await store.get(userId)).toStrictEqual(full);
        const sparse = sparseRecord(userId, 2);
        expect(await store.compareAndSet(userId, 1, sparse)).toBe(true);
        expect(await store.get(userId)).toStrictEqual(sparse);
        const pending: MfaRecord = {
          ...sparse,
          version: 3,
          state: 'pending',
          secret: { keyId: null, iv: null, data: 'JBSWY3DPEHPK3PXP' },
          accountName: 'ünïcødé 名前',
          pendingExpiresAt: T0 + 600_000,
          recoveryCodeHashes: ['a'.repeat(64)],
        };
        expect(await store.compareAndSet(userId, 2, pending)).toBe(true);
        expect(await store.get(userId)).toStrictEqual(pending);
      }
    });

    it('a record read back cannot change the stored one when mutated', async () => {
      const userId = uniqueUserId('copy');
      const record = fullRecord(userId, 1);
      await store.compareAndSet(userId, 0, record);
      record.recoveryCodeHashes.pop();
      const read = (await store.get(userId))!;
      expect(read.recoveryCodeHashes).toHaveLength(10);
      read.recoveryCodeHashes.length = 0;
      read.secret!.data = 'changed';
      expect(await store.get(userId)).toStrictEqual(fullRecord(userId, 1));
    });

    it('a stale expectedVersion returns false and writes nothing', async () => {
      const userId = uniqueUserId('stale');
      const first = fullRecord(userId, 1);
      const second = { ...sparseRecord(userId, 2), failedAttempts: 1 };
      expect(await store.compareAndSet(userId, 0, first)).toBe(true);
      expect(await store.compareAndSet(userId, 1, second)).toBe(true);
      expect(await store.compareAndSet(userId, 0, fullRecord(userId, 1))).toBe(false);
      expect(await store.compareAndSet(userId, 1, { ...second, version: 2, failedAttempts: 9 })).toBe(false);
      expect(await store.compareAndSet(userId, 5, fullRecord(userId, 6))).toBe(false);
      expect(await store.get(userId)).toStrictEqual(second);
    });

    it('delete removes the record, and the user can be created again from version 0', async () => {
      const userId = uniqueUserId('delete');
      await store.compareAndSet(userId, 0, fullRecord(userId, 1));
      await store.delete(userId);
      expect(await store.get(userId)).toBeNull();
      expect(await store.compareAndSet(userId, 1, fullRecord(userId, 2))).toBe(false);
      expect(await store.compareAndSet(userId, 0, sparseRecord(userId, 1))).toBe(true);
      expect(await store.get(userId)).toStrictEqual(sparseRecord(userId, 1));
    });

    it('of 100 concurrent compareAndSet writers with the same expectedVersion exactly one wins, and its record is stored', async () => {
      for (const expectedVersion of [0, 1]) {
        const userId = uniqueUserId(`race-${expectedVersion}`);
        if (expectedVersion === 1) await store.compareAndSet(userId, 0, sparseRecord(userId, 1));
        const candidates = Array.from({ length: 100 }, (_, i) => ({
          ...sparseRecord(userId, expectedVersion + 1),
          accountName: `writer-${i}`,
          failedAttempts: i,
        }));
        const outcomes = await Promise.all(
          candidates.map((record) => store.compareAndSet(userId, expectedVersion, record)),
        );
        const winners = outcomes.flatMap((won, i) => (won ? [i] : []));
        expect(winners).toHaveLength(1);
        expect(await store.get(userId)).toStrictEqual(candidates[winners[0]!]);
      }
    });

    it('users are isolated: writes and deletes of one leave another untouched', async () => {
      const alice = uniqueUserId('alice');
      const bob = uniqueUserId('bob');
      await store.compareAndSet(alice, 0, fullRecord(alice, 1));
      await store.compareAndSet(bob, 0, sparseRecord(bob, 1));
      // Alice's version says nothing about Bob's: his record is at 1 too, but a write needs his own.
      expect(await store.compareAndSet(bob, 0, sparseRecord(bob, 1))).toBe(false);
      await store.compareAndSet(alice, 1, sparseRecord(alice, 2));
      await store.delete(alice);
      expect(await store.get(alice)).toBeNull();
      expect(await store.get(bob)).toStrictEqual(sparseRecord(bob, 1));
    });

    it('through createMfa with a keyring, the stored data holds neither the secret nor a recovery code, only their hashes', async () => {
      const userId = uniqueUserId('at-rest');
      const mfa = createMfa({ store, issuer: 'Conformance', keyring: TEST_KEYRING, clock: () => T0 });
      const { secret } = await mfa.beginEnable(userId, { accountName: 'ada@example.com' });
      const confirmed = await mfa.confirmEnable(userId, totp(secret, { time: T0 }));
      if (!confirmed.ok) throw new Error(`confirmEnable refused: ${confirmed.reason}`);
      expect(confirmed.recoveryCodes.length).toBeGreaterThan(0);

      const record = (await store.get(userId))!;
      const raw = harness.readRaw ? await harness.readRaw(userId) : JSON.stringify(record);
      expect(raw.length).toBeGreaterThan(0);
      const forbidden = [secret, secret.replace(/=+$/, '')];
      for (const code of confirmed.recoveryCodes) forbidden.push(code, normaliseRecoveryCode(code)!);
      for (const text of forbidden) {
        expect(raw).not.toContain(text);
        expect(raw.toUpperCase()).not.toContain(text.toUpperCase());
      }
      for (const code of confirmed.recoveryCodes) {
        const hash = hashRecoveryCode(userId, normaliseRecoveryCode(code)!);
        expect(record.recoveryCodeHashes).toContain(hash);
        expect(raw).toContain(hash);
      }
      expect(record.secret?.keyId).toBe('conformance');
    });

    it('40 parallel verifies of one fresh code through createMfa yield exactly one ok', async () => {
      const userId = uniqueUserId('single-use');
      let now = T0;
      const mfa = createMfa({ store, issuer: 'Conformance', keyring: TEST_KEYRING, clock: () => now });
      const { secret } = await mfa.beginEnable(userId);
      const confirmed = await mfa.confirmEnable(userId, totp(secret, { time: now }));
      expect(confirmed.ok).toBe(true);
      now += 30_000;
      const code = totp(secret, { time: now });
      const results = await Promise.all(Array.from({ length: 40 }, () => mfa.verify(userId, code)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok && result.reason === 'replayed')).toHaveLength(39);
      expect(await mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
    });
  });
}
