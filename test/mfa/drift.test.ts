// Clock drift (totp.maxDriftSteps, default 1): each authenticator keeps the offset d (in steps) of
// its last accepted code, and with a window { past, future } the steps accepted at true step T are
// T+d-past … T+d+future, with d within ±maxDriftSteps and within -future..past (so T itself always
// stays in the window). The tests use an imported fixed secret and the fixed start time, so every
// code below is the same on every run. "T" is the true step at the start; "U" and "V" are true
// steps later on; each test name lists the steps it accepts and refuses.
import { describe, expect, it } from 'vitest';
import { createMfa } from '../../src/mfa/service.js';
import { addActive, stored } from './authenticator-helpers.js';
import { enabled, type Fixture, newUser, type Overrides, setup, testKeyring } from './helpers.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const STEP = 30_000;

/** A service with one active authenticator holding SECRET; returns the user and its recovery codes. */
async function importedAccount(
  overrides: Overrides = {},
): Promise<{ f: Fixture; userId: string; recovery: string[] }> {
  const f = setup(overrides);
  const userId = newUser('drift');
  const { recoveryCodes } = await f.mfa.importEnrolment(userId, { secret: SECRET });
  return { f, userId, recovery: recoveryCodes };
}

/** SECRET's code of the step `offset` steps from the current true step. */
const at = (f: Fixture, offset: number) => f.code(SECRET, offset);

async function driftOf(f: Fixture, userId: string, index = 0): Promise<number> {
  return (await stored(f, userId)).authenticators![index]!.driftSteps;
}

const ACCEPTED = { ok: true };
const REFUSED = { ok: false, reason: 'invalid' };

describe('clock drift', () => {
  it("SECRET's codes of the steps T-10..T+40 are all different (so no result below is a coincidence)", () => {
    const f = setup();
    const codes = Array.from({ length: 51 }, (_, i) => at(f, i - 10));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('a code of step T-1 is accepted and stores driftSteps -1', async () => {
    const { f, userId } = await importedAccount();
    expect(await driftOf(f, userId)).toBe(0);
    expect(await f.mfa.verify(userId, at(f, -1))).toMatchObject(ACCEPTED);
    expect(await driftOf(f, userId)).toBe(-1);
  });

  it('after a code of T-1, at a later step U the steps accepted are U-2..U: U+1 and U-3 refused, U-2 accepted', async () => {
    const { f, userId } = await importedAccount();
    await f.mfa.verify(userId, at(f, -1));
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, 1))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, -3))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, -2))).toMatchObject(ACCEPTED);
    // The floor still holds: the same step again is a replay.
    expect(await f.mfa.verify(userId, at(f, -2))).toEqual({ ok: false, reason: 'replayed' });
  });

  it('after a code of T-1, at U the true step U is still accepted (and brings the drift back to 0)', async () => {
    const { f, userId } = await importedAccount();
    await f.mfa.verify(userId, at(f, -1));
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, 0))).toMatchObject(ACCEPTED);
    expect(await driftOf(f, userId)).toBe(0);
    // Back on true time: at V the steps are V-1..V+1 (V-2 refused, V+1 accepted).
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, -2))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, 1))).toMatchObject(ACCEPTED);
  });

  it('the drift stays clamped to ±maxDriftSteps: a code of U-2 stores -1, not -2, so at V: V-3 refused, V-2 accepted', async () => {
    const { f, userId } = await importedAccount();
    await f.mfa.verify(userId, at(f, -1));
    f.advance(10 * STEP);
    await f.mfa.verify(userId, at(f, -2));
    expect(await driftOf(f, userId)).toBe(-1);
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, -3))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, -2))).toMatchObject(ACCEPTED);
    expect(await driftOf(f, userId)).toBe(-1);
  });

  it('a code of T+1 stores +1; at U the steps accepted are U..U+2: U-1 and U+3 refused, U+2 accepted', async () => {
    const { f, userId } = await importedAccount();
    expect(await f.mfa.verify(userId, at(f, 1))).toMatchObject(ACCEPTED);
    expect(await driftOf(f, userId)).toBe(1);
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, -1))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, 3))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, 2))).toMatchObject(ACCEPTED);
    expect(await driftOf(f, userId)).toBe(1);
  });

  it('without drift the window is T-1..T+1: T-2 and T+2 refused', async () => {
    const { f, userId } = await importedAccount();
    expect(await f.mfa.verify(userId, at(f, -2))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, 2))).toEqual(REFUSED);
    expect(await driftOf(f, userId)).toBe(0);
  });

  it('maxDriftSteps 0 keeps the window on true time: T-1 accepted (drift stays 0), then at U: U-2 refused, U-1 accepted', async () => {
    const { f, userId } = await importedAccount({ totp: { maxDriftSteps: 0 } });
    expect(await f.mfa.verify(userId, at(f, -1))).toMatchObject(ACCEPTED);
    expect((await driftOf(f, userId)) + 0).toBe(0); // + 0: the sign of a zero is the next test's concern
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, -2))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, -1))).toMatchObject(ACCEPTED);
  });

  it.each([
    ['maxDriftSteps 0', { maxDriftSteps: 0 }],
    ['window { past: 1, future: 0 }', { window: { past: 1, future: 0 } }],
  ])(
    '%s: a code of T-1 stores driftSteps +0, not -0 (JSON stores write -0 as 0, so the record would not round-trip)',
    async (_, totp) => {
      const { f, userId } = await importedAccount({ totp });
      expect(await f.mfa.verify(userId, at(f, -1))).toMatchObject(ACCEPTED);
      const drift = await driftOf(f, userId);
      expect(Object.is(drift, -0)).toBe(false);
      expect(JSON.parse(JSON.stringify(await stored(f, userId)))).toEqual(await stored(f, userId));
    },
  );

  it('maxDriftSteps 2, window 2: after a code of T-2, at U the steps are U-4..U: U-5 and U+1 refused, U-4 accepted', async () => {
    const { f, userId } = await importedAccount({ totp: { maxDriftSteps: 2, window: 2 } });
    expect(await f.mfa.verify(userId, at(f, -2))).toMatchObject(ACCEPTED);
    expect(await driftOf(f, userId)).toBe(-2);
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, -5))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, 1))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, -4))).toMatchObject(ACCEPTED);
    expect(await driftOf(f, userId)).toBe(-2);
  });

  it('maxDriftSteps 2, window 1: the drift stays within -1..1 so that T stays in the window; after T-1 and U-2, at V: V-3 refused, V accepted', async () => {
    const { f, userId } = await importedAccount({ totp: { maxDriftSteps: 2 } });
    await f.mfa.verify(userId, at(f, -1));
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, -2))).toMatchObject(ACCEPTED);
    expect(await driftOf(f, userId)).toBe(-1);
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, -3))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, 0))).toMatchObject(ACCEPTED);
  });

  it('window { past: 1, future: 0 }: a code of T-1 leaves the drift at 0 (d must stay within -future..past), so at U: U-2 refused, U accepted', async () => {
    const { f, userId } = await importedAccount({ totp: { window: { past: 1, future: 0 } } });
    expect(await f.mfa.verify(userId, at(f, -1))).toMatchObject(ACCEPTED);
    expect((await driftOf(f, userId)) + 0).toBe(0);
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, -2))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, 1))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, 0))).toMatchObject(ACCEPTED);
  });

  it('window { past: 0, future: 1 }: a code of T+1 leaves the drift at 0 (d must stay within -future..past), so at U: U+2 and U-1 refused, U+1 accepted', async () => {
    const { f, userId } = await importedAccount({ totp: { window: { past: 0, future: 1 } } });
    expect(await f.mfa.verify(userId, at(f, 1))).toMatchObject(ACCEPTED);
    expect(await driftOf(f, userId)).toBe(0);
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, at(f, 2))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, -1))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, 1))).toMatchObject(ACCEPTED);
  });

  it('a drift stored under a larger bound is read within the current one: -2 stored (window 2), maxDriftSteps 1 gives V-3..V+1 (V-4 refused), 0 gives V-2..V+2', async () => {
    const window = 2;
    const { f, userId } = await importedAccount({ totp: { maxDriftSteps: 2, window } });
    await f.mfa.verify(userId, at(f, -2));
    expect(await driftOf(f, userId)).toBe(-2);
    f.advance(10 * STEP);
    const clock = () => f.clock.now;
    const service = (maxDriftSteps: number) =>
      createMfa({
        store: f.store,
        issuer: 'Acme',
        clock,
        keyring: testKeyring(),
        totp: { maxDriftSteps, window },
      });
    const tighter = service(1);
    expect(await tighter.verify(userId, at(f, -4))).toEqual(REFUSED);
    expect(await tighter.verify(userId, at(f, -3))).toMatchObject(ACCEPTED);
    // The stored drift is now -1 (-3 steps, clamped); with drift off the window is V-2..V+2 again.
    f.advance(10 * STEP);
    const off = service(0);
    expect(await off.verify(userId, at(f, -3))).toEqual(REFUSED);
    expect(await off.verify(userId, at(f, 2))).toMatchObject(ACCEPTED);
  });

  it("is per authenticator: A's code of T-1 moves A's window only; at U, B's U-2 refused, A's U-2 and B's U+1 accepted", async () => {
    const { f, userId, recovery } = await importedAccount();
    const b = await addActive(f, userId, recovery[0]!); // confirmed with B's code of the true step: drift 0
    expect(await f.mfa.verify(userId, at(f, -1))).toMatchObject(ACCEPTED);
    expect(await driftOf(f, userId, 0)).toBe(-1);
    expect(await driftOf(f, userId, 1)).toBe(0);
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, f.code(b.secret, -2))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, at(f, -2))).toMatchObject(ACCEPTED);
    expect(await f.mfa.verify(userId, at(f, 1))).toEqual(REFUSED);
    expect(await f.mfa.verify(userId, f.code(b.secret, 1))).toMatchObject({
      ok: true,
      authenticatorId: b.id,
    });
    expect(await driftOf(f, userId, 0)).toBe(-1);
    expect(await driftOf(f, userId, 1)).toBe(1);
  });

  it('confirmEnable with a code of T-1 stores drift -1: at U, U-2 accepted', async () => {
    const f = setup();
    const userId = newUser();
    const { secret } = await f.mfa.beginEnable(userId);
    expect(await f.mfa.confirmEnable(userId, f.code(secret, -1))).toMatchObject({ ok: true });
    expect(await driftOf(f, userId)).toBe(-1);
    f.advance(10 * STEP);
    expect(await f.mfa.verify(userId, f.code(secret, -2))).toMatchObject(ACCEPTED);
  });

  it('confirmAuthenticator with a code of T+1 stores drift +1 on that authenticator', async () => {
    const f = setup();
    const userId = newUser();
    const { recoveryCodes } = await enabled(f, userId);
    const started = await f.mfa.beginAddAuthenticator(userId, { label: 'B', code: recoveryCodes[0]! });
    if (!started.ok) throw new Error(started.reason);
    expect(
      await f.mfa.confirmAuthenticator(userId, started.authenticatorId, f.code(started.secret, 1)),
    ).toMatchObject({
      ok: true,
    });
    expect(await driftOf(f, userId, 1)).toBe(1);
    expect(await driftOf(f, userId, 0)).toBe(0);
  });

  it('a TOTP proof (regenerateRecoveryCodes) of T-1 moves the drift like a sign-in', async () => {
    const { f, userId } = await importedAccount();
    expect(await f.mfa.regenerateRecoveryCodes(userId, at(f, -1))).toMatchObject({ ok: true });
    expect(await driftOf(f, userId)).toBe(-1);
  });

  it('a refused code leaves the drift as it was', async () => {
    const { f, userId } = await importedAccount();
    await f.mfa.verify(userId, at(f, 1));
    expect(await f.mfa.verify(userId, at(f, 5))).toEqual(REFUSED);
    expect(await driftOf(f, userId)).toBe(1);
  });

  it.each([-1, 11, 1.5, '1'])('totp.maxDriftSteps %s is refused with INVALID_OPTION', (maxDriftSteps) => {
    expect(() => setup({ totp: { maxDriftSteps: maxDriftSteps as number } })).toThrowError(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });

  it('totp.maxDriftSteps 0 and 10 are accepted', () => {
    expect(() => setup({ totp: { maxDriftSteps: 0 } })).not.toThrow();
    expect(() => setup({ totp: { maxDriftSteps: 10 } })).not.toThrow();
  });
});
