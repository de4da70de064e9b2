/**
 * The store conformance suite: what every {@link MfaStore} must do, registered with whichever
 * test framework runs it. The checks themselves are plain async functions that throw plain
 * Errors (see contract.ts, concurrency.ts, raw-storage.ts); this module only hands them to the
 * framework's `describe` and `it`.
 *
 * @module
 */
import type { MfaStore } from '../../mfa/index.js';
import { MfaError } from '../../shared/index.js';
import { CONCURRENCY_TESTS } from './concurrency.js';
import { CONTRACT_TESTS } from './contract.js';
import { RAW_STORAGE_TESTS } from './raw-storage.js';
import { SERVICE_RACE_TESTS } from './service-races.js';
import type { ConformanceRunner, ConformanceTest, StoreHarness } from './types.js';

/** Every test of the suite, in the order they are registered. */
export const CONFORMANCE_TESTS: readonly ConformanceTest[] = [
  ...CONTRACT_TESTS,
  ...CONCURRENCY_TESTS,
  ...SERVICE_RACE_TESTS,
  ...RAW_STORAGE_TESTS,
];

const NO_RUNNER =
  'describeStoreConformance: no test runner: pass { describe, it } of your test framework ' +
  '(vitest, jest, node:test…) as the third argument, or enable its globals';

/** The runner the caller passed, or the framework's globals (jest, vitest with globals, mocha). */
function resolveRunner(runner: ConformanceRunner | undefined): ConformanceRunner {
  const candidate = (runner ?? globalThis) as { describe?: unknown; it?: unknown };
  if (typeof candidate.describe !== 'function' || typeof candidate.it !== 'function') {
    throw new MfaError(
      'INVALID_ARGUMENT',
      runner === undefined
        ? NO_RUNNER
        : 'describeStoreConformance: runner must have describe and it functions',
    );
  }
  return candidate as ConformanceRunner;
}

/** Fails unless setup gave a harness with a store of the three contract methods. */
function checkHarness(harness: unknown): asserts harness is StoreHarness {
  const store = (harness as { store?: Partial<Record<keyof MfaStore, unknown>> } | null)?.store;
  if (
    typeof store?.get !== 'function' ||
    typeof store.compareAndSet !== 'function' ||
    typeof store.delete !== 'function'
  ) {
    throw new Error('describeStoreConformance: setup must resolve to { store, readRaw?, teardown? }');
  }
}

/** Runs one test on a fresh harness and tears it down; a teardown error never hides a test error. */
async function runOnFreshHarness(setup: () => Promise<StoreHarness>, test: ConformanceTest): Promise<void> {
  const harness: unknown = await setup();
  checkHarness(harness);
  try {
    await test.run(harness);
  } catch (error) {
    await Promise.resolve()
      .then(() => harness.teardown?.())
      .catch(() => {});
    throw error;
  }
  await harness.teardown?.();
}

/**
 * Registers the conformance tests of one store with a test framework: the contract method by
 * method, exact round trips (the largest record included), typed errors for bad arguments, the
 * compare-and-set under 100 concurrent writers, single use through `createMfa`, the actions of
 * several authenticators and remembered devices racing each other, and what the database really
 * holds (no secret, device token or recovery code). Call it
 * at the top level of a test file (or inside a `describe`). `setup` runs before each test and
 * `teardown` after it, so the runner needs no hooks.
 *
 * @param name - the store's name, shown in the test titles
 * @param setup - gives a ready store and, for a persistent store, `readRaw`; called for each test
 * @param runner - `{ describe, it }` of the framework; defaults to the global `describe` and `it`
 *   (jest, vitest with `globals: true`, mocha)
 * @returns nothing: the tests are registered with the runner
 * @throws MfaError INVALID_ARGUMENT when no runner is given and there are no globals, or when an
 *   argument is of the wrong type
 * @example
 * ```ts
 * import { memoryStore } from 'mfakit/stores/memory';
 * import { describeStoreConformance } from 'mfakit/testing';
 * import { describe, it } from 'vitest';
 *
 * describeStoreConformance('memoryStore', async () => ({ store: memoryStore() }), { describe, it });
 * ```
 */
export function describeStoreConformance(
  name: string,
  setup: () => Promise<StoreHarness>,
  runner?: ConformanceRunner,
): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new MfaError('INVALID_ARGUMENT', 'describeStoreConformance: name must be a non-empty string');
  }
  if (typeof setup !== 'function') {
    throw new MfaError('INVALID_ARGUMENT', 'describeStoreConformance: setup must be a function');
  }
  const { describe, it } = resolveRunner(runner);
  describe(`${name} conformance`, () => {
    for (const test of CONFORMANCE_TESTS) it(test.name, () => runOnFreshHarness(setup, test));
  });
}
