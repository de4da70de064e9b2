// Transitions at their edges: cancelling an enrolment that has expired, the replay floor an import
// keeps (the higher of the old system's and the one disable left), and reset of an unknown account.
import { describe, expect, it } from 'vitest';
import { enabled, newUser, pending, setup } from './helpers.js';

describe('transition edges', () => {
  it('cancelling an expired enrolment cancels nothing and writes nothing', async () => {
    const f = setup();
    const userId = newUser();
    await pending(f, userId);
    const before = await f.store.get(userId);
    f.advance(10 * 60_000);
    f.events.length = 0;
    expect(await f.mfa.cancelEnable(userId)).toEqual({ cancelled: false });
    expect(await f.store.get(userId)).toEqual(before);
    expect(f.events).toEqual([]);
    expect(await f.mfa.cancelEnable(newUser())).toEqual({ cancelled: false });
  });

  it('an import keeps the higher replay floor: the one disable left over a lower one given', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const code = f.code(secret);
    const step = Math.floor(f.clock.now / 30_000);
    expect(await f.mfa.disable(userId, code)).toMatchObject({ ok: true });
    await f.mfa.importEnrolment(userId, { secret, lastUsedStep: step - 1 });
    expect(await f.mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('an import keeps the higher replay floor: the one given over a lower one disable left', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const step = Math.floor(f.clock.now / 30_000);
    expect(await f.mfa.disable(userId, f.code(secret))).toMatchObject({ ok: true });
    f.advance(30_000);
    const code = f.code(secret);
    await f.mfa.importEnrolment(userId, { secret, lastUsedStep: step + 1 });
    expect(await f.mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });

  it('reset of an account never seen writes nothing and reports it as disabled', async () => {
    const f = setup();
    const userId = newUser();
    expect(await f.mfa.reset(userId)).toEqual({ previousState: 'disabled' });
    expect(await f.store.get(userId)).toBeNull();
    expect(f.events).toEqual([{ type: 'reset', userId, at: f.clock.now, previousState: 'disabled' }]);
  });
});
