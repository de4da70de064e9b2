// Every state × action pair, with the right code where one exists: the result (or typed error)
// and the state the account is left in.
import { describe, expect, it } from 'vitest';
import type { MfaState } from '../../src/mfa/store.js';
import { enabled, expectMfaError, type Fixture, newUser, pending, setup, wrongCode } from './helpers.js';

interface Account {
  userId: string;
  secret: string | null;
  recoveryCodes: string[];
}

const STATES: Record<string, (f: Fixture) => Promise<Account>> = {
  absent: async () => ({ userId: newUser('absent'), secret: null, recoveryCodes: [] }),
  disabled: async (f) => {
    const userId = newUser('disabled');
    const { secret } = await enabled(f, userId);
    expect((await f.mfa.disable(userId, f.code(secret))).ok).toBe(true);
    return { userId, secret: null, recoveryCodes: [] };
  },
  pending: async (f) => {
    const userId = newUser('pending');
    return { userId, secret: await pending(f, userId), recoveryCodes: [] };
  },
  expired: async (f) => {
    const userId = newUser('expired');
    const secret = await pending(f, userId);
    f.advance(10 * 60_000);
    return { userId, secret, recoveryCodes: [] };
  },
  enabled: async (f) => {
    const userId = newUser('enabled');
    return { userId, ...(await enabled(f, userId)) };
  },
  locked: async (f) => {
    const userId = newUser('locked');
    const account = await enabled(f, userId);
    for (let i = 0; i < 5; i++) await f.mfa.verify(userId, wrongCode(f, account.secret));
    return { userId, ...account };
  },
};

const rightCode = (f: Fixture, account: Account): string =>
  account.secret ? f.code(account.secret) : '123456';

const ACTIONS: Record<string, (f: Fixture, account: Account) => Promise<unknown>> = {
  status: (f, a) => f.mfa.status(a.userId),
  beginEnable: (f, a) => f.mfa.beginEnable(a.userId),
  confirmEnable: (f, a) => f.mfa.confirmEnable(a.userId, rightCode(f, a)),
  cancelEnable: (f, a) => f.mfa.cancelEnable(a.userId),
  verify: (f, a) => f.mfa.verify(a.userId, rightCode(f, a)),
  useRecoveryCode: (f, a) => f.mfa.useRecoveryCode(a.userId, a.recoveryCodes[0] ?? 'AAAA-AAAA-AAAA-AAAA'),
  disable: (f, a) => f.mfa.disable(a.userId, rightCode(f, a)),
  regenerateRecoveryCodes: (f, a) => f.mfa.regenerateRecoveryCodes(a.userId, rightCode(f, a)),
  reset: (f, a) => f.mfa.reset(a.userId),
};

type Expected = { result: unknown; state: MfaState } | { throws: string; state: MfaState };

const notEnabled = { ok: false, reason: 'not_enabled' };
const locked = { ok: false, reason: 'locked', retryAfterMs: expect.any(Number) };
const codes = { ok: true, recoveryCodes: expect.any(Array) };
const begun = { secret: expect.any(String), uri: expect.stringMatching(/^otpauth:\/\/totp\//) };

const TABLE: Record<string, Record<string, Expected>> = {
  absent: {
    status: { result: { state: 'disabled' }, state: 'disabled' },
    beginEnable: { result: begun, state: 'pending' },
    confirmEnable: { result: { ok: false, reason: 'not_pending' }, state: 'disabled' },
    cancelEnable: { result: { cancelled: false }, state: 'disabled' },
    verify: { result: notEnabled, state: 'disabled' },
    useRecoveryCode: { result: notEnabled, state: 'disabled' },
    disable: { result: notEnabled, state: 'disabled' },
    regenerateRecoveryCodes: { result: notEnabled, state: 'disabled' },
    reset: { result: { previousState: 'disabled' }, state: 'disabled' },
  },
  disabled: {
    status: { result: { state: 'disabled', recoveryCodesRemaining: 0 }, state: 'disabled' },
    beginEnable: { result: begun, state: 'pending' },
    confirmEnable: { result: { ok: false, reason: 'not_pending' }, state: 'disabled' },
    cancelEnable: { result: { cancelled: false }, state: 'disabled' },
    verify: { result: notEnabled, state: 'disabled' },
    useRecoveryCode: { result: notEnabled, state: 'disabled' },
    disable: { result: notEnabled, state: 'disabled' },
    regenerateRecoveryCodes: { result: notEnabled, state: 'disabled' },
    reset: { result: { previousState: 'disabled' }, state: 'disabled' },
  },
  pending: {
    status: { result: { state: 'pending', pendingExpiresAt: expect.any(Number) }, state: 'pending' },
    beginEnable: { result: begun, state: 'pending' },
    confirmEnable: { result: codes, state: 'enabled' },
    cancelEnable: { result: { cancelled: true }, state: 'disabled' },
    verify: { result: notEnabled, state: 'pending' },
    useRecoveryCode: { result: notEnabled, state: 'pending' },
    disable: { result: notEnabled, state: 'pending' },
    regenerateRecoveryCodes: { result: notEnabled, state: 'pending' },
    reset: { result: { previousState: 'pending' }, state: 'disabled' },
  },
  expired: {
    status: { result: { state: 'disabled', pendingExpiresAt: null }, state: 'disabled' },
    beginEnable: { result: begun, state: 'pending' },
    confirmEnable: { result: { ok: false, reason: 'expired' }, state: 'disabled' },
    cancelEnable: { result: { cancelled: false }, state: 'disabled' },
    verify: { result: notEnabled, state: 'disabled' },
    useRecoveryCode: { result: notEnabled, state: 'disabled' },
    disable: { result: notEnabled, state: 'disabled' },
    regenerateRecoveryCodes: { result: notEnabled, state: 'disabled' },
    reset: { result: { previousState: 'disabled' }, state: 'disabled' },
  },
  enabled: {
    status: {
      result: { state: 'enabled', enabledAt: expect.any(Number), recoveryCodesRemaining: 10 },
      state: 'enabled',
    },
    beginEnable: { throws: 'INVALID_STATE', state: 'enabled' },
    confirmEnable: { result: { ok: false, reason: 'not_pending' }, state: 'enabled' },
    cancelEnable: { throws: 'INVALID_STATE', state: 'enabled' },
    verify: { result: { ok: true }, state: 'enabled' },
    useRecoveryCode: { result: { ok: true, remaining: 9 }, state: 'enabled' },
    disable: { result: { ok: true }, state: 'disabled' },
    regenerateRecoveryCodes: { result: codes, state: 'enabled' },
    reset: { result: { previousState: 'enabled' }, state: 'disabled' },
  },
  locked: {
    status: { result: { state: 'enabled', lockedUntil: expect.any(Number) }, state: 'enabled' },
    beginEnable: { throws: 'INVALID_STATE', state: 'enabled' },
    confirmEnable: { result: { ok: false, reason: 'not_pending' }, state: 'enabled' },
    cancelEnable: { throws: 'INVALID_STATE', state: 'enabled' },
    verify: { result: locked, state: 'enabled' },
    useRecoveryCode: { result: locked, state: 'enabled' },
    disable: { result: locked, state: 'enabled' },
    regenerateRecoveryCodes: { result: locked, state: 'enabled' },
    reset: { result: { previousState: 'enabled' }, state: 'disabled' },
  },
};

describe('state × action table', () => {
  const cases = Object.keys(STATES).flatMap((state) =>
    Object.keys(ACTIONS).map((action) => [state, action] as const),
  );

  it('covers every pair', () => {
    expect(cases).toHaveLength(6 * 9);
    for (const [state, action] of cases) expect(TABLE[state]?.[action], `${state} × ${action}`).toBeDefined();
  });

  it.each(cases)('%s × %s', async (state, action) => {
    const f = setup();
    const account = await STATES[state]!(f);
    const expected = TABLE[state]![action]!;
    const outcome = ACTIONS[action]!(f, account);
    if ('throws' in expected) await expectMfaError(outcome, expected.throws);
    else expect(await outcome).toMatchObject(expected.result as object);
    expect((await f.mfa.status(account.userId)).state).toBe(expected.state);
  });
});
