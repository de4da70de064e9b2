// The actions of several authenticators and remembered devices racing across processes, for
// test/stores/multiprocess.test.ts: the parent sets the account up through its own service, the
// worker processes run the racing calls through theirs, on the same table or key prefix. Each race
// must end in a state that some serial order explains; since every success is one write and
// the refusals here ('invalid' aside) write nothing, the record's version counts the successes.
import type { ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { createMfa, type Mfa, totp } from '../../../src/index.js';
import type { MfaStore } from '../../../src/mfa/store.js';
import type { Backend, CallOutcome, CallsRequest, ServiceCall } from './worker.js';

const T0 = Date.UTC(2030, 0, 1);
const STEP_MS = 30_000;

/** What a race needs from the test file: the parent's store, the workers and the shared key. */
export interface RaceContext {
  backend: Backend;
  store: MfaStore;
  workers: ChildProcess[];
  keyHex: string;
}

/** Sends one request of calls to a worker and waits for its outcomes. */
function call(child: ChildProcess, request: Omit<CallsRequest, 'kind'>): Promise<CallOutcome[]> {
  return new Promise((resolve) => {
    child.once('message', (outcomes) => resolve(outcomes as CallOutcome[]));
    child.send({ kind: 'calls', ...request } satisfies CallsRequest);
  });
}

/** Each call's result; fails on any thrown error (a store error, a conflict). */
function results(outcomes: CallOutcome[][]): ({ ok: boolean; reason?: string } & Record<string, unknown>)[] {
  const flat = outcomes.flat();
  expect(flat.flatMap((outcome) => ('error' in outcome ? [outcome.error] : []))).toEqual([]);
  return flat.map((outcome) => ('result' in outcome ? outcome.result : { ok: false }));
}

/** An enabled account through the parent's service, with a clock the race moves. */
async function enabledAccount({ backend, store, keyHex }: RaceContext, label: string) {
  let now = T0;
  const mfa: Mfa = createMfa({
    store,
    issuer: 'mfakit-multiprocess',
    clock: () => now,
    keyring: { current: 'k1', keys: { k1: Uint8Array.from(Buffer.from(keyHex, 'hex')) } },
  });
  const userId = `${label}-${backend}-${Date.now().toString(36)}`;
  const { secret, authenticatorId } = await mfa.beginEnable(userId, { accountName: 'alice@example.com' });
  expect(await mfa.confirmEnable(userId, totp(secret, { time: now }))).toMatchObject({ ok: true });
  const at = (steps: number) => {
    now = T0 + steps * STEP_MS;
    return now;
  };
  const version = async () => (await store.get(userId))!.version;
  return { mfa, userId, secret, authenticatorId, at, version };
}

/** The cross-process races, each a test of its own for every backend. */
export const RACES: { name: string; run: (context: RaceContext) => Promise<void> }[] = [
  {
    name: 'six new authenticators confirmed from six processes, each three times: all end active, once each',
    run: async (context) => {
      const { mfa, userId, secret, authenticatorId, at, version } = await enabledAccount(context, 'confirm');
      const added: { authenticatorId: string; secret: string }[] = [];
      for (let i = 1; i <= context.workers.length; i++) {
        const started = await mfa.beginAddAuthenticator(userId, {
          label: `phone ${i}`,
          code: totp(secret, { time: at(i) }),
        });
        if (!started.ok) throw new Error(`beginAddAuthenticator refused: ${started.reason}`);
        added.push(started);
      }
      const now = at(context.workers.length + 1);
      const confirm = (i: number): ServiceCall => {
        const target = added[i % added.length]!;
        return {
          method: 'confirmAuthenticator',
          args: [target.authenticatorId, totp(target.secret, { time: now })],
        };
      };
      const before = await version();
      // Worker i confirms authenticator i twice and authenticator i + 1 once.
      const outcomes = results(
        await Promise.all(
          context.workers.map((child, i) =>
            call(child, {
              backend: context.backend,
              userId,
              now,
              calls: [confirm(i), confirm(i + 1), confirm(i)],
            }),
          ),
        ),
      );
      const accepted = outcomes.filter(({ ok }) => ok).map((result) => result['authenticatorId']);
      expect([...accepted].sort()).toEqual(added.map(({ authenticatorId: id }) => id).sort());
      for (const { ok, reason } of outcomes) if (!ok) expect(['not_pending', 'replayed']).toContain(reason);
      expect(await version()).toBe(before + added.length);
      const active = (await mfa.listAuthenticators(userId)).filter(({ state }) => state === 'active');
      expect(active.map(({ id }) => id)).toEqual([
        authenticatorId,
        ...added.map(({ authenticatorId: id }) => id),
      ]);
    },
  },
  {
    name: 'a removal in one process racing verifies of the removed authenticator in four others: at most one wins',
    run: async (context) => {
      const { mfa, userId, secret, authenticatorId, at, version } = await enabledAccount(context, 'remove');
      const added = await mfa.beginAddAuthenticator(userId, {
        label: 'old phone',
        code: totp(secret, { time: at(1) }),
      });
      if (!added.ok) throw new Error(`beginAddAuthenticator refused: ${added.reason}`);
      const confirmed = await mfa.confirmAuthenticator(
        userId,
        added.authenticatorId,
        totp(added.secret, { time: at(1) }),
      );
      expect(confirmed).toMatchObject({ ok: true });

      const now = at(2);
      const removedCode = totp(added.secret, { time: now });
      const before = await version();
      // Four verifiers at most: a fifth wrong code in a row would lock the account.
      const [remover, ...verifiers] = context.workers.slice(0, 5);
      const [removal, ...verifies] = results(
        await Promise.all([
          call(remover!, {
            backend: context.backend,
            userId,
            now,
            calls: [
              { method: 'removeAuthenticator', args: [added.authenticatorId, totp(secret, { time: now })] },
            ],
          }),
          ...verifiers.map((child) =>
            call(child, {
              backend: context.backend,
              userId,
              now,
              calls: [{ method: 'verify', args: [removedCode] }],
            }),
          ),
        ]),
      );
      expect(removal).toMatchObject({ ok: true, method: 'totp' });
      const accepted = verifies.filter(({ ok }) => ok);
      expect(accepted.length).toBeLessThanOrEqual(1);
      for (const result of accepted) expect(result['authenticatorId']).toBe(added.authenticatorId);
      const invalid = verifies.filter(({ reason }) => reason === 'invalid').length;
      const replayed = verifies.filter(({ reason }) => reason === 'replayed').length;
      expect(invalid + replayed + accepted.length).toBe(verifies.length);
      if (accepted.length === 0) expect(replayed).toBe(0);
      expect(await version()).toBe(before + 1 + accepted.length + invalid);

      // After the removal: the remaining one signs in, the removed one's codes are wrong.
      const later = at(3);
      expect(await mfa.verify(userId, totp(secret, { time: later }))).toMatchObject({
        ok: true,
        authenticatorId,
      });
      expect(await mfa.verify(userId, totp(added.secret, { time: later }))).toMatchObject({
        ok: false,
        reason: 'invalid',
      });
      expect((await mfa.listAuthenticators(userId)).map(({ id }) => id)).toEqual([authenticatorId]);
    },
  },
  {
    name: 'device checks in five processes racing a disable in another: accepted before it, refused after it',
    run: async (context) => {
      const { mfa, userId, secret, at, version } = await enabledAccount(context, 'devices');
      const tokens: string[] = [];
      for (let i = 1; i <= 2; i++) {
        const verified = await mfa.verify(userId, totp(secret, { time: at(i) }), {
          rememberDevice: { label: `browser ${i}` },
        });
        if (!verified.ok || verified.deviceToken === undefined) throw new Error('no device remembered');
        tokens.push(verified.deviceToken);
      }
      const now = at(3);
      const before = await version();
      const [disabler, ...checkers] = context.workers;
      const [disabled, ...checks] = results(
        await Promise.all([
          call(disabler!, {
            backend: context.backend,
            userId,
            now,
            calls: [{ method: 'disable', args: [totp(secret, { time: now })] }],
          }),
          ...checkers.map((child) =>
            call(child, {
              backend: context.backend,
              userId,
              now,
              calls: tokens.map((token) => ({ method: 'checkDevice', args: [token] })),
            }),
          ),
        ]),
      );
      expect(disabled).toMatchObject({ ok: true });
      const accepted = checks.filter(({ ok }) => ok).length;
      for (const { ok, reason } of checks) if (!ok) expect(reason).toBe('not_enabled');
      expect(await version()).toBe(before + 1 + accepted);
      for (const token of tokens) {
        expect(await mfa.checkDevice(userId, token)).toEqual({ ok: false, reason: 'not_enabled' });
      }
      expect(await mfa.listDevices(userId)).toEqual([]);
      expect((await context.store.get(userId))?.devices).toEqual([]);
    },
  },
];
