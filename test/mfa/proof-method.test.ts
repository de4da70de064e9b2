// How a sign-in was proven: every success that checked a proof reports `method` ('totp',
// 'recovery_code' or 'device') and `verifiedAt`, the service's clock at the decision.
import { describe, expect, it } from 'vitest';
import { addActive, beginAdd, enabledWithId } from './authenticator-helpers.js';
import { newUser, pending, setup } from './helpers.js';

/** A clock reading that is not on a step boundary or a round number, so verifiedAt cannot match by chance. */
const ODD = 12_345;

describe('method and verifiedAt', () => {
  it("confirmEnable: 'totp' at the clock's time", async () => {
    const f = setup();
    const userId = newUser();
    const secret = await pending(f, userId);
    f.advance(ODD);
    expect(await f.mfa.confirmEnable(userId, f.code(secret))).toMatchObject({
      ok: true,
      method: 'totp',
      verifiedAt: f.clock.now,
    });
  });

  it("verify: 'totp'", async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    f.advance(ODD);
    expect(await f.mfa.verify(userId, f.code(secret))).toMatchObject({
      method: 'totp',
      verifiedAt: f.clock.now,
    });
  });

  it("useRecoveryCode: 'recovery_code'", async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabledWithId(f, userId);
    f.advance(ODD);
    expect(await f.mfa.useRecoveryCode(userId, recoveryCodes[0]!)).toEqual({
      ok: true,
      remaining: 9,
      method: 'recovery_code',
      verifiedAt: f.clock.now,
    });
  });

  it("checkDevice: 'device'", async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const signedIn = await f.mfa.verify(userId, f.code(secret), { rememberDevice: {} });
    f.advance(ODD);
    expect(await f.mfa.checkDevice(userId, (signedIn as { deviceToken: string }).deviceToken)).toMatchObject({
      ok: true,
      method: 'device',
      verifiedAt: f.clock.now,
    });
  });

  it("confirmAuthenticator: 'totp'", async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabledWithId(f, userId);
    const added = await beginAdd(f, userId, recoveryCodes[0]!);
    f.advance(ODD);
    expect(await f.mfa.confirmAuthenticator(userId, added.id, f.code(added.secret))).toMatchObject({
      method: 'totp',
      verifiedAt: f.clock.now,
    });
  });

  for (const proof of ['totp', 'recovery_code'] as const) {
    describe(`with a ${proof} proof`, () => {
      async function account() {
        const f = setup();
        const userId = newUser();
        const first = await enabledWithId(f, userId);
        f.advance(ODD);
        let n = 0;
        const code = () => (proof === 'totp' ? f.code(first.secret) : first.recoveryCodes[n++]!);
        return { f, userId, first, code };
      }

      it(`beginAddAuthenticator reports '${proof}'`, async () => {
        const { f, userId, code } = await account();
        expect(await f.mfa.beginAddAuthenticator(userId, { label: 'B', code: code() })).toMatchObject({
          ok: true,
          method: proof,
          verifiedAt: f.clock.now,
        });
      });

      it(`removeAuthenticator reports '${proof}'`, async () => {
        const { f, userId, first } = await account();
        const second = await addActive(f, userId, first.recoveryCodes[9]!);
        f.advance(ODD);
        const code = proof === 'totp' ? f.code(first.secret) : first.recoveryCodes[0]!;
        expect(await f.mfa.removeAuthenticator(userId, second.id, code)).toEqual({
          ok: true,
          method: proof,
          verifiedAt: f.clock.now,
        });
      });

      it(`disable reports '${proof}'`, async () => {
        const { f, userId, code } = await account();
        expect(await f.mfa.disable(userId, code())).toEqual({
          ok: true,
          method: proof,
          verifiedAt: f.clock.now,
        });
      });

      it(`regenerateRecoveryCodes reports '${proof}'`, async () => {
        const { f, userId, code } = await account();
        expect(await f.mfa.regenerateRecoveryCodes(userId, code())).toMatchObject({
          ok: true,
          method: proof,
          verifiedAt: f.clock.now,
        });
      });
    });
  }

  it('verifiedAt is the clock floored to whole ms, read at the decision', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const code = f.code(secret);
    const whole = f.clock.now;
    f.clock.now += 0.75;
    expect(await f.mfa.verify(userId, code)).toMatchObject({ verifiedAt: whole });
  });

  it('refusals carry neither method nor verifiedAt', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await enabledWithId(f, userId);
    const code = f.code(secret);
    await f.mfa.verify(userId, code);
    const refused = await f.mfa.verify(userId, code);
    expect(refused).toEqual({ ok: false, reason: 'replayed' });
    expect(await f.mfa.checkDevice(userId, 'Q'.repeat(43))).toEqual({ ok: false, reason: 'unknown' });
  });
});
