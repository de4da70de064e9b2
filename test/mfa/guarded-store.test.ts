// The guard around every store call: a call that does not settle in time fails with STORE_TIMEOUT
// whatever the store does later, a failing store gives STORE_ERROR with its error as the cause, and
// a settled call leaves no timer behind. Timers are vitest's fake ones: nothing here waits.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { guardStore } from '../../src/mfa/guarded-store.js';
import { type MfaRecord, type MfaStore, RECORD_FORMAT } from '../../src/mfa/store.js';
import { MfaError } from '../../src/shared/index.js';
import { memoryStore } from '../../src/stores/memory.js';

const TIMEOUT_MS = 1000;

const record: MfaRecord = {
  format: RECORD_FORMAT,
  userId: 'u1',
  version: 1,
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

/** A store whose `get` is what the test says, the rest the memory store's. */
function storeWithGet(get: MfaStore['get']): MfaStore {
  return { ...memoryStore(), get };
}

/** Settles `promise` into a tagged outcome, so that a test can look at it without awaiting. */
function watch<T>(promise: Promise<T>) {
  const outcome: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => Object.assign(outcome, { value, settled: true }),
    (error: unknown) => Object.assign(outcome, { error, settled: true }),
  );
  return outcome;
}

function codeOf(error: unknown): string | undefined {
  return error instanceof MfaError ? error.code : undefined;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('guardStore', () => {
  it('a call that never settles fails with STORE_TIMEOUT when its time is up, not before', async () => {
    const guarded = guardStore(
      storeWithGet(() => new Promise(() => {})),
      TIMEOUT_MS,
    );
    const outcome = watch(guarded.get('u1'));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    expect(outcome.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(codeOf(outcome.error)).toBe('STORE_TIMEOUT');
  });

  it('a late answer after the timeout changes nothing: neither a record nor a late failure', async () => {
    let answer!: (value: MfaRecord) => void;
    let refuse!: (error: Error) => void;
    const late = guardStore(
      storeWithGet(() => new Promise((resolve) => (answer = resolve))),
      TIMEOUT_MS,
    );
    const lateFailure = guardStore(
      storeWithGet(() => new Promise((_, reject) => (refuse = reject))),
      TIMEOUT_MS,
    );
    const first = watch(late.get('u1'));
    const second = watch(lateFailure.get('u1'));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    answer(record);
    refuse(new Error('too late'));
    await vi.advanceTimersByTimeAsync(0);
    expect(codeOf(first.error)).toBe('STORE_TIMEOUT');
    expect(first.value).toBeUndefined();
    expect(codeOf(second.error)).toBe('STORE_TIMEOUT');
  });

  it('a store that throws synchronously or rejects gives STORE_ERROR with the cause kept', async () => {
    const failure = new Error('connection refused');
    const throwing = guardStore(
      storeWithGet(() => {
        throw failure;
      }),
      TIMEOUT_MS,
    );
    const rejecting = guardStore(
      storeWithGet(() => Promise.reject(failure)),
      TIMEOUT_MS,
    );
    for (const guarded of [throwing, rejecting]) {
      const error = await guarded.get('u1').catch((caught: unknown) => caught);
      expect(codeOf(error)).toBe('STORE_ERROR');
      expect((error as MfaError).cause).toBe(failure);
    }
  });

  it('a settled call, whatever its outcome, leaves no timer armed', async () => {
    const guarded = guardStore(memoryStore(), TIMEOUT_MS);
    await guarded.get('u1');
    await guarded.compareAndSet('u1', 0, record);
    await guarded.compareAndSet('u1', 0, record);
    await guarded.delete('u1');
    const failing = guardStore(
      storeWithGet(() => Promise.reject(new Error('down'))),
      TIMEOUT_MS,
    );
    await failing.get('u1').catch(() => {});
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a store answering with a plain value instead of a promise is read like any other', async () => {
    const guarded = guardStore(storeWithGet((() => record) as unknown as MfaStore['get']), TIMEOUT_MS);
    expect(await guarded.get('u1')).toStrictEqual(record);
  });
});
