/**
 * `mfakit/stores/memory`: the in-process store, the embedded default for development, tests and
 * single-process apps that accept losing MFA state on restart.
 *
 * @module
 */
import type { MfaRecord, MfaStore } from '../mfa/index.js';
import { checkUserId } from '../shared/index.js';
import { checkCompareAndSet } from './internal/checks.js';

const STORE = 'memoryStore';

/**
 * Creates an empty in-memory store.
 *
 * Records are deep-copied on the way in and out, so neither the service nor the application can
 * change a stored record by mutating an object it holds. `compareAndSet` checks and writes in one
 * synchronous step (nothing can interleave on a single JavaScript thread), which makes it atomic
 * within the process. It is not shared across processes: use a persistent store for that.
 *
 * @returns a store implementing {@link MfaStore}
 * @example
 * ```ts
 * import { createMfa } from 'mfakit';
 * import { memoryStore } from 'mfakit/stores/memory';
 *
 * const keyring = { current: 'k1', keys: { k1: crypto.getRandomValues(new Uint8Array(32)) } };
 * const mfa = createMfa({ store: memoryStore(), issuer: 'Acme', keyring });
 * ```
 */
export function memoryStore(): MfaStore {
  const records = new Map<string, MfaRecord>();
  return {
    async get(userId) {
      checkUserId(userId);
      const record = records.get(userId);
      return record === undefined ? null : copyData(record);
    },
    async compareAndSet(userId, expectedVersion, record) {
      // Contract checks as in the persistent stores, so that a misuse fails here as it would there.
      checkCompareAndSet(userId, expectedVersion, record, STORE);
      const storedVersion = records.get(userId)?.version ?? 0;
      if (storedVersion !== expectedVersion) return false;
      records.set(userId, copyData(record));
      return true;
    },
    async delete(userId) {
      checkUserId(userId);
      records.delete(userId);
    },
  };
}

/**
 * A deep copy of a record. Records are plain data (what the persistent stores write as JSON), and
 * copying plain objects and arrays with spreads and slices costs a small fraction of
 * `structuredClone`, which a verify would otherwise pay twice. Anything else (a Date, a typed
 * array) goes through `structuredClone`, so such a value comes back as that would return it.
 */
function copyData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    // slice keeps holes, as structuredClone does; only nested objects need copying in turn.
    const copy = value.slice();
    for (let i = 0; i < copy.length; i++) {
      if (typeof copy[i] === 'object' && copy[i] !== null) copy[i] = copyData(copy[i]);
    }
    return copy as T;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  // A spread defines the own fields (an own "__proto__" key stays a field; no setter runs).
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key in copy) {
    const field = copy[key];
    if (typeof field === 'object' && field !== null && Object.hasOwn(copy, key)) copy[key] = copyData(field);
  }
  return copy as T;
}
