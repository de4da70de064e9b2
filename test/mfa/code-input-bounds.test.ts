// The length bound on code input (MAX_CODE_INPUT, 64): text up to it is judged, spaces and dashes
// removed; longer text is a wrong code without further work, even when it holds the right code.
import { describe, expect, it } from 'vitest';
import { MAX_CODE_INPUT } from '../../src/shared/index.js';
import { enabled, newUser, setup } from './helpers.js';

const padTo = (code: string, length: number): string => code + ' '.repeat(length - code.length);

describe('code input length bound', () => {
  it('a TOTP code padded with spaces to 64 characters is accepted, to 65 it is a wrong code', async () => {
    expect(MAX_CODE_INPUT).toBe(64);
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    expect(await f.mfa.verify(userId, padTo(f.code(secret), 65))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.verify(userId, padTo(f.code(secret), 64))).toMatchObject({ ok: true });
  });

  it('a recovery code padded to 64 characters is accepted, to 65 it is a wrong code', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    const [first, second] = recoveryCodes as [string, string];
    expect(await f.mfa.useRecoveryCode(userId, padTo(first, 65))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.useRecoveryCode(userId, padTo(first, 64))).toMatchObject({ ok: true });
    expect(await f.mfa.disable(userId, padTo(second, 65))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.disable(userId, padTo(second, 64))).toMatchObject({ ok: true });
  });

  it('disable and regenerate take a padded TOTP code up to the bound, and not past it', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabled(f, userId);
    expect(await f.mfa.regenerateRecoveryCodes(userId, padTo(f.code(secret), 65))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await f.mfa.regenerateRecoveryCodes(userId, padTo(f.code(secret), 64))).toMatchObject({
      ok: true,
    });
    f.advance(30_000);
    expect(await f.mfa.disable(userId, padTo(f.code(secret), 65))).toEqual({ ok: false, reason: 'invalid' });
    expect(await f.mfa.disable(userId, padTo(f.code(secret), 64))).toMatchObject({ ok: true });
  });
});
