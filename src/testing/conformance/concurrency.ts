/**
 * The atomic primitive under load: of 100 concurrent compareAndSet calls with one expected
 * version exactly one wins, and through `createMfa` a code is accepted once however many
 * requests race with it.
 *
 * @module
 */

import type { MfaStore } from '../../mfa/index.js';
import { createMfa } from '../../mfa/index.js';
import { totp } from '../../otp/index.js';
import { check, checkEqual } from './assert.js';
import { sampleRecord, sparseRecord, uniqueUserId } from './records.js';
import type { ConformanceTest } from './types.js';

/** How many writers race in the compare-and-set tests. */
const WRITERS = 100;
/** How many verifies of one code race through the service. */
const VERIFIERS = 40;

/** A fixed clock for the service tests, so that codes are computed, not waited for. */
const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
/** A test keyring; its key is a constant, fine for tests and nothing else. */
const TEST_KEYRING = { current: 'conformance', keys: { conformance: new Uint8Array(32).fill(7) } };

/** Races WRITERS distinct records at `expectedVersion`; fails unless exactly one won and is stored. */
async function race(store: MfaStore, userId: string, expectedVersion: number): Promise<void> {
  const candidates = Array.from({ length: WRITERS }, (_, i) =>
    sampleRecord(userId, expectedVersion + 1, { failedAttempts: i, lastUsedStep: 1000 + i }),
  );
  const outcomes = await Promise.all(
    candidates.map((record) => store.compareAndSet(userId, expectedVersion, record)),
  );
  const winners = outcomes.flatMap((won, i) => (won === true ? [i] : []));
  check(
    winners.length === 1,
    `${WRITERS} concurrent compareAndSet calls at expectedVersion ${expectedVersion}: ${winners.length} returned true, expected exactly 1`,
  );
  checkEqual(await store.get(userId), candidates[winners[0]!], 'get after the race (the winner)');
}

/** The concurrency tests. */
export const CONCURRENCY_TESTS: readonly ConformanceTest[] = [
  {
    name: `of ${WRITERS} concurrent creators (expectedVersion 0) exactly one wins, and its record is stored`,
    run: async ({ store }) => race(store, uniqueUserId('race-create'), 0),
  },
  {
    name: `of ${WRITERS} concurrent writers at one version exactly one wins, and its record is stored`,
    run: async ({ store }) => {
      const userId = uniqueUserId('race-update');
      checkEqual(await store.compareAndSet(userId, 0, sparseRecord(userId, 1)), true, 'the first write');
      await race(store, userId, 1);
    },
  },
  {
    name: `through createMfa, ${VERIFIERS} parallel verifies of one fresh code yield exactly one ok`,
    run: async ({ store }) => {
      const userId = uniqueUserId('single-use');
      let now = T0;
      const mfa = createMfa({ store, issuer: 'Conformance', keyring: TEST_KEYRING, clock: () => now });
      const { secret } = await mfa.beginEnable(userId);
      const confirmed = await mfa.confirmEnable(userId, totp(secret, { time: now }));
      check(confirmed.ok, `confirmEnable refused the current code: ${confirmed.ok || confirmed.reason}`);
      now += 30_000;
      const code = totp(secret, { time: now });
      const results = await Promise.all(Array.from({ length: VERIFIERS }, () => mfa.verify(userId, code)));
      const accepted = results.filter((result) => result.ok).length;
      const replayed = results.filter((result) => !result.ok && result.reason === 'replayed').length;
      check(accepted === 1, `${VERIFIERS} parallel verifies of one code: ${accepted} accepted, expected 1`);
      check(replayed === VERIFIERS - 1, `${replayed} refused as replayed, expected ${VERIFIERS - 1}`);
      checkEqual(await mfa.verify(userId, code), { ok: false, reason: 'replayed' }, 'a later verify');
    },
  },
];
