// cancelAuthenticator: an "Add" the user did not finish is abandoned without a code, as cancelEnable
// abandons the first enrolment; an active authenticator is never removed this way.
import { describe, expect, it } from 'vitest';
import { beginAdd, enabledWithId, stored } from './authenticator-helpers.js';
import { expectMfaError, newUser, setup } from './helpers.js';

describe('cancelAuthenticator', () => {
  it('abandons a pending authenticator without a code: its secret is gone and its codes sign nothing in', async () => {
    const f = setup();
    const userId = newUser();
    const account = await enabledWithId(f, userId);
    f.advance(30_000);
    const added = await beginAdd(f, userId, f.code(account.secret));
    f.events.length = 0;
    expect(await f.mfa.cancelAuthenticator(userId, added.id)).toEqual({ cancelled: true });
    expect(f.events).toEqual([
      { type: 'authenticator_cancelled', userId, at: f.clock.now, authenticatorId: added.id },
    ]);
    expect((await f.mfa.listAuthenticators(userId)).map((a) => a.id)).toEqual([account.authenticatorId]);
    expect((await stored(f, userId)).authenticators?.map((a) => a.id)).toEqual([account.authenticatorId]);
    expect(await f.mfa.confirmAuthenticator(userId, added.id, f.code(added.secret))).toEqual({
      ok: false,
      reason: 'not_found',
    });
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(added.secret))).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await f.mfa.verify(userId, f.code(account.secret))).toMatchObject({ ok: true });
  });

  it('refuses an active authenticator with INVALID_STATE and changes nothing', async () => {
    const f = setup();
    const userId = newUser();
    const account = await enabledWithId(f, userId);
    const before = await stored(f, userId);
    await expectMfaError(f.mfa.cancelAuthenticator(userId, account.authenticatorId), 'INVALID_STATE');
    expect(await stored(f, userId)).toStrictEqual(before);
  });

  it('cancels nothing for an unknown id, an expired one, or an account without MFA, and writes nothing', async () => {
    const f = setup();
    const userId = newUser();
    expect(await f.mfa.cancelAuthenticator(userId, 'au_0123456789abcdef')).toEqual({ cancelled: false });
    expect(await f.store.get(userId)).toBeNull();
    const account = await enabledWithId(f, userId);
    f.advance(30_000);
    const added = await beginAdd(f, userId, f.code(account.secret));
    const before = await stored(f, userId);
    expect(await f.mfa.cancelAuthenticator(userId, 'au_0123456789abcdef')).toEqual({ cancelled: false });
    f.advance(600_000); // the pending authenticator expires with the default pendingTtlMs
    expect(await f.mfa.cancelAuthenticator(userId, added.id)).toEqual({ cancelled: false });
    expect(await stored(f, userId)).toStrictEqual(before);
    expect(f.events.filter((e) => e.type === 'authenticator_cancelled')).toEqual([]);
  });

  it('checks its arguments: a user id and an authenticator id that are strings', async () => {
    const f = setup();
    await expectMfaError(f.mfa.cancelAuthenticator('', 'au_0123456789abcdef'), 'INVALID_ARGUMENT');
    await expectMfaError(f.mfa.cancelAuthenticator('u', 5 as unknown as string), 'INVALID_ARGUMENT');
  });
});
