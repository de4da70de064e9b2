// Concurrency of the actions of issue 11 on one account, in process: parallel requests over the
// memory store (and over one whose calls settle in a random order) end in a state that some serial
// order of the same requests explains. A store that logs its writes shows the order they landed in.
import { describe, expect, it } from 'vitest';
import type { MfaStore } from '../../src/mfa/store.js';
import { memoryStore } from '../../src/stores/memory.js';
import {
  addActive,
  beginAdd,
  enabledWithId,
  jitteryStore,
  recordingStore,
  stored,
} from './authenticator-helpers.js';
import { newUser, setup } from './helpers.js';

const STORES: [string, () => MfaStore][] = [
  ['memory store', memoryStore],
  ['jittery store', () => jitteryStore()],
];
const ROUNDS = 10;

describe('concurrency of authenticators and devices', () => {
  for (const [label, makeStore] of STORES) {
    it(`two parallel confirmations of two new authenticators both end active (${label})`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const f = setup({ store: makeStore() });
        const userId = newUser();
        const { recoveryCodes } = await enabledWithId(f, userId);
        const b = await beginAdd(f, userId, recoveryCodes[0]!, 'B');
        const c = await beginAdd(f, userId, recoveryCodes[1]!, 'C');
        const results = await Promise.all([
          f.mfa.confirmAuthenticator(userId, b.id, f.code(b.secret)),
          f.mfa.confirmAuthenticator(userId, c.id, f.code(c.secret)),
        ]);
        expect(results).toEqual([
          { ok: true, authenticatorId: b.id, method: 'totp', verifiedAt: f.clock.now },
          { ok: true, authenticatorId: c.id, method: 'totp', verifiedAt: f.clock.now },
        ]);
        const listed = await f.mfa.listAuthenticators(userId);
        expect(listed.map((a) => [a.id, a.state])).toEqual([
          [listed[0]!.id, 'active'],
          [b.id, 'active'],
          [c.id, 'active'],
        ]);
        expect((await f.mfa.status(userId)).activeAuthenticators).toBe(3);
      }
    });

    it(`parallel beginAddAuthenticator at authenticators.max - 1: exactly one succeeds, the others use nothing up (${label})`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const f = setup({ store: makeStore(), authenticators: { max: 3 } });
        const userId = newUser();
        const { recoveryCodes } = await enabledWithId(f, userId);
        await beginAdd(f, userId, recoveryCodes[0]!);
        const results = await Promise.all(
          recoveryCodes
            .slice(1, 7)
            .map((code, i) => f.mfa.beginAddAuthenticator(userId, { label: `Phone ${i}`, code })),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.reason === 'limit_reached')).toHaveLength(5);
        expect(await f.mfa.listAuthenticators(userId)).toHaveLength(3);
        expect((await f.mfa.status(userId)).recoveryCodesRemaining).toBe(8);
      }
    });

    it(`a removal racing a verify with a code of the removed authenticator: the code is never accepted after the removal landed (${label})`, async () => {
      for (let round = 0; round < ROUNDS * 2; round++) {
        const store = recordingStore(makeStore());
        const f = setup({ store });
        const userId = newUser();
        const a = await enabledWithId(f, userId);
        const b = await addActive(f, userId, a.recoveryCodes[0]!);
        const step = Math.floor(f.clock.now / 30_000);
        const from = store.writes.length;
        const [removed, signedIn] = await Promise.all([
          f.mfa.removeAuthenticator(userId, b.id, f.code(a.secret)),
          f.mfa.verify(userId, f.code(b.secret)),
        ]);
        expect(removed).toMatchObject({ ok: true });
        const writes = store.writes.slice(from);
        const removal = writes.findIndex((w) => !w.authenticators!.some((x) => x.id === b.id));
        expect(removal).toBeGreaterThanOrEqual(0);
        // After the removal landed, no write holds B again.
        expect(writes.slice(removal).every((w) => !w.authenticators!.some((x) => x.id === b.id))).toBe(true);
        const acceptedB = writes.findIndex((w) =>
          w.authenticators!.some((x) => x.id === b.id && x.lastUsedStep === step),
        );
        if (signedIn.ok) {
          expect(signedIn.authenticatorId).toBe(b.id);
          expect(acceptedB).toBeGreaterThanOrEqual(0);
          expect(acceptedB).toBeLessThan(removal);
        } else {
          expect(signedIn).toEqual({ ok: false, reason: 'invalid' });
          expect(acceptedB).toBe(-1);
        }
        const record = await stored(f, userId);
        expect(record.authenticators!.map((x) => x.id)).toEqual([a.authenticatorId]);
        expect(record.authenticators![0]!.lastUsedStep).toBe(step);
        expect(record.failedAttempts).toBe(signedIn.ok ? 0 : 1);
      }
    });

    it(`two parallel removals of the only two active authenticators: exactly one succeeds, one stays active (${label})`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const f = setup({ store: makeStore() });
        const userId = newUser();
        const a = await enabledWithId(f, userId);
        const b = await addActive(f, userId, a.recoveryCodes[0]!);
        const results = await Promise.all([
          f.mfa.removeAuthenticator(userId, a.authenticatorId, a.recoveryCodes[1]!),
          f.mfa.removeAuthenticator(userId, b.id, a.recoveryCodes[2]!),
        ]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.reason === 'last_authenticator')).toHaveLength(1);
        expect((await f.mfa.listAuthenticators(userId)).filter((x) => x.state === 'active')).toHaveLength(1);
        // The refused removal used nothing up.
        expect((await f.mfa.status(userId)).recoveryCodesRemaining).toBe(8);
      }
    });

    it(`a device check racing a disable matches a serial order (${label})`, async () => {
      for (let round = 0; round < ROUNDS * 2; round++) {
        const store = recordingStore(makeStore());
        const f = setup({ store });
        const userId = newUser();
        const { secret } = await enabledWithId(f, userId);
        const signedIn = await f.mfa.verify(userId, f.code(secret), { rememberDevice: {} });
        if (!signedIn.ok) throw new Error(signedIn.reason);
        f.advance(30_000);
        const from = store.writes.length;
        const [checked, disabled] = await Promise.all([
          f.mfa.checkDevice(userId, signedIn.deviceToken!),
          f.mfa.disable(userId, f.code(secret)),
        ]);
        expect(disabled).toMatchObject({ ok: true });
        const writes = store.writes.slice(from);
        const disabling = writes.findIndex((w) => w.state === 'disabled');
        const deviceUse = writes.findIndex((w) => w.devices!.some((d) => d.lastUsedAt === f.clock.now));
        if (checked.ok) {
          // Check, then disable.
          expect(checked.deviceId).toBe(signedIn.deviceId);
          expect(deviceUse).toBeGreaterThanOrEqual(0);
          expect(deviceUse).toBeLessThan(disabling);
        } else {
          // Disable, then check.
          expect(checked).toEqual({ ok: false, reason: 'not_enabled' });
          expect(deviceUse).toBe(-1);
        }
        expect(writes).toHaveLength(checked.ok ? 2 : 1);
        const record = await stored(f, userId);
        expect(record).toMatchObject({ state: 'disabled', devices: [], authenticators: [] });
        expect(await f.mfa.checkDevice(userId, signedIn.deviceToken!)).toEqual({
          ok: false,
          reason: 'not_enabled',
        });
      }
    });

    it(`parallel sign-ins with codes of ten authenticators each remember a device; devices.max keeps the last four (${label})`, async () => {
      const f = setup({ store: makeStore(), devices: { max: 4 } });
      const userId = newUser();
      const first = await enabledWithId(f, userId);
      const secrets = [first.secret];
      for (let i = 1; i < 10; i++)
        secrets.push((await addActive(f, userId, first.recoveryCodes[i - 1]!)).secret);
      const results = await Promise.all(
        secrets.map((secret) => f.mfa.verify(userId, f.code(secret), { rememberDevice: {} })),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      const ids = new Set(results.map((r) => (r as { authenticatorId: string }).authenticatorId));
      expect(ids.size).toBe(10);
      const tokens = results.map((r) => (r as { deviceToken: string }).deviceToken);
      const checks = await Promise.all(tokens.map((token) => f.mfa.checkDevice(userId, token)));
      expect(checks.filter((c) => c.ok)).toHaveLength(4);
      expect(checks.filter((c) => !c.ok && c.reason === 'unknown')).toHaveLength(6);
      const listed = (await f.mfa.listDevices(userId)).map((d) => d.id);
      expect(new Set(listed)).toEqual(
        new Set(checks.filter((c) => c.ok).map((c) => (c as { deviceId: string }).deviceId)),
      );
      const forgotten = f.events.flatMap((e) => (e.type === 'device_forgotten' ? e.deviceIds : []));
      expect(forgotten).toHaveLength(6);
      expect(forgotten.some((id) => listed.includes(id))).toBe(false);
    });

    it(`a forget racing a check of the same device: either order, never recognised after the forget (${label})`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const f = setup({ store: makeStore() });
        const userId = newUser();
        const { secret } = await enabledWithId(f, userId);
        const signedIn = await f.mfa.verify(userId, f.code(secret), { rememberDevice: {} });
        if (!signedIn.ok) throw new Error(signedIn.reason);
        const [checked, forgotten] = await Promise.all([
          f.mfa.checkDevice(userId, signedIn.deviceToken!),
          f.mfa.forgetDevice(userId, signedIn.deviceId!),
        ]);
        expect(forgotten).toEqual({ forgotten: 1 });
        expect([true, 'unknown']).toContain(checked.ok || checked.reason);
        expect(await f.mfa.listDevices(userId)).toEqual([]);
        expect(await f.mfa.checkDevice(userId, signedIn.deviceToken!)).toEqual({
          ok: false,
          reason: 'unknown',
        });
      }
    });

    it(`twenty parallel checks of one remembered device all succeed (${label})`, async () => {
      const f = setup({ store: makeStore() });
      const userId = newUser();
      const { secret } = await enabledWithId(f, userId);
      const signedIn = await f.mfa.verify(userId, f.code(secret), { rememberDevice: {} });
      if (!signedIn.ok) throw new Error(signedIn.reason);
      const settled = await Promise.allSettled(
        Array.from({ length: 20 }, () => f.mfa.checkDevice(userId, signedIn.deviceToken!)),
      );
      const failures = settled.flatMap((s) =>
        s.status === 'rejected' ? [(s.reason as { code?: string }).code] : [],
      );
      expect(failures).toEqual([]);
      expect(settled.every((s) => s.status === 'fulfilled' && s.value.ok)).toBe(true);
    });
  }
});
