/**
 * The actions of several authenticators and remembered devices racing each other through
 * `createMfa` on the store under test. Each race must end in a state that some serial order of
 * its calls explains: nothing confirmed is lost, a removed authenticator's codes are refused once
 * the removal is stored, a disabled account recognises no device. Every success is one write, so
 * the record's version also counts the successes: a success that was not stored shows up there.
 *
 * @module
 */
import type { Mfa, MfaStore } from '../../mfa/index.js';
import { createMfa } from '../../mfa/index.js';
import { totp } from '../../otp/index.js';
import { check, checkEqual } from './assert.js';
import { uniqueUserId } from './records.js';
import type { ConformanceTest } from './types.js';

/** How many times each race is run, each on fresh authenticators or devices. */
const ROUNDS = 3;
/** A fixed start time, so that codes are computed, not waited for. */
const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
/** One TOTP step. */
const STEP_MS = 30_000;
/** A test keyring; its key is a constant, fine for tests and nothing else. */
const TEST_KEYRING = { current: 'conformance', keys: { conformance: new Uint8Array(32).fill(5) } };

/** An enabled account on `store` with a settable clock. */
interface Account {
  mfa: Mfa;
  userId: string;
  /** The secret of the account's first authenticator (Base32). */
  secret: string;
  authenticatorId: string;
  recoveryCodes: string[];
  /** Moves the clock to `steps` whole steps after T0 and returns that time. */
  at(steps: number): number;
}

/** Enables MFA for a fresh user at T0. */
async function enabledAccount(store: MfaStore, label: string): Promise<Account> {
  const userId = uniqueUserId(label);
  let now = T0;
  const mfa = createMfa({ store, issuer: 'Conformance', keyring: TEST_KEYRING, clock: () => now });
  const { secret, authenticatorId } = await mfa.beginEnable(userId, { accountName: 'ada@example.com' });
  const confirmed = await mfa.confirmEnable(userId, totp(secret, { time: now }));
  if (!confirmed.ok) throw new Error(`confirmEnable refused the current code: ${confirmed.reason}`);
  const at = (steps: number) => {
    now = T0 + steps * STEP_MS;
    return now;
  };
  return { mfa, userId, secret, authenticatorId, recoveryCodes: confirmed.recoveryCodes, at };
}

/** Adds a pending authenticator, proven by a code of the account's first one at `time`. */
async function addPending(account: Account, label: string, time: number) {
  const started = await account.mfa.beginAddAuthenticator(account.userId, {
    label,
    code: totp(account.secret, { time }),
  });
  if (!started.ok) throw new Error(`beginAddAuthenticator refused a proof code: ${started.reason}`);
  return started;
}

/** The stored version of the account's record. */
async function versionOf(store: MfaStore, userId: string): Promise<number> {
  const record = await store.get(userId);
  check(record !== null, 'the record is gone');
  return record.version;
}

/**
 * Starts `others` and `first` together, `first` at a place that moves with the round (before all
 * of them, among them, after all of them), so that each round favours another order.
 */
async function raceAt<First, Other>(
  round: number,
  first: () => Promise<First>,
  others: (() => Promise<Other>)[],
): Promise<{ first: First; rest: Other[] }> {
  const place = Math.round((round * others.length) / Math.max(1, ROUNDS - 1));
  const before = others.slice(0, place).map((start) => start());
  const firstResult = first();
  const after = others.slice(place).map((start) => start());
  return { first: await firstResult, rest: await Promise.all([...before, ...after]) };
}

/** The race tests. */
export const SERVICE_RACE_TESTS: readonly ConformanceTest[] = [
  {
    name: 'two new authenticators confirmed in parallel both end active, round after round: none is lost',
    run: async ({ store }) => {
      const account = await enabledAccount(store, 'confirm-race');
      const { mfa, userId } = account;
      const confirmed: { authenticatorId: string; secret: string }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const first = await addPending(account, `first ${round}`, account.at(round * 4 + 1));
        const time = account.at(round * 4 + 2);
        const second = await addPending(account, `second ${round}`, time);
        const before = await versionOf(store, userId);
        const results = await Promise.all(
          [first, second].map(({ authenticatorId, secret }) =>
            mfa.confirmAuthenticator(userId, authenticatorId, totp(secret, { time })),
          ),
        );
        for (const [i, result] of results.entries()) {
          check(
            result.ok,
            `round ${round}: confirmation ${i + 1} of 2 was refused: ${result.ok || result.reason}`,
          );
        }
        checkEqual(
          await versionOf(store, userId),
          before + 2,
          `round ${round}: the version after two confirmations`,
        );
        confirmed.push(first, second);
        const active = (await mfa.listAuthenticators(userId)).filter(({ state }) => state === 'active');
        checkEqual(
          active.map(({ id }) => id),
          [account.authenticatorId, ...confirmed.map(({ authenticatorId }) => authenticatorId)],
          `round ${round}: the active authenticators, oldest first`,
        );
      }
      // Each kept its own secret: a code of each signs in, and the result names it.
      const later = account.at(ROUNDS * 4 + 1);
      for (const { authenticatorId, secret } of confirmed) {
        const verified = await mfa.verify(userId, totp(secret, { time: later }));
        check(
          verified.ok,
          `a code of a confirmed authenticator was refused: ${verified.ok || verified.reason}`,
        );
        checkEqual(verified.authenticatorId, authenticatorId, 'the authenticatorId of the verify');
      }
      checkEqual(
        (await mfa.status(userId)).activeAuthenticators,
        1 + confirmed.length,
        'activeAuthenticators',
      );
    },
  },
  {
    name: 'a removal racing verifies of the removed authenticator: at most one verify wins, and after it none',
    run: async ({ store }) => {
      const account = await enabledAccount(store, 'remove-race');
      const { mfa, userId } = account;
      for (let round = 0; round < ROUNDS; round++) {
        const start = round * 4 + 1;
        const added = await addPending(account, `to remove ${round}`, account.at(start));
        const confirmed = await mfa.confirmAuthenticator(
          userId,
          added.authenticatorId,
          totp(added.secret, { time: account.at(start) }),
        );
        check(
          confirmed.ok,
          `round ${round}: the confirmation was refused: ${confirmed.ok || confirmed.reason}`,
        );

        const time = account.at(start + 1);
        const removedCode = totp(added.secret, { time });
        const before = await versionOf(store, userId);
        const { first: removal, rest: verifies } = await raceAt(
          round,
          () => mfa.removeAuthenticator(userId, added.authenticatorId, totp(account.secret, { time })),
          [1, 2, 3].map(() => () => mfa.verify(userId, removedCode)),
        );
        check(removal.ok, `round ${round}: the removal was refused: ${removal.ok || removal.reason}`);
        const accepted = verifies.filter((result) => result.ok);
        const reasons = verifies.flatMap((result) => (result.ok ? [] : [result.reason]));
        check(accepted.length <= 1, `round ${round}: ${accepted.length} verifies of one code accepted`);
        for (const result of accepted) {
          checkEqual(result.authenticatorId, added.authenticatorId, `round ${round}: the authenticatorId`);
        }
        // Serially: before the removal one verify wins and later ones are replays; after it, invalid.
        for (const reason of reasons) {
          const explained = reason === 'invalid' || (reason === 'replayed' && accepted.length === 1);
          check(explained, `round ${round}: a verify refused as '${reason}' (${accepted.length} accepted)`);
        }
        const writes = 1 + accepted.length + reasons.filter((reason) => reason === 'invalid').length;
        checkEqual(
          await versionOf(store, userId),
          before + writes,
          `round ${round}: the version after the race`,
        );

        const later = account.at(start + 2);
        const refused = await mfa.verify(userId, totp(added.secret, { time: later }));
        checkEqual(
          refused.ok ? 'accepted' : refused.reason,
          'invalid',
          `round ${round}: a later code of the removed one`,
        );
        const kept = await mfa.verify(userId, totp(account.secret, { time: later }));
        check(kept.ok, `round ${round}: the remaining authenticator was refused: ${kept.ok || kept.reason}`);
        const ids = (await mfa.listAuthenticators(userId)).map(({ id }) => id);
        checkEqual(ids, [account.authenticatorId], `round ${round}: the authenticators after the removal`);
      }
    },
  },
  {
    name: 'device checks racing disable: each is accepted before it or refused after it, and none after',
    run: async ({ store }) => {
      for (let round = 0; round < ROUNDS; round++) {
        const account = await enabledAccount(store, 'device-race');
        const { mfa, userId } = account;
        const tokens: string[] = [];
        for (let i = 1; i <= 3; i++) {
          const verified = await mfa.verify(userId, totp(account.secret, { time: account.at(i) }), {
            rememberDevice: { label: `device ${i}` },
          });
          check(
            verified.ok && verified.deviceToken !== undefined,
            `round ${round}: no device was remembered`,
          );
          tokens.push(verified.deviceToken);
        }
        const before = await versionOf(store, userId);
        const { first: disabled, rest: checks } = await raceAt(
          round,
          () => mfa.disable(userId, totp(account.secret, { time: account.at(4) })),
          [...tokens, ...tokens].map((token) => () => mfa.checkDevice(userId, token)),
        );
        check(disabled.ok, `round ${round}: disable was refused: ${disabled.ok || disabled.reason}`);
        const accepted = checks.filter((result) => result.ok).length;
        for (const result of checks) {
          const outcome = result.ok ? 'ok' : result.reason;
          check(
            outcome === 'ok' || outcome === 'not_enabled',
            `round ${round}: a device check ended '${outcome}'`,
          );
        }
        // Every accepted check wrote the device's lastUsedAt before disable was stored.
        checkEqual(
          await versionOf(store, userId),
          before + 1 + accepted,
          `round ${round}: the version after the race`,
        );

        for (const token of tokens) {
          const after = await mfa.checkDevice(userId, token);
          checkEqual(
            after.ok ? 'ok' : after.reason,
            'not_enabled',
            `round ${round}: a device check after disable`,
          );
        }
        checkEqual(await mfa.listDevices(userId), [], `round ${round}: the devices after disable`);
        const record = await store.get(userId);
        checkEqual(record?.devices ?? [], [], `round ${round}: the stored devices after disable`);
        checkEqual(record?.state, 'disabled', `round ${round}: the stored state`);
      }
    },
  },
];
