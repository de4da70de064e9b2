// The options at their bounds: every option given is the one used, limits that depend on another
// option hold at equality, the resolved policy cannot be changed, and importEnrolment's options.
import { describe, expect, it } from 'vitest';
import { checkImportOptions, resolvePolicy } from '../../src/mfa/options.js';
import type { MfaOptions } from '../../src/mfa/types/index.js';
import { memoryStore } from '../../src/stores/memory.js';
import { testKeyring } from './helpers.js';

const base = (): MfaOptions => ({ store: memoryStore(), issuer: 'Acme', keyring: testKeyring() });
const invalid = (code: string) => expect.objectContaining({ name: 'MfaError', code });

describe('resolvePolicy', () => {
  it('uses every option given, none swapped with another or with its default', () => {
    const policy = resolvePolicy({
      ...base(),
      issuer: 'Other',
      totp: { period: 45, digits: 7, algorithm: 'SHA512', window: 3, secretBytes: 24, maxDriftSteps: 2 },
      throttle: {
        maxFailures: 4,
        baseLockMs: 2_000,
        maxLockMs: 3_000,
        maxConsecutiveFailures: 40,
        failureBudget: 12,
        failureBudgetRefillMs: 7_000,
      },
      pendingTtlMs: 123_000,
      recoveryCodes: { count: 7 },
      authenticators: { max: 3 },
      devices: { max: 4, ttlMs: 86_400_000 },
      storeTimeoutMs: 4_321,
    });
    expect(policy).toEqual({
      issuer: 'Other',
      totp: {
        period: 45,
        digits: 7,
        algorithm: 'SHA512',
        window: { past: 3, future: 3 },
        secretBytes: 24,
        maxDriftSteps: 2,
      },
      throttle: {
        maxFailures: 4,
        baseLockMs: 2_000,
        maxLockMs: 3_000,
        maxConsecutiveFailures: 40,
        failureBudget: 12,
        failureBudgetRefillMs: 7_000,
      },
      pendingTtlMs: 123_000,
      recoveryCodeCount: 7,
      maxAuthenticators: 3,
      devices: { max: 4, ttlMs: 86_400_000 },
      storeTimeoutMs: 4_321,
    });
  });

  it('is frozen at every level', () => {
    const policy = resolvePolicy(base());
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.totp)).toBe(true);
    expect(Object.isFrozen(policy.totp.window)).toBe(true);
    expect(Object.isFrozen(policy.throttle)).toBe(true);
    expect(Object.isFrozen(policy.devices)).toBe(true);
  });

  it('a window object may give one side: the other is the default', () => {
    // The type asks for both sides (JavaScript callers may leave one out).
    expect(resolvePolicy({ ...base(), totp: { window: { past: 3 } as never } }).totp.window).toEqual({
      past: 3,
      future: 1,
    });
    expect(resolvePolicy({ ...base(), totp: { window: { future: 0 } as never } }).totp.window).toEqual({
      past: 1,
      future: 0,
    });
    expect(resolvePolicy({ ...base(), totp: { window: 0 } }).totp.window).toEqual({ past: 0, future: 0 });
  });

  it('refuses a window that is neither a number nor an object, and non-object option groups', () => {
    for (const totp of [{ window: '1' }, { window: [1, 1] }, { window: null }]) {
      expect(() => resolvePolicy({ ...base(), totp } as unknown as MfaOptions)).toThrow(
        invalid('INVALID_OPTION'),
      );
    }
    for (const bad of [{ totp: 'x' }, { recoveryCodes: 10 }, { throttle: [] }]) {
      expect(() => resolvePolicy({ ...base(), ...bad } as unknown as MfaOptions)).toThrow(
        invalid('INVALID_OPTION'),
      );
    }
    for (const options of [null, 'options', []]) {
      expect(() => resolvePolicy(options as unknown as MfaOptions)).toThrow(invalid('INVALID_OPTION'));
    }
  });

  it('maxLockMs may equal baseLockMs; maxConsecutiveFailures may equal maxFailures but not be below it', () => {
    const equal = resolvePolicy({ ...base(), throttle: { baseLockMs: 5_000, maxLockMs: 5_000 } });
    expect(equal.throttle).toMatchObject({ baseLockMs: 5_000, maxLockMs: 5_000 });
    expect(() => resolvePolicy({ ...base(), throttle: { baseLockMs: 5_001, maxLockMs: 5_000 } })).toThrow(
      invalid('INVALID_OPTION'),
    );
    const same = resolvePolicy({ ...base(), throttle: { maxFailures: 7, maxConsecutiveFailures: 7 } });
    expect(same.throttle).toMatchObject({ maxFailures: 7, maxConsecutiveFailures: 7 });
    expect(() =>
      resolvePolicy({ ...base(), throttle: { maxFailures: 7, maxConsecutiveFailures: 6 } }),
    ).toThrow(invalid('INVALID_OPTION'));
    expect(
      resolvePolicy({ ...base(), throttle: { maxFailures: 1, maxConsecutiveFailures: 1_000_000 } }).throttle
        .maxConsecutiveFailures,
    ).toBe(1_000_000);
    expect(() => resolvePolicy({ ...base(), throttle: { maxConsecutiveFailures: 1_000_001 } })).toThrow(
      invalid('INVALID_OPTION'),
    );
  });
});

describe('errors name the option', () => {
  it.each([
    ['totp.window.past', { totp: { window: { past: 11 } } }],
    ['totp.window.future', { totp: { window: { future: 11 } } }],
    ['totp.window', { totp: { window: 11 } }],
    ['totp.period', { totp: { period: 0 } }],
    ['totp.digits', { totp: { digits: 5 } }],
    ['totp.secretBytes', { totp: { secretBytes: 15 } }],
    ['totp', { totp: 'x' }],
    ['throttle', { throttle: 5 }],
    ['throttle.baseLockMs', { throttle: { baseLockMs: -1 } }],
    ['throttle.maxLockMs', { throttle: { maxLockMs: -1 } }],
    ['throttle.maxFailures', { throttle: { maxFailures: 0 } }],
    ['throttle.maxConsecutiveFailures', { throttle: { maxConsecutiveFailures: 0 } }],
    ['throttle.failureBudget', { throttle: { failureBudget: 0 } }],
    ['throttle.failureBudgetRefillMs', { throttle: { failureBudgetRefillMs: -1 } }],
    ['pendingTtlMs', { pendingTtlMs: -1 }],
    ['recoveryCodes.count', { recoveryCodes: { count: 101 } }],
    ['recoveryCodes', { recoveryCodes: 5 }],
    ['storeTimeoutMs', { storeTimeoutMs: 0 }],
    ['issuer', { issuer: '' }],
    ['clock', { clock: 5 }],
    ['onEvent', { onEvent: 5 }],
  ])('%s', (name, override) => {
    expect(() => resolvePolicy({ ...base(), ...override } as unknown as MfaOptions)).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        message: expect.stringMatching(new RegExp(`^${name.replaceAll('.', '\\.')} `)),
      }),
    );
  });
});

describe('checkImportOptions', () => {
  it('takes a secret of 10 bytes or more, refuses 9, and refuses options that are not an object', () => {
    const ten = checkImportOptions({ secret: new Uint8Array(10).fill(7) }, 'u', 100);
    expect(ten).toEqual({ secret: new Uint8Array(10).fill(7), accountName: 'u', lastUsedStep: null });
    expect(() => checkImportOptions({ secret: new Uint8Array(9).fill(7) }, 'u', 100)).toThrow(
      invalid('INVALID_SECRET'),
    );
    expect(() => checkImportOptions({ secret: 'JBSWY3DPEHPK3PX' }, 'u', 100)).toThrow(
      invalid('INVALID_SECRET'),
    );
    for (const options of [null, 'JBSWY3DPEHPK3PXP', [], undefined]) {
      expect(() => checkImportOptions(options, 'u', 100)).toThrow(invalid('INVALID_ARGUMENT'));
    }
  });

  it('takes a lastUsedStep from 0 to the current step, and an account name other than the user id', () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    expect(checkImportOptions({ secret, lastUsedStep: 0 }, 'u', 100).lastUsedStep).toBe(0);
    expect(checkImportOptions({ secret, lastUsedStep: 100, accountName: 'ada' }, 'u', 100)).toMatchObject({
      lastUsedStep: 100,
      accountName: 'ada',
    });
    for (const lastUsedStep of [-1, 101, 1.5, '5']) {
      expect(() => checkImportOptions({ secret, lastUsedStep }, 'u', 100)).toThrow(
        invalid('INVALID_ARGUMENT'),
      );
    }
    expect(() => checkImportOptions({ secret, accountName: 'a:b' }, 'u', 100)).toThrow(
      invalid('INVALID_ARGUMENT'),
    );
    expect(() => checkImportOptions({ secret, lastUsedStep: 101 }, 'u', 100)).toThrow(/^lastUsedStep /);
    expect(() => checkImportOptions({ secret, accountName: '' }, 'u', 100)).toThrow(/^accountName /);
  });
});
