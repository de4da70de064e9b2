// The sealed largest record of the conformance suite: it is sealed the way the service seals (the
// service opens every secret, token and code in it), it holds none of its plaintexts, and the
// search for plaintexts finds each of them when one is there, whatever its case.
import { describe, expect, it } from 'vitest';
import { createMfa, totp } from '../../src/index.js';
import { encodeBase32 } from '../../src/otp/index.js';
import { memoryStore } from '../../src/stores/memory.js';
import { plaintextForms, sealedLargestRecord } from '../../src/testing/conformance/sealed.js';
import { largestRecord } from '../../src/testing/index.js';

const keyring = { current: 'k-test', keys: { 'k-test': new Uint8Array(32).fill(11) } };

describe('largestRecord', () => {
  it('holds 10 authenticators (7 active, 3 pending) and 20 devices, with unique ids of the right shape', () => {
    const record = largestRecord('ada');
    const authenticators = record.authenticators!;
    expect(authenticators.map(({ state }) => state)).toEqual([
      ...Array(7).fill('active'),
      ...Array(3).fill('pending'),
    ]);
    expect(record.devices).toHaveLength(20);
    const ids = [...authenticators.map(({ id }) => id), ...record.devices!.map(({ id }) => id)];
    expect(new Set(ids).size).toBe(30);
    for (const id of ids) expect(id).toMatch(/^(au|dv)_[0-9a-f]{16}$/);
    expect(record.secret).toBeNull();
    expect(Math.max(...authenticators.map(({ label }) => label.length))).toBe(64);
    expect(new Set(authenticators.map(({ driftSteps }) => driftSteps)).size).toBeGreaterThan(2);
    expect(authenticators.some(({ lastUsedAt }) => lastUsedAt === null)).toBe(true);
    expect(record.devices!.some(({ label }) => label === null)).toBe(true);
  });

  it('takes other sizes, and returns a fresh record each time', () => {
    const record = largestRecord('ada', 1, {}, { authenticators: 100, devices: 100 });
    expect([record.authenticators!.length, record.devices!.length]).toEqual([100, 100]);
    expect(new Set(record.authenticators!.map(({ id }) => id)).size).toBe(100);
    expect(largestRecord('ada')).not.toBe(largestRecord('ada'));
    expect(largestRecord('ada')).toEqual(largestRecord('ada'));
  });
});

describe('sealedLargestRecord', () => {
  it('is sealed the way the service seals: every active secret, every device token and recovery code opens', async () => {
    const store = memoryStore();
    const userId = 'sealed-sample';
    const sample = await sealedLargestRecord(userId, keyring);
    await store.compareAndSet(userId, 0, sample.record);
    const authenticators = sample.record.authenticators!;
    const devices = sample.record.devices!;
    let now = Math.max(...authenticators.map(({ lastUsedStep }) => (lastUsedStep ?? 0) * 30_000)) + 3_600_000;
    const mfa = createMfa({ store, issuer: 'x', keyring, clock: () => now });
    for (const [i, { id, state }] of authenticators.entries()) {
      if (state !== 'active') continue;
      now += 30_000;
      // Whatever drift is stored, the window always takes in true time.
      const code = totp(encodeBase32(sample.secrets[i]!), { time: now });
      expect(await mfa.verify(userId, code)).toMatchObject({ ok: true, authenticatorId: id });
    }
    for (const [i, token] of sample.deviceTokens.entries()) {
      expect(await mfa.checkDevice(userId, token)).toMatchObject({ ok: true, deviceId: devices[i]!.id });
    }
    for (const code of sample.recoveryCodes) {
      expect(await mfa.useRecoveryCode(userId, code)).toMatchObject({ ok: true });
    }
  });

  it('holds none of its plaintexts, which are fresh each time and in every encoding looked for', async () => {
    const sample = await sealedLargestRecord('sealed-sample', keyring);
    const text = JSON.stringify(sample.record).toUpperCase();
    const forms = plaintextForms(sample);
    // 10 secrets in 4 encodings, 20 tokens in 3, 10 codes in 2.
    expect(forms).toHaveLength(10 * 4 + 20 * 3 + 10 * 2);
    for (const [what, form] of forms) expect(text.includes(form.toUpperCase()), what).toBe(false);
    expect(forms.find(([what]) => what === 'a TOTP secret in Base32')![1]).toMatch(/^[A-Z2-7]{32}$/);
    expect(forms.find(([what]) => what === 'a device token')![1]).toMatch(/^[\w-]{43}$/);
    expect(forms.find(([what]) => what === 'a recovery code')![1]).toMatch(/^([A-Z2-7]{4}-){3}[A-Z2-7]{4}$/);
    const again = await sealedLargestRecord('sealed-sample', keyring);
    expect(again.deviceTokens[0]).not.toBe(sample.deviceTokens[0]);
    expect(again.record.authenticators![0]!.secret.iv).not.toBe(sample.record.authenticators![0]!.secret.iv);
  });
});
