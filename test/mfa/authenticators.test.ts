// Several authenticators per account: adding one after a proof, confirming it with its own code,
// signing in with a code from any active one, renaming, removing, and what disable, reset and
// deleteUser leave behind.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../../src/stores/memory.js';
import {
  addActive,
  beginAdd,
  enabledWithId,
  pendingWithId,
  stored,
  wrongCodeForAll,
} from './authenticator-helpers.js';
import { enabled, expectMfaError, newUser, setup, T0, wrongCode } from './helpers.js';

const ID = /^au_[0-9a-f]{16}$/;
const TEN_MINUTES = 600_000;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the first authenticator', () => {
  it('beginEnable returns its id; it is listed pending, then active after confirmEnable', async () => {
    const f = setup();
    const userId = newUser();
    const begun = await f.mfa.beginEnable(userId, { label: 'Work phone' });
    expect(begun.authenticatorId).toMatch(ID);
    expect(await f.mfa.listAuthenticators(userId)).toEqual([
      {
        id: begun.authenticatorId,
        label: 'Work phone',
        state: 'pending',
        createdAt: T0,
        lastUsedAt: null,
        pendingExpiresAt: T0 + TEN_MINUTES,
      },
    ]);
    f.advance(1_000);
    const confirmed = await f.mfa.confirmEnable(userId, f.code(begun.secret));
    expect(confirmed).toMatchObject({ ok: true, authenticatorId: begun.authenticatorId });
    expect(await f.mfa.listAuthenticators(userId)).toEqual([
      {
        id: begun.authenticatorId,
        label: 'Work phone',
        state: 'active',
        createdAt: T0,
        lastUsedAt: T0 + 1_000,
        pendingExpiresAt: null,
      },
    ]);
  });

  it("is labelled 'Authenticator app' when beginEnable gives no label", async () => {
    const f = setup();
    const userId = newUser();
    await f.mfa.beginEnable(userId);
    expect((await f.mfa.listAuthenticators(userId))[0]!.label).toBe('Authenticator app');
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'x'.repeat(65)],
    ['a number', 5],
  ])(
    'beginEnable and importEnrolment throw INVALID_ARGUMENT for a label that is %s, and store nothing',
    async (_, label) => {
      const f = setup();
      const userId = newUser();
      await expectMfaError(f.mfa.beginEnable(userId, { label: label as string }), 'INVALID_ARGUMENT');
      await expectMfaError(
        f.mfa.importEnrolment(userId, { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', label: label as string }),
        'INVALID_ARGUMENT',
      );
      expect(await f.store.get(userId)).toBeNull();
    },
  );

  it('listAuthenticators shows nothing secret', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const f = setup({ keyring: undefined });
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const record = await stored(f, userId);
    const json = JSON.stringify(await f.mfa.listAuthenticators(userId));
    expect(json).not.toContain(secret);
    expect(json).not.toContain(record.authenticators![0]!.secret.data);
    expect(json).not.toContain('lastUsedStep');
    expect(json).not.toContain('driftSteps');
  });

  it('a new beginEnable replaces the pending authenticator with a new one', async () => {
    const f = setup();
    const userId = newUser();
    const first = await f.mfa.beginEnable(userId);
    const second = await f.mfa.beginEnable(userId);
    expect(second.authenticatorId).not.toBe(first.authenticatorId);
    expect((await f.mfa.listAuthenticators(userId)).map((a) => a.id)).toEqual([second.authenticatorId]);
    expect(await f.mfa.confirmEnable(userId, f.code(first.secret))).toMatchObject({ ok: false });
  });

  it('nothing is listed for an unknown account, a disabled one or an expired enrolment', async () => {
    const f = setup();
    const userId = newUser();
    expect(await f.mfa.listAuthenticators(userId)).toEqual([]);
    await f.mfa.beginEnable(userId);
    f.advance(TEN_MINUTES);
    expect(await f.mfa.listAuthenticators(userId)).toEqual([]);
  });
});

describe('beginAddAuthenticator', () => {
  it("is refused with 'not_enabled' while disabled or pending", async () => {
    const f = setup();
    const userId = newUser();
    expect(await f.mfa.beginAddAuthenticator(userId, { label: 'Backup', code: '123456' })).toEqual({
      ok: false,
      reason: 'not_enabled',
    });
    const secret = await f.mfa.beginEnable(userId);
    expect(
      await f.mfa.beginAddAuthenticator(userId, { label: 'Backup', code: f.code(secret.secret) }),
    ).toEqual({ ok: false, reason: 'not_enabled' });
  });

  it('with a TOTP of the active authenticator starts a pending one, shown once with its secret and URI', async () => {
    const f = setup();
    const userId = newUser();
    const { secret, authenticatorId } = await enabledWithId(f, userId);
    const started = await f.mfa.beginAddAuthenticator(userId, {
      label: 'Backup phone',
      code: f.code(secret),
    });
    if (!started.ok) throw new Error(started.reason);
    expect(started).toEqual({
      ok: true,
      authenticatorId: expect.stringMatching(ID),
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      uri: expect.stringContaining(`secret=${started.secret}`),
      expiresAt: f.clock.now + TEN_MINUTES,
      method: 'totp',
      verifiedAt: f.clock.now,
    });
    expect(started.uri).toContain('issuer=Acme');
    expect(started.authenticatorId).not.toBe(authenticatorId);
    expect(started.secret).not.toBe(secret);
    const listed = await f.mfa.listAuthenticators(userId);
    expect(listed.map((a) => [a.id, a.state, a.label])).toEqual([
      [authenticatorId, 'active', 'Authenticator app'],
      [started.authenticatorId, 'pending', 'Backup phone'],
    ]);
    expect(listed[1]!.pendingExpiresAt).toBe(f.clock.now + TEN_MINUTES);
    expect((await f.mfa.status(userId)).activeAuthenticators).toBe(1);
  });

  it('uses up the proving TOTP: the same code then signs in as a replay', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const code = f.code(secret);
    await beginAdd(f, userId, code);
    expect(await f.mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('accepts a recovery code (the lost-phone path) and uses it up: remaining drops, the same code is then replayed', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabledWithId(f, userId);
    const started = await f.mfa.beginAddAuthenticator(userId, {
      label: 'New phone',
      code: recoveryCodes[0]!,
    });
    expect(started).toMatchObject({ ok: true, method: 'recovery_code', verifiedAt: f.clock.now });
    expect((await f.mfa.status(userId)).recoveryCodesRemaining).toBe(9);
    expect(await f.mfa.beginAddAuthenticator(userId, { label: 'Other', code: recoveryCodes[0]! })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('accepts a TOTP from any active authenticator, not only the first', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const second = await addActive(f, userId, f.code(secret));
    expect(
      await f.mfa.beginAddAuthenticator(userId, { label: 'Third', code: f.code(second.secret) }),
    ).toMatchObject({ ok: true, method: 'totp' });
  });

  it('refuses a wrong code and counts it', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    expect(await f.mfa.beginAddAuthenticator(userId, { label: 'X', code: wrongCode(f, secret) })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect((await stored(f, userId)).failedAttempts).toBe(1);
    expect(await f.mfa.listAuthenticators(userId)).toHaveLength(1);
  });

  it('a code of a pending authenticator is no proof', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, recoveryCodes[0]!);
    expect(await f.mfa.beginAddAuthenticator(userId, { label: 'X', code: f.code(added.secret) })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it("at authenticators.max is refused 'limit_reached' before the code is looked at: a right code is not used up", async () => {
    const f = setup({ authenticators: { max: 2 } });
    const userId = newUser();
    const { secret, recoveryCodes } = await enabledWithId(f, userId);
    await beginAdd(f, userId, recoveryCodes[0]!); // pending ones count
    f.advance(30_000);
    const code = f.code(secret);
    expect(await f.mfa.beginAddAuthenticator(userId, { label: 'X', code })).toEqual({
      ok: false,
      reason: 'limit_reached',
    });
    expect(await f.mfa.beginAddAuthenticator(userId, { label: 'X', code: recoveryCodes[1]! })).toEqual({
      ok: false,
      reason: 'limit_reached',
    });
    expect(await f.mfa.beginAddAuthenticator(userId, { label: 'X', code: wrongCode(f, secret) })).toEqual({
      ok: false,
      reason: 'limit_reached',
    });
    expect((await stored(f, userId)).failedAttempts).toBe(0);
    expect((await f.mfa.status(userId)).recoveryCodesRemaining).toBe(9);
    expect(await f.mfa.verify(userId, code)).toMatchObject({ ok: true });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[1]!)).toMatchObject({ ok: true });
  });

  it('expired pending authenticators do not count towards the limit and are not listed', async () => {
    const f = setup({ authenticators: { max: 2 } });
    const userId = newUser();
    const { secret, recoveryCodes, authenticatorId } = await enabledWithId(f, userId);
    const stale = await beginAdd(f, userId, recoveryCodes[0]!);
    f.advance(TEN_MINUTES);
    expect((await f.mfa.listAuthenticators(userId)).map((a) => a.id)).toEqual([authenticatorId]);
    const fresh = await beginAdd(f, userId, f.code(secret));
    expect((await f.mfa.listAuthenticators(userId)).map((a) => a.id)).toEqual([authenticatorId, fresh.id]);
    expect(fresh.id).not.toBe(stale.id);
  });

  it('a pending authenticator is listed until its pendingTtlMs passes (one ms before: still listed)', async () => {
    const f = setup({ pendingTtlMs: 60_000 });
    const userId = newUser();
    const { recoveryCodes } = await enabledWithId(f, userId);
    await beginAdd(f, userId, recoveryCodes[0]!);
    f.advance(59_999);
    expect(await f.mfa.listAuthenticators(userId)).toHaveLength(2);
    f.advance(1);
    expect(await f.mfa.listAuthenticators(userId)).toHaveLength(1);
  });

  it('refuses bad options with INVALID_ARGUMENT before looking at the code', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const code = f.code(secret);
    await expectMfaError(f.mfa.beginAddAuthenticator(userId, { label: '', code }), 'INVALID_ARGUMENT');
    await expectMfaError(
      f.mfa.beginAddAuthenticator(userId, { label: 'x'.repeat(65), code }),
      'INVALID_ARGUMENT',
    );
    await expectMfaError(
      f.mfa.beginAddAuthenticator(userId, { code } as unknown as { label: string; code: string }),
      'INVALID_ARGUMENT',
    );
    await expectMfaError(
      f.mfa.beginAddAuthenticator(userId, { label: 'X' } as unknown as { label: string; code: string }),
      'INVALID_ARGUMENT',
    );
    await expectMfaError(
      f.mfa.beginAddAuthenticator(userId, 'X' as unknown as { label: string; code: string }),
      'INVALID_ARGUMENT',
    );
    expect(await f.mfa.verify(userId, code)).toMatchObject({ ok: true });
  });
});

describe('confirmAuthenticator', () => {
  it('activates the pending authenticator with a code from it', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, f.code(secret));
    f.advance(2_000);
    expect(await f.mfa.confirmAuthenticator(userId, added.id, f.code(added.secret))).toEqual({
      ok: true,
      authenticatorId: added.id,
      method: 'totp',
      verifiedAt: f.clock.now,
    });
    const listed = await f.mfa.listAuthenticators(userId);
    expect(listed[1]).toMatchObject({ id: added.id, state: 'active', pendingExpiresAt: null });
    expect((await f.mfa.status(userId)).activeAuthenticators).toBe(2);
  });

  it('the confirming code cannot sign in afterwards', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, f.code(secret));
    const code = f.code(added.secret);
    await f.mfa.confirmAuthenticator(userId, added.id, code);
    expect(await f.mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
  });

  it("refuses a code of another authenticator as 'invalid', and counts it", async () => {
    const f = setup();
    const userId = newUser();
    const { secret, recoveryCodes } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, recoveryCodes[0]!);
    expect(await f.mfa.confirmAuthenticator(userId, added.id, f.code(secret))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect((await stored(f, userId)).failedAttempts).toBe(1);
    expect((await f.mfa.listAuthenticators(userId))[1]!.state).toBe('pending');
    // The code of the active one was not used up by the refusal.
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });

  it("refuses 'not_found' for an id the account does not hold (another account's included)", async () => {
    const f = setup();
    const userId = newUser();
    const other = newUser();
    const { secret } = await enabledWithId(f, userId);
    const { recoveryCodes } = await enabledWithId(f, other);
    const foreign = await beginAdd(f, other, recoveryCodes[0]!);
    expect(await f.mfa.confirmAuthenticator(userId, 'au_ffffffffffffffff', f.code(secret))).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await f.mfa.confirmAuthenticator(userId, foreign.id, f.code(foreign.secret))).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it("refuses 'not_pending' for an active authenticator, before the code", async () => {
    const f = setup();
    const userId = newUser();
    const { secret, authenticatorId } = await enabledWithId(f, userId);
    const code = f.code(secret);
    expect(await f.mfa.confirmAuthenticator(userId, authenticatorId, code)).toEqual({
      ok: false,
      reason: 'not_pending',
    });
    expect(await f.mfa.verify(userId, code)).toMatchObject({ ok: true });
  });

  it("refuses 'expired' once pendingTtlMs has passed", async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, recoveryCodes[0]!);
    f.advance(TEN_MINUTES);
    expect(await f.mfa.confirmAuthenticator(userId, added.id, f.code(added.secret))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect((await stored(f, userId)).failedAttempts).toBe(0);
  });

  it("refuses 'not_enabled' when MFA is off", async () => {
    const f = setup();
    const userId = newUser();
    expect(await f.mfa.confirmAuthenticator(userId, 'au_0123456789abcdef', '123456')).toEqual({
      ok: false,
      reason: 'not_enabled',
    });
  });

  it("refuses 'locked' while the account is locked, even with the right code", async () => {
    const f = setup();
    const userId = newUser();
    const { secret, recoveryCodes } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, recoveryCodes[0]!);
    const wrong = wrongCodeForAll(f, [secret, added.secret]);
    for (let i = 0; i < 5; i++) await f.mfa.verify(userId, wrong);
    expect(await f.mfa.confirmAuthenticator(userId, added.id, f.code(added.secret))).toMatchObject({
      ok: false,
      reason: 'locked',
    });
  });

  it('throws INVALID_ARGUMENT for an id that is not a string', async () => {
    const f = setup();
    const userId = newUser();
    await enabledWithId(f, userId);
    await expectMfaError(
      f.mfa.confirmAuthenticator(userId, 42 as unknown as string, '123456'),
      'INVALID_ARGUMENT',
    );
  });
});

describe('verify with several authenticators', () => {
  it('accepts a code from each active authenticator, says which, and sets its lastUsedAt', async () => {
    const f = setup();
    const userId = newUser();
    const first = await enabledWithId(f, userId);
    const second = await addActive(f, userId, f.code(first.secret));
    f.advance(1_234);
    const at = f.clock.now;
    expect(await f.mfa.verify(userId, f.code(second.secret))).toEqual({
      ok: true,
      method: 'totp',
      verifiedAt: at,
      authenticatorId: second.id,
    });
    let listed = await f.mfa.listAuthenticators(userId);
    expect(listed.find((a) => a.id === second.id)!.lastUsedAt).toBe(at);
    expect(listed.find((a) => a.id === first.authenticatorId)!.lastUsedAt).not.toBe(at);
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(first.secret))).toMatchObject({
      ok: true,
      authenticatorId: first.authenticatorId,
    });
    listed = await f.mfa.listAuthenticators(userId);
    expect(listed.find((a) => a.id === first.authenticatorId)!.lastUsedAt).toBe(f.clock.now);
    expect(listed.find((a) => a.id === second.id)!.lastUsedAt).toBe(at);
  });

  it('replay floors are per authenticator: the same step from two authenticators is accepted once each', async () => {
    const f = setup();
    const userId = newUser();
    const first = await enabledWithId(f, userId);
    const second = await addActive(f, userId, f.code(first.secret));
    const codeA = f.code(first.secret);
    const codeB = f.code(second.secret);
    expect(await f.mfa.verify(userId, codeA)).toMatchObject({
      ok: true,
      authenticatorId: first.authenticatorId,
    });
    expect(await f.mfa.verify(userId, codeB)).toMatchObject({ ok: true, authenticatorId: second.id });
    expect(await f.mfa.verify(userId, codeA)).toEqual({ ok: false, reason: 'replayed' });
    expect(await f.mfa.verify(userId, codeB)).toEqual({ ok: false, reason: 'replayed' });
    // The previous step of the first one is below its floor now: a replay, not a guess.
    expect(await f.mfa.verify(userId, f.code(first.secret, -1))).toEqual({ ok: false, reason: 'replayed' });
  });

  it('a code of a pending authenticator does not sign in', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, recoveryCodes[0]!);
    expect(await f.mfa.verify(userId, f.code(added.secret))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('the throttle is one per account: wrong codes across actions and authenticators add up to the lock', async () => {
    const f = setup();
    const userId = newUser();
    const first = await enabledWithId(f, userId);
    const second = await addActive(f, userId, f.code(first.secret));
    const third = await beginAdd(f, userId, first.recoveryCodes[0]!, 'Third');
    const wrong = wrongCodeForAll(f, [first.secret, second.secret, third.secret]);
    expect(await f.mfa.verify(userId, wrong)).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.confirmAuthenticator(userId, third.id, wrong)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await f.mfa.confirmAuthenticator(userId, third.id, f.code(first.secret))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await f.mfa.removeAuthenticator(userId, second.id, wrong)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await f.mfa.verify(userId, wrong)).toEqual({ ok: false, reason: 'invalid', retryAfterMs: 30_000 });
    expect(await f.mfa.verify(userId, f.code(second.secret))).toEqual({
      ok: false,
      reason: 'locked',
      retryAfterMs: 30_000,
    });
    expect(await f.mfa.verify(userId, f.code(first.secret))).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('a success from one authenticator clears the failures counted for all', async () => {
    const f = setup();
    const userId = newUser();
    const first = await enabledWithId(f, userId);
    const second = await addActive(f, userId, f.code(first.secret));
    const wrong = wrongCodeForAll(f, [first.secret, second.secret]);
    for (let i = 0; i < 4; i++) await f.mfa.verify(userId, wrong);
    expect(await f.mfa.verify(userId, f.code(second.secret))).toMatchObject({ ok: true });
    expect((await stored(f, userId)).failedAttempts).toBe(0);
  });
});

describe('renameAuthenticator', () => {
  it('renames an active or pending authenticator without a code', async () => {
    const f = setup();
    const userId = newUser();
    const { authenticatorId, recoveryCodes } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, recoveryCodes[0]!);
    expect(await f.mfa.renameAuthenticator(userId, authenticatorId, 'Old phone')).toEqual({ ok: true });
    expect(await f.mfa.renameAuthenticator(userId, added.id, 'x'.repeat(64))).toEqual({ ok: true });
    expect((await f.mfa.listAuthenticators(userId)).map((a) => a.label)).toEqual([
      'Old phone',
      'x'.repeat(64),
    ]);
  });

  it('renames the pending authenticator of an enrolment', async () => {
    const f = setup();
    const userId = newUser();
    const { id } = await pendingWithId(f, userId);
    expect(await f.mfa.renameAuthenticator(userId, id, 'Phone')).toEqual({ ok: true });
    expect((await f.mfa.listAuthenticators(userId))[0]!.label).toBe('Phone');
  });

  it("refuses 'not_found' for an unknown id, an expired pending one, or a disabled account", async () => {
    const f = setup();
    const userId = newUser();
    expect(await f.mfa.renameAuthenticator(userId, 'au_0000000000000001', 'A')).toEqual({
      ok: false,
      reason: 'not_found',
    });
    const { recoveryCodes } = await enabledWithId(f, userId);
    expect(await f.mfa.renameAuthenticator(userId, 'au_0000000000000001', 'A')).toEqual({
      ok: false,
      reason: 'not_found',
    });
    const added = await beginAdd(f, userId, recoveryCodes[0]!);
    f.advance(TEN_MINUTES);
    expect(await f.mfa.renameAuthenticator(userId, added.id, 'A')).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'x'.repeat(65)],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
  ])('throws INVALID_ARGUMENT for a label that is %s', async (_, label) => {
    const f = setup();
    const userId = newUser();
    const { authenticatorId } = await enabledWithId(f, userId);
    await expectMfaError(
      f.mfa.renameAuthenticator(userId, authenticatorId, label as unknown as string),
      'INVALID_ARGUMENT',
    );
    expect((await f.mfa.listAuthenticators(userId))[0]!.label).toBe('Authenticator app');
  });
});

describe('removeAuthenticator', () => {
  it('removes an authenticator after a TOTP of itself; its codes are refused afterwards', async () => {
    const f = setup();
    const userId = newUser();
    const first = await enabledWithId(f, userId);
    const second = await addActive(f, userId, f.code(first.secret));
    expect(await f.mfa.removeAuthenticator(userId, second.id, f.code(second.secret))).toEqual({
      ok: true,
      method: 'totp',
      verifiedAt: f.clock.now,
    });
    expect((await f.mfa.listAuthenticators(userId)).map((a) => a.id)).toEqual([first.authenticatorId]);
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(second.secret))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.verify(userId, f.code(first.secret))).toMatchObject({ ok: true });
    expect((await f.mfa.status(userId)).activeAuthenticators).toBe(1);
  });

  it('accepts a TOTP of another active authenticator as the proof', async () => {
    const f = setup();
    const userId = newUser();
    const first = await enabledWithId(f, userId);
    const second = await addActive(f, userId, f.code(first.secret));
    expect(
      await f.mfa.removeAuthenticator(userId, first.authenticatorId, f.code(second.secret)),
    ).toMatchObject({
      ok: true,
      method: 'totp',
    });
    expect((await f.mfa.listAuthenticators(userId)).map((a) => a.id)).toEqual([second.id]);
  });

  it('accepts a recovery code as the proof, and uses it up', async () => {
    const f = setup();
    const userId = newUser();
    const first = await enabledWithId(f, userId);
    const second = await addActive(f, userId, f.code(first.secret));
    expect(await f.mfa.removeAuthenticator(userId, second.id, first.recoveryCodes[3]!)).toEqual({
      ok: true,
      method: 'recovery_code',
      verifiedAt: f.clock.now,
    });
    expect((await f.mfa.status(userId)).recoveryCodesRemaining).toBe(9);
    expect(await f.mfa.useRecoveryCode(userId, first.recoveryCodes[3]!)).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it("refuses the last active one with 'last_authenticator' before the code: nothing used up or counted", async () => {
    const f = setup();
    const userId = newUser();
    const { secret, recoveryCodes, authenticatorId } = await enabledWithId(f, userId);
    const code = f.code(secret);
    for (const proof of [code, recoveryCodes[0]!, wrongCode(f, secret)]) {
      expect(await f.mfa.removeAuthenticator(userId, authenticatorId, proof)).toEqual({
        ok: false,
        reason: 'last_authenticator',
      });
    }
    expect((await stored(f, userId)).failedAttempts).toBe(0);
    expect((await f.mfa.status(userId)).recoveryCodesRemaining).toBe(10);
    expect(await f.mfa.verify(userId, code)).toMatchObject({ ok: true });
  });

  it('the last active one is refused even while a pending one exists', async () => {
    const f = setup();
    const userId = newUser();
    const { secret, recoveryCodes, authenticatorId } = await enabledWithId(f, userId);
    await beginAdd(f, userId, recoveryCodes[0]!);
    expect(await f.mfa.removeAuthenticator(userId, authenticatorId, f.code(secret))).toEqual({
      ok: false,
      reason: 'last_authenticator',
    });
  });

  it('removes a pending authenticator (with one active one left), after a proof', async () => {
    const f = setup();
    const userId = newUser();
    const { secret, recoveryCodes, authenticatorId } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, recoveryCodes[0]!);
    expect(await f.mfa.removeAuthenticator(userId, added.id, wrongCode(f, secret))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await f.mfa.removeAuthenticator(userId, added.id, f.code(secret))).toMatchObject({ ok: true });
    expect((await f.mfa.listAuthenticators(userId)).map((a) => a.id)).toEqual([authenticatorId]);
    expect(await f.mfa.confirmAuthenticator(userId, added.id, f.code(added.secret))).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it("refuses 'not_found' for an unknown id and 'not_enabled' when MFA is off", async () => {
    const f = setup();
    const userId = newUser();
    expect(await f.mfa.removeAuthenticator(userId, 'au_0000000000000001', '123456')).toEqual({
      ok: false,
      reason: 'not_enabled',
    });
    const { secret } = await enabledWithId(f, userId);
    expect(await f.mfa.removeAuthenticator(userId, 'au_0000000000000001', f.code(secret))).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it('a removed authenticator cannot prove anything either', async () => {
    const f = setup();
    const userId = newUser();
    const first = await enabledWithId(f, userId);
    const second = await addActive(f, userId, f.code(first.secret));
    await f.mfa.removeAuthenticator(userId, second.id, f.code(first.secret));
    f.advance(30_000);
    expect(await f.mfa.disable(userId, f.code(second.secret))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.beginAddAuthenticator(userId, { label: 'X', code: f.code(second.secret) })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('disable, reset and deleteUser', () => {
  async function twoAuthenticatorsAndADevice(f: ReturnType<typeof setup>, userId: string) {
    const first = await enabledWithId(f, userId);
    const second = await addActive(f, userId, f.code(first.secret));
    const signedIn = await f.mfa.verify(userId, f.code(first.secret), { rememberDevice: {} });
    if (!signedIn.ok) throw new Error(signedIn.reason);
    f.advance(30_000);
    return { first, second, deviceToken: signedIn.deviceToken! };
  }

  it('disable wipes every authenticator and device', async () => {
    const f = setup();
    const userId = newUser();
    const { first, second, deviceToken } = await twoAuthenticatorsAndADevice(f, userId);
    expect(await f.mfa.disable(userId, f.code(second.secret))).toMatchObject({ ok: true });
    const record = await stored(f, userId);
    expect(record.authenticators).toEqual([]);
    expect(record.devices).toEqual([]);
    expect(record.secret).toBeNull();
    expect(await f.mfa.listAuthenticators(userId)).toEqual([]);
    expect(await f.mfa.listDevices(userId)).toEqual([]);
    expect(await f.mfa.checkDevice(userId, deviceToken)).toEqual({ ok: false, reason: 'not_enabled' });
    // Enabling again starts from one authenticator: neither old secret signs in.
    const again = await enabled(f, userId);
    expect(await f.mfa.listAuthenticators(userId)).toHaveLength(1);
    expect(await f.mfa.verify(userId, f.code(first.secret))).toMatchObject({ ok: false });
    expect(await f.mfa.verify(userId, f.code(second.secret))).toMatchObject({ ok: false });
    expect(await f.mfa.checkDevice(userId, deviceToken)).toEqual({ ok: false, reason: 'unknown' });
    expect(await f.mfa.verify(userId, f.code(again.secret))).toMatchObject({ ok: true });
  });

  it('reset wipes every authenticator and device', async () => {
    const f = setup();
    const userId = newUser();
    const { deviceToken } = await twoAuthenticatorsAndADevice(f, userId);
    expect(await f.mfa.reset(userId)).toEqual({ previousState: 'enabled' });
    const record = await stored(f, userId);
    expect(record.authenticators).toEqual([]);
    expect(record.devices).toEqual([]);
    expect(await f.mfa.checkDevice(userId, deviceToken)).toEqual({ ok: false, reason: 'not_enabled' });
    expect(await f.mfa.status(userId)).toMatchObject({ activeAuthenticators: 0, rememberedDevices: 0 });
  });

  it('deleteUser deletes the record with its authenticators and devices', async () => {
    const f = setup();
    const userId = newUser();
    const { deviceToken } = await twoAuthenticatorsAndADevice(f, userId);
    await f.mfa.deleteUser(userId);
    expect(await f.store.get(userId)).toBeNull();
    expect(await f.mfa.listAuthenticators(userId)).toEqual([]);
    expect(await f.mfa.checkDevice(userId, deviceToken)).toEqual({ ok: false, reason: 'not_enabled' });
  });

  it('status counts the active authenticators only', async () => {
    const f = setup();
    const userId = newUser();
    await f.mfa.beginEnable(userId);
    expect((await f.mfa.status(userId)).activeAuthenticators).toBe(0);
    const other = newUser();
    const account = await enabledWithId(f, other);
    expect((await f.mfa.status(other)).activeAuthenticators).toBe(1);
    await beginAdd(f, other, account.recoveryCodes[0]!);
    expect((await f.mfa.status(other)).activeAuthenticators).toBe(1);
    await addActive(f, other, account.recoveryCodes[1]!);
    expect((await f.mfa.status(other)).activeAuthenticators).toBe(2);
  });
});

describe('the option authenticators.max', () => {
  it.each([0, 101, 1.5, -1, '3'])('refuses %s with INVALID_OPTION', (max) => {
    expect(() => setup({ authenticators: { max: max as number } })).toThrowError(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });

  it('accepts 1 and 100', () => {
    expect(() => setup({ authenticators: { max: 1 } })).not.toThrow();
    expect(() => setup({ authenticators: { max: 100 } })).not.toThrow();
  });

  it('at 1 no authenticator can be added', async () => {
    const f = setup({ authenticators: { max: 1 } });
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    expect(await f.mfa.beginAddAuthenticator(userId, { label: 'X', code: f.code(secret) })).toEqual({
      ok: false,
      reason: 'limit_reached',
    });
  });

  it('defaults to 10: the tenth is added, the eleventh refused', async () => {
    const f = setup({ store: memoryStore() });
    const userId = newUser();
    const { recoveryCodes } = await enabledWithId(f, userId);
    for (let i = 0; i < 9; i++) await beginAdd(f, userId, recoveryCodes[i]!);
    expect(await f.mfa.listAuthenticators(userId)).toHaveLength(10);
    expect(await f.mfa.beginAddAuthenticator(userId, { label: 'X', code: recoveryCodes[9]! })).toEqual({
      ok: false,
      reason: 'limit_reached',
    });
  });
});

describe('account names and imported authenticators', () => {
  it("a new authenticator's Key URI names the account given to beginEnable, unless another is given", async () => {
    const f = setup();
    const userId = newUser();
    const begun = await f.mfa.beginEnable(userId, { accountName: 'ada@example.com' });
    await f.mfa.confirmEnable(userId, f.code(begun.secret));
    const { recoveryCodes } = (await f.mfa.regenerateRecoveryCodes(userId, f.code(begun.secret, 1))) as {
      recoveryCodes: string[];
    };
    const plain = await f.mfa.beginAddAuthenticator(userId, { label: 'B', code: recoveryCodes[0]! });
    expect(plain.ok && decodeURIComponent(plain.uri)).toContain('Acme:ada@example.com');
    const named = await f.mfa.beginAddAuthenticator(userId, {
      label: 'C',
      code: recoveryCodes[1]!,
      accountName: 'ada@work.example',
    });
    expect(named.ok && decodeURIComponent(named.uri)).toContain('Acme:ada@work.example');
  });

  it('importEnrolment creates one active authenticator with the label given', async () => {
    const f = setup();
    const userId = newUser();
    await f.mfa.importEnrolment(userId, { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', label: 'Old system' });
    const listed = await f.mfa.listAuthenticators(userId);
    expect(listed).toEqual([
      {
        id: expect.stringMatching(ID),
        label: 'Old system',
        state: 'active',
        createdAt: f.clock.now,
        lastUsedAt: null,
        pendingExpiresAt: null,
      },
    ]);
  });
});

describe('replay floors outlive their authenticators', () => {
  const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('disable keeps the highest floor of any authenticator: importing that secret again cannot replay its last code', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await f.mfa.importEnrolment(userId, { secret: SECRET });
    await addActive(f, userId, recoveryCodes[0]!);
    const last = f.code(SECRET);
    expect(await f.mfa.verify(userId, last)).toMatchObject({ ok: true });
    expect(await f.mfa.disable(userId, recoveryCodes[1]!)).toMatchObject({ ok: true });
    await f.mfa.importEnrolment(userId, { secret: SECRET });
    expect(await f.mfa.verify(userId, last)).toEqual({ ok: false, reason: 'replayed' });
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(SECRET))).toMatchObject({ ok: true });
  });

  it("a removed authenticator's floor is kept as well", async () => {
    const f = setup();
    const userId = newUser();
    const first = await enabledWithId(f, userId);
    const { recoveryCodes } = first;
    const imported = await f.mfa.beginAddAuthenticator(userId, { label: 'B', code: recoveryCodes[0]! });
    if (!imported.ok) throw new Error(imported.reason);
    f.advance(30_000);
    const last = f.code(imported.secret);
    await f.mfa.confirmAuthenticator(userId, imported.authenticatorId, last);
    expect(
      await f.mfa.removeAuthenticator(userId, imported.authenticatorId, recoveryCodes[1]!),
    ).toMatchObject({
      ok: true,
    });
    expect(await f.mfa.disable(userId, recoveryCodes[2]!)).toMatchObject({ ok: true });
    await f.mfa.importEnrolment(userId, { secret: imported.secret });
    expect(await f.mfa.verify(userId, last)).toEqual({ ok: false, reason: 'replayed' });
  });
});
