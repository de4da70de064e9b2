/**
 * The shapes the conformance suite takes: the harness a store's test gives it, and the runner
 * that registers its tests.
 *
 * @module
 */
import type { MfaStore } from '../../mfa/index.js';

/** What a store's test gives the suite, created afresh for each test. */
export interface StoreHarness {
  /** A ready store (migrated, connected). */
  store: MfaStore;
  /**
   * Everything stored for one user, as text, read with the database's own query (`SELECT *`,
   * `HGETALL`…), not through the store. When given, the suite checks what was really written and
   * that it holds neither a secret nor a recovery code; without it, those checks read through
   * `store.get`. Give it for every persistent store.
   */
  readRaw?: (userId: string) => Promise<string>;
  /** Closes what the setup opened; called after each test, also when the test failed. */
  teardown?: () => Promise<void>;
}

/**
 * The two functions of a test framework the suite registers its tests with: `describe` and `it`
 * from vitest, jest (`@jest/globals` or its globals), node:test, mocha, `bun:test`… Each test
 * sets up and tears down its own harness, so no hooks are needed.
 */
export interface ConformanceRunner {
  /** Groups tests under a name; `body` registers them synchronously. */
  describe(name: string, body: () => void): unknown;
  /** Registers one test; `test` resolves when it passes and rejects when it fails. */
  it(name: string, test: () => Promise<void>): unknown;
}

/** One check of the suite, independent of any runner. */
export interface ConformanceTest {
  /** The test's title: the property it proves. */
  readonly name: string;
  /** Runs the check on a fresh harness; rejects with a plain Error saying what was wrong. */
  readonly run: (harness: StoreHarness) => Promise<void>;
}
