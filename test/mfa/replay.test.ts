// Single use: a time step is accepted at most once per enrolment, across confirm, verify,
// disable and regenerate; a replay is refused without counting as a guess.
import { describe, expect, it } from 'vitest';
import { enabled, newUser, pending, setup } from './helpers.js';

describe('replay protection', () => {
  it('a code accepted by verify is refused as replayed on its second use', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const code = f.code(secret);
    expect(await f.mfa.verify(userId, code)).toMatchObject({ ok: true });
    expect(await f.mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('the code that confirmed the enrolment cannot sign in afterwards', async () => {
    const f = setup();
    const userId = newUser();
    const secret = await pending(f, userId);
    const code = f.code(secret);
    expect((await f.mfa.confirmEnable(userId, code)).ok).toBe(true);
    expect(await f.mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
    f.advance(20_000); // still inside the ±1 window of the confirming step
    expect(await f.mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('an earlier step than the last used one is refused even inside the window', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    expect(await f.mfa.verify(userId, f.code(secret, 1))).toMatchObject({ ok: true });
    expect(await f.mfa.verify(userId, f.code(secret, 0))).toEqual({ ok: false, reason: 'replayed' });
    expect(await f.mfa.verify(userId, f.code(secret, -1))).toEqual({ ok: false, reason: 'replayed' });
  });

  it('a code used to sign in cannot disable MFA or regenerate recovery codes', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const code = f.code(secret);
    expect(await f.mfa.verify(userId, code)).toMatchObject({ ok: true });
    expect(await f.mfa.disable(userId, code)).toEqual({ ok: false, reason: 'replayed' });
    expect(await f.mfa.regenerateRecoveryCodes(userId, code)).toEqual({ ok: false, reason: 'replayed' });
    expect((await f.mfa.status(userId)).state).toBe('enabled');
  });

  it('a code used to regenerate recovery codes cannot sign in', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const code = f.code(secret);
    expect((await f.mfa.regenerateRecoveryCodes(userId, code)).ok).toBe(true);
    expect(await f.mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('replays are not counted as failures: many of them never lock the account', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const code = f.code(secret);
    await f.mfa.verify(userId, code);
    for (let i = 0; i < 20; i++) expect((await f.mfa.verify(userId, code)).ok).toBe(false);
    expect((await f.mfa.status(userId)).lockedUntil).toBeNull();
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });

  it('every new step is accepted once: a sign-in per step for ten steps', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    for (let i = 0; i < 10; i++) {
      const code = f.code(secret);
      expect(await f.mfa.verify(userId, code)).toMatchObject({ ok: true });
      expect((await f.mfa.verify(userId, code)).ok).toBe(false);
      f.advance(30_000);
    }
  });
});
