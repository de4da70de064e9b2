// A pending enrolment expires after pendingTtlMs (10 minutes by default): confirming then fails
// and the account reads disabled.
import { describe, expect, it } from 'vitest';
import { newUser, pending, setup } from './helpers.js';

describe('pending enrolment expiry', () => {
  it('is confirmable until just before 10 minutes', async () => {
    const f = setup();
    const userId = newUser();
    const secret = await pending(f, userId);
    f.advance(10 * 60_000 - 1);
    expect((await f.mfa.status(userId)).state).toBe('pending');
    expect((await f.mfa.confirmEnable(userId, f.code(secret))).ok).toBe(true);
  });

  it('at 10 minutes confirming fails as expired and the account reads disabled', async () => {
    const f = setup();
    const userId = newUser();
    const secret = await pending(f, userId);
    f.advance(10 * 60_000);
    expect(await f.mfa.status(userId)).toMatchObject({ state: 'disabled', pendingExpiresAt: null });
    expect(await f.mfa.confirmEnable(userId, f.code(secret))).toEqual({ ok: false, reason: 'expired' });
    expect(await f.mfa.verify(userId, f.code(secret))).toEqual({ ok: false, reason: 'not_enabled' });
  });

  it('beginEnable again starts a fresh 10 minutes with a new secret', async () => {
    const f = setup();
    const userId = newUser();
    const first = await pending(f, userId);
    f.advance(11 * 60_000);
    const again = await f.mfa.beginEnable(userId);
    expect(again.secret).not.toBe(first);
    expect(again.expiresAt).toBe(f.clock.now + 10 * 60_000);
    expect((await f.mfa.confirmEnable(userId, f.code(again.secret))).ok).toBe(true);
  });

  it('a restarted enrolment no longer accepts the old secret', async () => {
    const f = setup();
    const userId = newUser();
    const first = await pending(f, userId);
    await pending(f, userId);
    expect(await f.mfa.confirmEnable(userId, f.code(first))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('honours pendingTtlMs', async () => {
    const f = setup({ pendingTtlMs: 60_000 });
    const userId = newUser();
    const secret = await pending(f, userId);
    f.advance(60_000);
    expect(await f.mfa.confirmEnable(userId, f.code(secret))).toEqual({ ok: false, reason: 'expired' });
  });
});
