// A record written before spent recovery codes were kept (mfakit 0.1) has no
// spentRecoveryCodeHashes: its recovery codes work, and the first one used starts the list.
import { describe, expect, it } from 'vitest';
import { enabled, newUser, setup } from './helpers.js';

describe('a record without a spent-code list', () => {
  it('takes its recovery codes, refuses a wrong one, and starts the list with the first used', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    const record = (await f.store.get(userId))!;
    const { spentRecoveryCodeHashes: _dropped, ...older } = record;
    expect(
      await f.store.compareAndSet(userId, record.version, { ...older, version: record.version + 1 }),
    ).toBe(true);
    expect((await f.store.get(userId))!.spentRecoveryCodeHashes).toBeUndefined();

    expect(await f.mfa.useRecoveryCode(userId, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toMatchObject({ ok: true, remaining: 9 });
    expect((await f.store.get(userId))!.spentRecoveryCodeHashes).toEqual([record.recoveryCodeHashes[0]]);
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toEqual({ ok: false, reason: 'replayed' });
  });
});
