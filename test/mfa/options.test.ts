// Misuse fails fast with a typed error: bad options (INVALID_OPTION), bad arguments
// (INVALID_ARGUMENT), and beginEnable/cancelEnable on an enabled account (INVALID_STATE).
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/mfa/options.js';
import { createMfa } from '../../src/mfa/service.js';
import type { MfaOptions } from '../../src/mfa/types/index.js';
import { buildUri } from '../../src/otp/index.js';
import { DEFAULTS, MAX_LABEL_PART } from '../../src/shared/index.js';
import { memoryStore } from '../../src/stores/memory.js';
import { expectMfaError, newUser, setup, testKeyring } from './helpers.js';

const base = (): MfaOptions => ({ store: memoryStore(), issuer: 'Acme', keyring: testKeyring() });

describe('options', () => {
  it('fills in the documented defaults', () => {
    expect(resolvePolicy(base())).toEqual({
      issuer: 'Acme',
      totp: {
        period: 30,
        digits: 6,
        algorithm: 'SHA1',
        window: { past: 1, future: 1 },
        secretBytes: 20,
        maxDriftSteps: 1,
      },
      throttle: {
        maxFailures: 5,
        baseLockMs: 30_000,
        maxLockMs: 900_000,
        maxConsecutiveFailures: 100,
        failureBudget: 20,
        failureBudgetRefillMs: 10_800_000,
      },
      pendingTtlMs: 600_000,
      recoveryCodeCount: 10,
      maxAuthenticators: 10,
      devices: { max: 20, ttlMs: 2_592_000_000 },
      storeTimeoutMs: 5000,
    });
  });

  it.each([
    ['no issuer', { issuer: undefined }],
    ['an empty issuer', { issuer: '' }],
    ['an issuer with a colon', { issuer: 'Acme:Corp' }],
    ['a 257-character issuer', { issuer: 'x'.repeat(MAX_LABEL_PART + 1) }],
    ['a store without compareAndSet', { store: { get: async () => null, delete: async () => {} } }],
    ['no store', { store: undefined }],
    ['a non-function clock', { clock: 5 }],
    ['a non-function onEvent', { onEvent: 'log' }],
    ['digits 5', { totp: { digits: 5 } }],
    ['digits 11', { totp: { digits: 11 } }],
    ['period 0', { totp: { period: 0 } }],
    ['period 1.5', { totp: { period: 1.5 } }],
    ['algorithm MD5', { totp: { algorithm: 'MD5' } }],
    ['window -1', { totp: { window: -1 } }],
    ['window NaN', { totp: { window: Number.NaN } }],
    ['window { past: 11 }', { totp: { window: { past: 11, future: 1 } } }],
    ['secretBytes 15 (below 128 bits)', { totp: { secretBytes: 15 } }],
    ['maxFailures 0', { throttle: { maxFailures: 0 } }],
    ['maxFailures 101 (NIST allows at most 100)', { throttle: { maxFailures: 101 } }],
    ['maxLockMs below baseLockMs', { throttle: { baseLockMs: 10_000, maxLockMs: 5000 } }],
    ['a negative pendingTtlMs', { pendingTtlMs: -1 }],
    ['recoveryCodes.count 101', { recoveryCodes: { count: 101 } }],
    ['storeTimeoutMs 0', { storeTimeoutMs: 0 }],
    ['storeTimeoutMs beyond a timer', { storeTimeoutMs: 2 ** 31 }],
    ['throttle not an object', { throttle: 5 }],
  ])('refuses %s with INVALID_OPTION', (_label, override) => {
    expect(() => createMfa({ ...base(), ...override } as unknown as MfaOptions)).toThrowError(
      expect.objectContaining({ name: 'MfaError', code: 'INVALID_OPTION' }),
    );
  });

  it('accepts the algorithm in any case and an asymmetric window', () => {
    const policy = resolvePolicy({
      ...base(),
      totp: { algorithm: 'sha256', window: { past: 2, future: 0 } },
    });
    expect(policy.totp.algorithm).toBe('SHA256');
    expect(policy.totp.window).toEqual({ past: 2, future: 0 });
  });

  it('uses the TOTP options for enrolment URIs and verification', async () => {
    const f = setup({ totp: { digits: 8, period: 60, algorithm: 'SHA256', secretBytes: 32 } });
    const userId = newUser();
    const { secret, uri } = await f.mfa.beginEnable(userId, { accountName: 'ada@example.com' });
    expect(uri).toContain('digits=8');
    expect(uri).toContain('period=60');
    expect(uri).toContain('algorithm=SHA256');
    expect(uri).toContain('issuer=Acme');
    expect(secret.replace(/=+$/, '')).toHaveLength(52); // 32 bytes in Base32
    const { totp } = await import('../../src/otp/index.js');
    const code = totp(secret, { time: f.clock.now, digits: 8, period: 60, algorithm: 'SHA256' });
    expect((await f.mfa.confirmEnable(userId, code)).ok).toBe(true);
  });
});

describe('arguments', () => {
  const badUserIds = [undefined, null, 42, '', 'x'.repeat(256), {}, ['u']];

  it('every method refuses a user id that is not a non-empty string of at most 255 characters', async () => {
    const { mfa } = setup();
    for (const userId of badUserIds) {
      const id = userId as string;
      await expectMfaError(mfa.status(id), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.beginEnable(id), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.confirmEnable(id, '123456'), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.cancelEnable(id), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.verify(id, '123456'), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.useRecoveryCode(id, 'AAAA-AAAA-AAAA-AAAA'), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.disable(id, '123456'), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.regenerateRecoveryCodes(id, '123456'), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.reset(id), 'INVALID_ARGUMENT');
      await expectMfaError(mfa.deleteUser(id), 'INVALID_ARGUMENT');
    }
    expect((await mfa.status('x'.repeat(255))).state).toBe('disabled');
  });

  it('every code-taking method refuses a non-string code and counts nothing', async () => {
    const f = setup();
    const userId = newUser();
    for (const code of [undefined, null, 123456, {}, ['123456']]) {
      const c = code as unknown as string;
      await expectMfaError(f.mfa.confirmEnable(userId, c), 'INVALID_ARGUMENT');
      await expectMfaError(f.mfa.verify(userId, c), 'INVALID_ARGUMENT');
      await expectMfaError(f.mfa.useRecoveryCode(userId, c), 'INVALID_ARGUMENT');
      await expectMfaError(f.mfa.disable(userId, c), 'INVALID_ARGUMENT');
      await expectMfaError(f.mfa.regenerateRecoveryCodes(userId, c), 'INVALID_ARGUMENT');
    }
    expect(await f.store.get(userId)).toBeNull();
  });

  it('beginEnable refuses a bad account name', async () => {
    const { mfa } = setup();
    for (const accountName of ['', 'a:b', 'x'.repeat(MAX_LABEL_PART + 1), 'a\uD800', 7]) {
      await expectMfaError(
        mfa.beginEnable(newUser(), { accountName: accountName as string }),
        'INVALID_ARGUMENT',
      );
    }
  });

  it('beginEnable defaults the account name to the user id', async () => {
    const { mfa } = setup();
    const { uri } = await mfa.beginEnable('ada');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Acme:ada\?/);
  });

  it('error messages never contain the code that was passed', async () => {
    const f = setup({ store: { ...memoryStore(), get: async () => Promise.reject(new Error('db down')) } });
    const error = await expectMfaError(f.mfa.verify('u', '987654'), 'STORE_ERROR');
    expect(error.message).not.toContain('987654');
  });
});

describe('one check for each thing: the copies that drifted in 0.1 agree by construction', () => {
  it("refuses 'ſha1' in createMfa as normalizeAlgorithm does ('ſ'.toUpperCase() is 'S')", () => {
    expect(() => resolvePolicy({ ...base(), totp: { algorithm: 'ſha1' as 'sha1' } })).toThrow(
      /algorithm must be SHA1, SHA256 or SHA512/,
    );
  });

  it('takes the same longest account name in beginEnable as buildUri puts in a label', async () => {
    const longest = 'a'.repeat(MAX_LABEL_PART);
    expect(() => buildUri({ secret: 'JBSWY3DPEHPK3PXP', accountName: longest })).not.toThrow();
    const { mfa } = setup();
    await expect(mfa.beginEnable(newUser(), { accountName: longest })).resolves.toMatchObject({
      secret: expect.any(String),
    });
    expect(() => buildUri({ secret: 'JBSWY3DPEHPK3PXP', accountName: `${longest}a` })).toThrow();
    await expectMfaError(mfa.beginEnable(newUser(), { accountName: `${longest}a` }), 'INVALID_ARGUMENT');
  });

  it('fills in every default from DEFAULTS', () => {
    const policy = resolvePolicy(base());
    const { otp, mfa } = DEFAULTS;
    expect(policy.totp).toEqual({
      period: otp.period,
      digits: otp.digits,
      algorithm: otp.algorithm,
      window: { past: otp.window, future: otp.window },
      secretBytes: otp.secretBytes,
      maxDriftSteps: mfa.totp.maxDriftSteps,
    });
    expect(policy.throttle).toEqual(mfa.throttle);
    expect(policy.pendingTtlMs).toBe(mfa.pendingTtlMs);
    expect(policy.recoveryCodeCount).toBe(mfa.recoveryCodes.count);
    expect(policy.maxAuthenticators).toBe(mfa.authenticators.max);
    expect(policy.devices).toEqual({ max: mfa.devices.max, ttlMs: mfa.devices.ttlMs });
    expect(policy.storeTimeoutMs).toBe(mfa.storeTimeoutMs);
  });

  it('keeps DEFAULTS frozen all the way down', () => {
    expect(Object.isFrozen(DEFAULTS.mfa.throttle)).toBe(true);
    expect(() => {
      (DEFAULTS.mfa.throttle as { maxFailures: number }).maxFailures = 1000;
    }).toThrow(TypeError);
  });
});
