// Faults: a store that throws, rejects, hangs, or writes and then fails, at each call of each
// operation in turn. The operation fails with a typed error, accepts nothing, and once the store
// recovers the account is whole.
import { describe, expect, it } from 'vitest';
import type { MfaRecord, MfaStore } from '../../src/mfa/store.js';
import { MfaError } from '../../src/shared/index.js';
import { memoryStore } from '../../src/stores/memory.js';
import { type Enrolled, enabled, type Fixture, newUser, pending, setup, wrongCode } from './helpers.js';

type Mode = 'throw' | 'reject' | 'hang' | 'write-then-throw';

function faultyStore() {
  const inner = memoryStore();
  let calls = 0;
  let armed: { at: number; mode: Mode } | null = null;
  const wrap =
    <K extends keyof MfaStore>(method: K) =>
    (...args: Parameters<MfaStore[K]>): ReturnType<MfaStore[K]> => {
      const call = calls++;
      const run = () => (inner[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      if (armed?.at === call) {
        const failure = new Error(`injected ${armed.mode} at ${method}`);
        switch (armed.mode) {
          case 'throw':
            throw failure;
          case 'reject':
            return Promise.reject(failure) as ReturnType<MfaStore[K]>;
          case 'hang':
            return new Promise(() => {}) as ReturnType<MfaStore[K]>;
          case 'write-then-throw':
            return run().then(() => Promise.reject(failure)) as ReturnType<MfaStore[K]>;
        }
      }
      return run() as ReturnType<MfaStore[K]>;
    };
  const store: MfaStore = { get: wrap('get'), compareAndSet: wrap('compareAndSet'), delete: wrap('delete') };
  return {
    store,
    inner,
    /** Starts counting calls from 0 and fails the `at`-th one (or none). */
    arm(at: number | null, mode: Mode = 'throw') {
      calls = 0;
      armed = at === null ? null : { at, mode };
    },
    calls: () => calls,
  };
}

type Faulty = ReturnType<typeof faultyStore>;

interface Operation {
  state: 'disabled' | 'pending' | 'enabled';
  /** Runs the operation; `account` holds what the state setup produced. */
  run(f: Fixture, userId: string, account: Partial<Enrolled> & { secret?: string }): Promise<unknown>;
}

const OPERATIONS: Record<string, Operation> = {
  'verify (right code)': { state: 'enabled', run: (f, u, a) => f.mfa.verify(u, f.code(a.secret!)) },
  'verify (wrong code)': { state: 'enabled', run: (f, u, a) => f.mfa.verify(u, wrongCode(f, a.secret!)) },
  confirmEnable: { state: 'pending', run: (f, u, a) => f.mfa.confirmEnable(u, f.code(a.secret!)) },
  'disable (totp)': { state: 'enabled', run: (f, u, a) => f.mfa.disable(u, f.code(a.secret!)) },
  useRecoveryCode: { state: 'enabled', run: (f, u, a) => f.mfa.useRecoveryCode(u, a.recoveryCodes![0]!) },
  regenerateRecoveryCodes: {
    state: 'enabled',
    run: (f, u, a) => f.mfa.regenerateRecoveryCodes(u, f.code(a.secret!)),
  },
  beginEnable: { state: 'disabled', run: (f, u) => f.mfa.beginEnable(u) },
  cancelEnable: { state: 'pending', run: (f, u) => f.mfa.cancelEnable(u) },
  reset: { state: 'enabled', run: (f, u) => f.mfa.reset(u) },
  status: { state: 'enabled', run: (f, u) => f.mfa.status(u) },
  deleteUser: { state: 'enabled', run: (f, u) => f.mfa.deleteUser(u) },
};

async function prepare(name: string) {
  const faulty = faultyStore();
  const f = setup({ store: faulty.store, storeTimeoutMs: 25 });
  const userId = newUser('fault');
  const op = OPERATIONS[name]!;
  let account: Partial<Enrolled> & { secret?: string } = {};
  if (op.state === 'pending') account = { secret: await pending(f, userId) };
  if (op.state === 'enabled') account = await enabled(f, userId);
  return { faulty, f, userId, op, account };
}

async function callsOf(name: string): Promise<number> {
  const { faulty, f, userId, op, account } = await prepare(name);
  faulty.arm(null);
  await op.run(f, userId, account);
  return faulty.calls();
}

const MODES: Mode[] = ['throw', 'reject', 'hang', 'write-then-throw'];

// How many store calls each operation makes when nothing fails; the first test below checks it.
// A fixed table, not one counted while the tests are collected: code run at collection time runs
// outside any test, and Stryker would then run every test against each mutant it reaches
// (`npm run test:mutation`).
const STORE_CALLS: Record<string, number> = {
  'verify (right code)': 2,
  'verify (wrong code)': 2,
  confirmEnable: 2,
  'disable (totp)': 2,
  useRecoveryCode: 2,
  regenerateRecoveryCodes: 2,
  beginEnable: 2,
  cancelEnable: 2,
  reset: 2,
  status: 1,
  deleteUser: 1,
};

const cases: [string, number, Mode][] = Object.entries(STORE_CALLS).flatMap(([name, calls]) =>
  Array.from({ length: calls }, (_, at) =>
    MODES.map((mode): [string, number, Mode] => [name, at, mode]),
  ).flat(),
);

describe('store faults', () => {
  it('each operation makes the store calls the fault table below assumes, so every call is failed once', async () => {
    for (const name of Object.keys(OPERATIONS)) {
      expect({ name, calls: await callsOf(name) }).toEqual({ name, calls: STORE_CALLS[name] });
    }
  });

  it.each(cases)(
    '%s, store call #%i fails by %s: typed error, nothing accepted, account whole after',
    async (name, at, mode) => {
      const { faulty, f, userId, op, account } = await prepare(name);
      const before = await faulty.inner.get(userId);
      faulty.arm(at, mode);
      const error = await op.run(f, userId, account).then(
        (result) => result,
        (caught: unknown) => caught,
      );
      faulty.arm(null);
      expect(error).toBeInstanceOf(MfaError);
      expect((error as MfaError).code).toBe(mode === 'hang' ? 'STORE_TIMEOUT' : 'STORE_ERROR');
      if (mode !== 'hang') expect((error as MfaError).cause).toBeInstanceOf(Error);

      const after = await faulty.inner.get(userId);
      if (mode !== 'write-then-throw') expect(after).toStrictEqual(before);
      await expectWhole(f, faulty, userId, before, after, account);
    },
  );
});

/** After recovery: the stored record is one the machine could have written, and the account works. */
async function expectWhole(
  f: Fixture,
  faulty: Faulty,
  userId: string,
  before: MfaRecord | null,
  after: MfaRecord | null,
  account: Partial<Enrolled> & { secret?: string },
): Promise<void> {
  const status = await f.mfa.status(userId);
  if (after?.version === before?.version) {
    expect(status.state).toBe(before === null ? 'disabled' : before.state);
  }
  if (status.state === 'enabled' && account.secret) {
    // The code of the failed attempt may or may not have been consumed; the next step's code works.
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(account.secret))).toMatchObject({ ok: true });
  } else if (status.state === 'pending' && account.secret && after?.secret === before?.secret) {
    expect((await f.mfa.confirmEnable(userId, f.code(account.secret))).ok).toBe(true);
  } else {
    const { secret } = await f.mfa.beginEnable(userId);
    expect((await f.mfa.confirmEnable(userId, f.code(secret))).ok).toBe(true);
  }
  expect(await faulty.store.get(userId)).not.toBeNull();
}

describe('store faults: what is and is not lost', () => {
  it('a verify whose write failed did not consume its code: the same code is accepted after recovery', async () => {
    const { faulty, f, userId, account } = await prepare('verify (right code)');
    const code = f.code(account.secret!);
    faulty.arm(1, 'reject');
    await expect(f.mfa.verify(userId, code)).rejects.toMatchObject({ code: 'STORE_ERROR' });
    faulty.arm(null);
    expect(await f.mfa.verify(userId, code)).toMatchObject({ ok: true });
  });

  it('a verify whose write landed but reported failure consumed its code: it is not accepted twice', async () => {
    const { faulty, f, userId, account } = await prepare('verify (right code)');
    const code = f.code(account.secret!);
    faulty.arm(1, 'write-then-throw');
    await expect(f.mfa.verify(userId, code)).rejects.toMatchObject({ code: 'STORE_ERROR' });
    faulty.arm(null);
    expect(await f.mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('a store returning a non-boolean from compareAndSet, or a malformed record, fails closed', async () => {
    const inner = memoryStore();
    const f = setup({ store: { ...inner, compareAndSet: async () => 'yes' as unknown as boolean } });
    await expect(f.mfa.beginEnable('u')).rejects.toMatchObject({ code: 'STORE_ERROR' });
    for (const bad of [{ format: 99 }, { userId: 'someone-else' }, { version: 0 }, { state: 'weird' }]) {
      const g = setup({
        store: { ...inner, get: async (userId) => ({ ...(await goodRecord(userId)), ...bad }) as MfaRecord },
      });
      await expect(g.mfa.verify('u', '123456')).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
    }
  });

  it('a store that keeps losing races gives STORE_CONFLICT, not a decision', async () => {
    const inner = memoryStore();
    const f = setup({ store: { ...inner, compareAndSet: async () => false } });
    await expect(f.mfa.beginEnable('u')).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
  });
});

async function goodRecord(userId: string): Promise<MfaRecord> {
  const f = setup();
  await f.mfa.beginEnable(userId);
  return (await f.store.get(userId))!;
}
