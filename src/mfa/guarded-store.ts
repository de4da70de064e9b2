/**
 * The service's only way to the store: every call bounded by a timeout, every failure turned into
 * a typed MfaError (the original kept as `cause`), every record read checked for shape. A store
 * that misbehaves makes the operation fail closed; it never makes a decision.
 *
 * @module
 */
import { MfaError } from '../shared/index.js';
import { type MfaRecord, type MfaStore, RECORD_FORMAT } from './store.js';

const STATES = new Set(['disabled', 'pending', 'enabled']);

/** The store calls the service makes, guarded. */
export interface GuardedStore {
  get(userId: string): Promise<MfaRecord | null>;
  compareAndSet(userId: string, expectedVersion: number, record: MfaRecord): Promise<boolean>;
  delete(userId: string): Promise<void>;
}

/**
 * Wraps a store so that each call settles within `timeoutMs` and fails with a typed error.
 *
 * @param store - the application's store
 * @param timeoutMs - the bound on each call
 * @returns the guarded store
 * @throws {MfaError} INVALID_OPTION when `store` lacks one of the three methods
 */
export function guardStore(store: MfaStore, timeoutMs: number): GuardedStore {
  if (
    typeof store !== 'object' ||
    store === null ||
    typeof store.get !== 'function' ||
    typeof store.compareAndSet !== 'function' ||
    typeof store.delete !== 'function'
  ) {
    throw new MfaError('INVALID_OPTION', 'store must implement get, compareAndSet and delete');
  }
  return {
    async get(userId) {
      const record = await bounded(() => store.get(userId), 'get', timeoutMs);
      return checkRecord(record, userId);
    },
    async compareAndSet(userId, expectedVersion, record) {
      const written = await bounded(
        () => store.compareAndSet(userId, expectedVersion, record),
        'compareAndSet',
        timeoutMs,
      );
      if (typeof written !== 'boolean') {
        throw new MfaError('STORE_ERROR', 'The store returned a non-boolean from compareAndSet');
      }
      return written;
    },
    async delete(userId) {
      await bounded(() => store.delete(userId), 'delete', timeoutMs);
    },
  };
}

async function bounded<T>(call: () => Promise<T>, method: string, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new MfaError('STORE_TIMEOUT', `The store's ${method} did not settle within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    // The call runs inside the try so that a store throwing synchronously is caught like a rejection.
    return await Promise.race([Promise.resolve().then(call), timeout]);
  } catch (error) {
    if (error instanceof MfaError && error.code === 'STORE_TIMEOUT') throw error;
    throw new MfaError('STORE_ERROR', `The store's ${method} failed`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks that what the store returned is a record of this user in a format this release reads.
 * Only the fields the state machine relies on are checked: enough to fail closed, cheap enough for
 * every verify.
 */
function checkRecord(value: unknown, userId: string): MfaRecord | null {
  if (value === null || value === undefined) return null;
  const record = value as MfaRecord;
  if (
    typeof record !== 'object' ||
    record.userId !== userId ||
    !Number.isInteger(record.format) ||
    record.format < 1 ||
    record.format > RECORD_FORMAT ||
    !Number.isInteger(record.version) ||
    record.version < 1 ||
    !STATES.has(record.state) ||
    !Array.isArray(record.recoveryCodeHashes) ||
    !Number.isInteger(record.failedAttempts) ||
    (record.format < 3
      ? record.state !== 'disabled' && (typeof record.secret !== 'object' || record.secret === null)
      : record.secret !== null) ||
    !listOf(record.authenticators, isAuthenticator) ||
    !listOf(record.devices, isDevice) ||
    !listOf(record.spentRecoveryCodeHashes, (hash) => typeof hash === 'string')
  ) {
    throw new MfaError('CORRUPT_RECORD', 'The stored record is malformed or of an unknown format');
  }
  return record;
}

/** An absent list reads as empty; a present one must hold only well-formed items. */
function listOf<Item>(value: unknown, isItem: (item: Item) => boolean): boolean {
  if (value === undefined) return true;
  return Array.isArray(value) && value.every(isItem);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isTime(value: unknown): boolean {
  return Number.isSafeInteger(value);
}

function isTimeOrNull(value: unknown): boolean {
  return value === null || Number.isSafeInteger(value);
}

function isAuthenticator(a: unknown): boolean {
  return (
    isObject(a) &&
    typeof a['id'] === 'string' &&
    typeof a['label'] === 'string' &&
    (a['state'] === 'active' || a['state'] === 'pending') &&
    isObject(a['secret']) &&
    typeof a['secret']['data'] === 'string' &&
    isTime(a['createdAt']) &&
    isTimeOrNull(a['lastUsedAt']) &&
    isTimeOrNull(a['pendingExpiresAt']) &&
    isTimeOrNull(a['lastUsedStep']) &&
    Number.isSafeInteger(a['driftSteps'])
  );
}

function isDevice(d: unknown): boolean {
  return (
    isObject(d) &&
    typeof d['id'] === 'string' &&
    (d['label'] === null || typeof d['label'] === 'string') &&
    typeof d['tokenHash'] === 'string' &&
    (d['keyId'] === null || typeof d['keyId'] === 'string') &&
    isTime(d['createdAt']) &&
    isTime(d['expiresAt']) &&
    isTimeOrNull(d['lastUsedAt'])
  );
}
