// Events: one for each thing that happened, after it was stored, and never a secret or a code.
import { describe, expect, it } from 'vitest';
import { enabled, newUser, pending, setup, wrongCode } from './helpers.js';

function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(stringValues);
}

describe('events', () => {
  it('events contain no secret, TOTP or recovery code', async () => {
    const f = setup();
    const userId = newUser();
    const used: string[] = [];
    const secret = await pending(f, userId);
    const confirmCode = f.code(secret);
    used.push(confirmCode);
    const confirmed = await f.mfa.confirmEnable(userId, confirmCode);
    if (!confirmed.ok) throw new Error(confirmed.reason);
    f.advance(30_000);
    used.push(f.code(secret));
    await f.mfa.verify(userId, f.code(secret));
    for (let i = 0; i < 5; i++) {
      const wrong = wrongCode(f, secret);
      used.push(wrong);
      await f.mfa.verify(userId, wrong);
    }
    f.advance(30_000);
    await f.mfa.useRecoveryCode(userId, confirmed.recoveryCodes[0]!);
    await f.mfa.useRecoveryCode(userId, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    const regenerated = await f.mfa.regenerateRecoveryCodes(userId, confirmed.recoveryCodes[1]!);
    if (!regenerated.ok) throw new Error(regenerated.reason);
    f.advance(30_000);
    used.push(f.code(secret));
    await f.mfa.disable(userId, f.code(secret));
    const second = await pending(f, userId);
    await f.mfa.cancelEnable(userId);
    await f.mfa.reset(userId);

    const json = JSON.stringify(f.events);
    const secrets = [secret, second];
    const recovery = [...confirmed.recoveryCodes, ...regenerated.recoveryCodes];
    for (const text of [...secrets, ...recovery]) {
      for (const form of [text, text.toLowerCase(), text.replaceAll('-', '')])
        expect(json).not.toContain(form);
    }
    const strings = f.events.flatMap(stringValues);
    for (const code of used) {
      expect(json).not.toContain(`"${code}"`);
      for (const value of strings) expect(value).not.toContain(code);
    }

    const types = new Set(f.events.map((event) => event.type));
    expect([...types].sort()).toEqual(
      [
        'disabled',
        'enable_cancelled',
        'enable_started',
        'enabled',
        'locked',
        'recovery_code_used',
        'recovery_codes_regenerated',
        'reset',
        'verified',
        'verify_failed',
      ].sort(),
    );
    for (const event of f.events) {
      expect(event.userId).toBe(userId);
      expect(typeof event.at).toBe('number');
    }
  });

  it('reports each decision once, with its details', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    const authenticatorId = (await f.mfa.listAuthenticators(userId))[0]?.id;
    f.events.length = 0;
    await f.mfa.verify(userId, f.code(secret));
    await f.mfa.verify(userId, f.code(secret));
    for (let i = 0; i < 5; i++) await f.mfa.verify(userId, wrongCode(f, secret));
    expect(f.events).toEqual([
      { type: 'verified', userId, at: f.clock.now, method: 'totp', authenticatorId },
      {
        type: 'verify_failed',
        userId,
        at: f.clock.now,
        action: 'verify',
        reason: 'replayed',
        failedAttempts: 0,
      },
      ...[1, 2, 3, 4, 5].map((n) => ({
        type: 'verify_failed',
        userId,
        at: f.clock.now,
        action: 'verify',
        reason: 'invalid',
        failedAttempts: n,
      })),
      {
        type: 'locked',
        userId,
        at: f.clock.now,
        lockedUntil: f.clock.now + 30_000,
        retryAfterMs: 30_000,
        lockouts: 1,
      },
    ]);
  });

  it('reset is always reported, even for an account that never had MFA', async () => {
    const f = setup();
    const userId = newUser();
    await f.mfa.reset(userId);
    await f.mfa.reset(userId);
    expect(f.events.filter((event) => event.type === 'reset')).toHaveLength(2);
  });

  it('a throwing or rejecting listener does not undo or fail the decision', async () => {
    for (const onEvent of [
      () => {
        throw new Error('listener down');
      },
      () => Promise.reject(new Error('listener down')),
    ]) {
      const f = setup({ onEvent });
      const userId = newUser();
      const { secret } = await enabled(f, userId);
      expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({ ok: true });
      expect((await f.mfa.verify(userId, f.code(secret))).ok).toBe(false);
    }
  });

  it('events of a lost race are not reported: 40 parallel verifies give one verified event', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    f.events.length = 0;
    const code = f.code(secret);
    await Promise.all(Array.from({ length: 40 }, () => f.mfa.verify(userId, code)));
    expect(f.events.filter((event) => event.type === 'verified')).toHaveLength(1);
    expect(f.events).toHaveLength(40);
  });
});
