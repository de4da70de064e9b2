/**
 * The store contract, method by method: absent users, exact round trips, copies, the version
 * check of compareAndSet, delete, isolation between users, and typed errors for bad arguments.
 *
 * @module
 */
import type { MfaRecord, MfaStore } from '../../mfa/index.js';
import { POLICY_LIMITS } from '../../shared/index.js';
import { check, checkEqual, checkRejects } from './assert.js';
import { largestRecord, pendingRecord, sampleRecord, sparseRecord, uniqueUserId } from './records.js';
import type { ConformanceTest } from './types.js';

/** Writes `record` and fails unless compareAndSet returned `expected`. */
async function write(
  store: MfaStore,
  expectedVersion: number,
  record: MfaRecord,
  expected: boolean,
): Promise<void> {
  const written = await store.compareAndSet(record.userId, expectedVersion, record);
  checkEqual(written, expected, `compareAndSet at expectedVersion ${expectedVersion}`);
}

/** Fails unless get returns exactly `expected`. */
async function stored(store: MfaStore, userId: string, expected: MfaRecord | null, when: string) {
  checkEqual(await store.get(userId), expected, `get ${when}`);
}

/** The contract tests. */
export const CONTRACT_TESTS: readonly ConformanceTest[] = [
  {
    name: 'get of a user never written returns null',
    run: async ({ store }) => stored(store, uniqueUserId('absent'), null, 'of an absent user'),
  },
  {
    name: 'compareAndSet at expectedVersion 0 creates the record, and get returns every field exactly',
    run: async ({ store }) => {
      const record = sampleRecord(uniqueUserId('create'));
      await write(store, 0, record, true);
      await stored(store, record.userId, record, 'after the first write');
    },
  },
  {
    name: 'a first write may carry any positive safe integer version (the service starts at a random one)',
    run: async ({ store }) => {
      const first = 2 ** 48 + 12_345;
      const record = sampleRecord(uniqueUserId('random-first'), first);
      await write(store, 0, record, true);
      await stored(store, record.userId, record, 'after a first write at a large version');
      const next = { ...record, version: first + 1, failedAttempts: 0 };
      await write(store, first, next, true);
      await write(store, first, { ...next, failedAttempts: 1 }, false);
      await stored(store, record.userId, next, 'after the next write');
    },
  },
  {
    name: 'full, sparse and pending records round-trip exactly, also under Unicode user ids',
    run: async ({ store }) => {
      for (const userId of [uniqueUserId('shapes'), `${uniqueUserId('unicode')}-ユーザー-😀-ü-"'\\`]) {
        const records = [sampleRecord(userId, 1), sparseRecord(userId, 2), pendingRecord(userId, 3)];
        for (const record of records) {
          await write(store, record.version - 1, record, true);
          await stored(store, userId, record, `after writing a ${record.state} record`);
        }
      }
    },
  },
  {
    name: 'the largest format-3 record (10 authenticators, 20 devices) round-trips exactly, and so do its updates',
    run: async ({ store }) => {
      const userId = uniqueUserId('largest');
      const largest = largestRecord(userId, 1);
      await write(store, 0, largest, true);
      await stored(store, userId, largest, 'after writing the largest record');
      // The next decision's record: one device forgotten, one authenticator confirmed and used.
      const [first, ...rest] = largest.authenticators!;
      const next = largestRecord(userId, 2, {
        authenticators: [...rest, { ...first!, label: 'renamed', lastUsedStep: 70_000_000, driftSteps: -1 }],
        devices: largest.devices!.slice(1),
        updatedAt: largest.updatedAt + 1,
      });
      await write(store, 1, next, true);
      await write(store, 1, largestRecord(userId, 2), false);
      await stored(store, userId, next, 'after an update of the largest record');
      await write(store, 2, sparseRecord(userId, 3), true);
      await stored(
        store,
        userId,
        sparseRecord(userId, 3),
        'after the largest record shrank to a disabled one',
      );
    },
  },
  {
    name: 'a record with as many authenticators and devices as the options allow (100 of each) round-trips exactly',
    run: async ({ store }) => {
      const userId = uniqueUserId('most');
      const most = largestRecord(
        userId,
        1,
        {},
        { authenticators: POLICY_LIMITS['authenticators.max'][1], devices: POLICY_LIMITS['devices.max'][1] },
      );
      await write(store, 0, most, true);
      await stored(store, userId, most, 'after writing a record of 100 authenticators and 100 devices');
    },
  },
  {
    name: 'mutating a record after writing it or reading it does not change the stored one',
    run: async ({ store }) => {
      const record = sampleRecord(uniqueUserId('copy'));
      await write(store, 0, record, true);
      record.recoveryCodeHashes.pop();
      record.secret!.data = 'changed after the write';
      const read = await store.get(record.userId);
      check(read !== null, 'get returned null after a successful write');
      read.recoveryCodeHashes.length = 0;
      read.secret!.data = 'changed after the read';
      await stored(store, record.userId, sampleRecord(record.userId), 'after mutating the objects');
    },
  },
  {
    name: 'compareAndSet at expectedVersion 0 on an existing record returns false and writes nothing',
    run: async ({ store }) => {
      const first = sampleRecord(uniqueUserId('exists'));
      await write(store, 0, first, true);
      await write(store, 0, sampleRecord(first.userId, 1, { failedAttempts: 4 }), false);
      await stored(store, first.userId, first, 'after a refused second create');
    },
  },
  {
    name: 'compareAndSet at a stale or a future version returns false and writes nothing',
    run: async ({ store }) => {
      const userId = uniqueUserId('stale');
      await write(store, 0, sampleRecord(userId, 1), true);
      const second = sampleRecord(userId, 2, { lastUsedStep: 7 });
      await write(store, 5, sampleRecord(userId, 6), false);
      await write(store, 1, second, true);
      await write(store, 1, sampleRecord(userId, 2, { lastUsedStep: 8 }), false);
      await write(store, 0, sampleRecord(userId, 1), false);
      await stored(store, userId, second, 'after refused stale writes');
    },
  },
  {
    name: 'compareAndSet on an absent user at a non-zero version returns false and writes nothing',
    run: async ({ store }) => {
      const userId = uniqueUserId('absent-update');
      await write(store, 1, sampleRecord(userId, 2), false);
      await stored(store, userId, null, 'after a refused update of an absent user');
    },
  },
  {
    name: 'delete removes the record, deleting an absent one resolves, and the user starts again at 0',
    run: async ({ store }) => {
      const userId = uniqueUserId('delete');
      await write(store, 0, sampleRecord(userId), true);
      checkEqual(await store.delete(userId), undefined, 'delete');
      await stored(store, userId, null, 'after delete');
      checkEqual(await store.delete(userId), undefined, 'delete of an absent user');
      await write(store, 1, sampleRecord(userId, 2), false);
      await write(store, 0, sparseRecord(userId, 1), true);
      await stored(store, userId, sparseRecord(userId, 1), 'after creating the user again');
    },
  },
  {
    name: 'users are isolated: writes and deletes of one leave another untouched',
    run: async ({ store }) => {
      const [alice, bob] = [uniqueUserId('alice'), uniqueUserId('bob')];
      await write(store, 0, sampleRecord(alice, 1, { failedAttempts: 1 }), true);
      await write(store, 0, sparseRecord(bob, 1), true);
      // Alice's version says nothing about Bob's: his record is at 1 as well, yet creating it fails.
      await write(store, 0, sparseRecord(bob, 1), false);
      await write(store, 1, sparseRecord(alice, 2), true);
      await store.delete(alice);
      await stored(store, alice, null, 'of a deleted user');
      await stored(store, bob, sparseRecord(bob, 1), 'of another user after writes and a delete');
    },
  },
  {
    name: 'bad arguments are refused with MfaError INVALID_ARGUMENT, and nothing is written',
    run: async ({ store }) => {
      const userId = uniqueUserId('bad-arguments');
      const untyped = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const code = 'INVALID_ARGUMENT';
      await checkRejects(() => untyped['get']!(42), code, 'get(42)');
      await checkRejects(() => store.get(''), code, "get('')");
      await checkRejects(() => untyped['delete']!(null), code, 'delete(null)');
      await checkRejects(() => store.compareAndSet(userId, -1, sampleRecord(userId, 0)), code, 'version -1');
      await checkRejects(
        () => store.compareAndSet(userId, 1.5, sampleRecord(userId, 2.5)),
        code,
        'version 1.5',
      );
      await checkRejects(
        () => store.compareAndSet(userId, 1, sampleRecord(userId, 3)),
        code,
        'record.version other than expectedVersion + 1',
      );
      await checkRejects(
        () => store.compareAndSet(userId, 0, sampleRecord(userId, 0)),
        code,
        'a first version 0',
      );
      await checkRejects(
        () => store.compareAndSet(userId, 0, sampleRecord(`${userId}-someone-else`)),
        code,
        'a record of another user',
      );
      await checkRejects(() => untyped['compareAndSet']!(userId, 0, null), code, 'a null record');
      await stored(store, userId, null, 'after refused writes');
    },
  },
];
