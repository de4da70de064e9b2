// Inputs that 0.1 mishandled: user ids that are not well-formed Unicode (they collide after UTF-8
// encoding), a clock that returns fractions, and importEnrolment's replay floor.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/stores/memory.js';
import { sampleRecord } from '../../src/testing/index.js';
import { enabled, expectMfaError, newUser, setup, T0 } from './helpers.js';

const LONE = ['a\uD800', 'a\uDC00b', '\uDFFF', 'x\uD83D'];

describe('user ids must be well-formed Unicode', () => {
  it('every entry point of the service refuses a lone surrogate', async () => {
    const { mfa } = setup();
    for (const userId of LONE) {
      await expectMfaError(mfa.status(userId), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.beginEnable(userId), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.confirmEnable(userId, '123456'), 'INVALID_ARGUMENT');
      await expectMfaError(
        mfa.importEnrolment(userId, { secret: 'JBSWY3DPEHPK3PXPJBSW' }),
        'INVALID_ARGUMENT',
      );
      await expectMfaError(mfa.cancelEnable(userId), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.verify(userId, '123456'), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.useRecoveryCode(userId, 'AAAA-AAAA-AAAA-AAAA'), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.disable(userId, '123456'), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.regenerateRecoveryCodes(userId, '123456'), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.reset(userId), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.deleteUser(userId), 'INVALID_ARGUMENT');
    }
  });

  it('the stores refuse it too', async () => {
    const store = memoryStore();
    for (const userId of LONE) {
      await expectMfaError(
        Promise.resolve().then(() => store.get(userId)),
        'INVALID_ARGUMENT',
      );
      await expectMfaError(
        Promise.resolve().then(() => store.delete(userId)),
        'INVALID_ARGUMENT',
      );
      const record = sampleRecord(userId);
      await expectMfaError(
        Promise.resolve().then(() => store.compareAndSet(userId, 0, record)),
        'INVALID_ARGUMENT',
      );
    }
  });

  it('a well-formed astral character is fine', async () => {
    const f = setup();
    await expect(f.mfa.beginEnable('user-😀')).resolves.toMatchObject({ secret: expect.any(String) });
  });
});

describe('the clock', () => {
  it('a clock returning fractions of a millisecond works: times are floored', async () => {
    const clock = { now: T0 + 0.731 };
    const f = setup({ clock: () => clock.now });
    const userId = newUser();
    const { expiresAt } = await f.mfa.beginEnable(userId);
    expect(Number.isInteger(expiresAt)).toBe(true);
    expect((await f.mfa.status(userId)).pendingExpiresAt).toBe(expiresAt);
  });

  it('a clock returning no time is refused as INVALID_OPTION', async () => {
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY, '1' as unknown as number]) {
      const f = setup({ clock: () => bad });
      await expectMfaError(f.mfa.status(newUser()), 'INVALID_OPTION');
    }
  });
});

describe('importEnrolment and the replay floor', () => {
  it('keeps the floor disable left: re-importing the same secret does not let the disabling code sign in', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const code = f.code(secret);
    expect(await f.mfa.disable(userId, code)).toMatchObject({ ok: true });
    await f.mfa.importEnrolment(userId, { secret });
    expect(await f.mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
    f.advance(30_000);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
  });

  it('refuses a lastUsedStep past the current step', async () => {
    const f = setup();
    const step = Math.floor(f.clock.now / 30_000);
    await expectMfaError(
      f.mfa.importEnrolment(newUser(), { secret: 'JBSWY3DPEHPK3PXPJBSW', lastUsedStep: step + 1 }),
      'INVALID_ARGUMENT',
    );
    await expect(
      f.mfa.importEnrolment(newUser(), { secret: 'JBSWY3DPEHPK3PXPJBSW', lastUsedStep: step }),
    ).resolves.toMatchObject({ recoveryCodes: expect.any(Array) });
  });
});
