/**
 * The sample records of the conformance suite, and unique user ids. One copy, used by the suite
 * and by this repository's store tests.
 *
 * @module
 */
import { type MfaRecord, RECORD_FORMAT } from '../../mfa/index.js';

/**
 * A record with every field set, as an enabled account has it, with values a lossy store would
 * change: quotes, a backslash, emoji and CJK text in the account name, a lock time far in the
 * future, ten recovery-code hashes. `overrides` replaces any field.
 *
 * @param userId - the account the record belongs to
 * @param version - the record's version (1 for a first write)
 * @param overrides - fields to replace
 * @returns a fresh record, safe to mutate
 * @example
 * ```ts
 * import { memoryStore } from 'mfakit/stores/memory';
 * import { sampleRecord } from 'mfakit/testing';
 *
 * const store = memoryStore();
 * await store.compareAndSet('alice', 0, sampleRecord('alice', 1, { failedAttempts: 2 }));
 * ```
 */
export function sampleRecord(userId: string, version = 1, overrides: Partial<MfaRecord> = {}): MfaRecord {
  return {
    format: RECORD_FORMAT,
    userId,
    version,
    state: 'enabled',
    secret: { keyId: 'k-2024', iv: 'AAECAwQFBgcICQoL', data: 'c2VhbGVkIHNlY3JldCBieXRlcyArIHRhZw==' },
    accountName: 'Zoë "O\'Brien" \\ <zoe@example.com> 🦊 名前',
    pendingExpiresAt: null,
    enabledAt: 1_700_000_000_123,
    lastUsedStep: 56_666_666,
    failedAttempts: 3,
    lockouts: 2,
    lockedUntil: 8_640_000_000_000,
    failureBudgetClearsAt: 1_700_000_360_000,
    recoveryCodeHashes: Array.from({ length: 10 }, (_, i) => `${i}abcdef`.repeat(10).slice(0, 64)),
    spentRecoveryCodeHashes: [`${'f'.repeat(63)}0`],
    updatedAt: 1_700_000_000_999,
    ...overrides,
  };
}

/**
 * A record with every nullable field null and an empty list, as a fresh disabled account has it.
 *
 * @param userId - the account
 * @param version - the record's version
 * @returns a fresh record
 */
export function sparseRecord(userId: string, version: number): MfaRecord {
  return sampleRecord(userId, version, {
    state: 'disabled',
    secret: null,
    accountName: null,
    enabledAt: null,
    lastUsedStep: null,
    failedAttempts: 0,
    lockouts: 0,
    lockedUntil: null,
    recoveryCodeHashes: [],
    updatedAt: 0,
  });
}

/**
 * A record in the middle of an enrolment: an unencrypted secret, an expiry, one hash.
 *
 * @param userId - the account
 * @param version - the record's version
 * @returns a fresh record
 */
export function pendingRecord(userId: string, version: number): MfaRecord {
  return sampleRecord(userId, version, {
    state: 'pending',
    secret: { keyId: null, iv: null, data: 'JBSWY3DPEHPK3PXP' },
    accountName: 'ünïcødé',
    pendingExpiresAt: 1_893_499_200_000,
    enabledAt: null,
    lastUsedStep: null,
    lockedUntil: null,
    recoveryCodeHashes: ['f'.repeat(64)],
  });
}

let sequence = 0;

/**
 * A user id that no other test, nor an earlier run against the same database, has used, so
 * that tests may share one store and one table.
 *
 * @param label - what the test does, to find its rows
 * @returns the user id
 */
export function uniqueUserId(label: string): string {
  sequence += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `conformance-${label}-${Date.now().toString(36)}-${random}-${sequence}`;
}
