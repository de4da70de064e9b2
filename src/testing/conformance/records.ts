/**
 * The sample records of the conformance suite, and unique user ids. One copy, used by the suite
 * and by this repository's store tests.
 *
 * @module
 */
import {
  type MfaRecord,
  RECORD_FORMAT,
  type StoredAuthenticator,
  type StoredDevice,
} from '../../mfa/index.js';
import { MAX_DISPLAY_LABEL, MFA_DEFAULTS } from '../../shared/index.js';

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

/** How many authenticators and devices {@link largestRecord} holds unless told otherwise: the default maxima. */
const LARGEST = {
  authenticators: MFA_DEFAULTS.authenticators.max,
  devices: MFA_DEFAULTS.devices.max,
} as const;

/** A fixed time near which the largest record's times lie (2030-01-01). */
const BASE_TIME = 1_893_456_000_000;

/**
 * Base64 of `length` bytes that depend only on `seed`: stand-in ciphertexts and nonces, different
 * for every field so that a store mixing two of them up is caught.
 */
function standInBase64(seed: number, length: number): string {
  const bytes = Array.from({ length }, (_, i) => (seed * 131 + i * 29 + ((seed * i) % 251)) & 0xff);
  return btoa(String.fromCharCode(...bytes));
}

/** 64 hex digits that depend only on `seed`: a stand-in HMAC-SHA-256. */
function standInHash(seed: number): string {
  let text = '';
  for (let i = 0; text.length < 64; i++)
    text += ((seed * 7919 + i * 104_729) % 65_536).toString(16).padStart(4, '0');
  return text.slice(0, 64);
}

/** A label of exactly MAX_DISPLAY_LABEL UTF-16 code units, with characters a lossy store would change. */
const LONGEST_LABEL = 'Pixel 8 \u2013 "Büro" \\ 🦊 仕事用 '.padEnd(MAX_DISPLAY_LABEL, '·');

/**
 * The labels the largest record cycles through: quotes, a backslash, emoji (a surrogate pair),
 * CJK, combining marks, a newline, and one of the longest length allowed.
 */
const LABELS = [
  'Authenticator app',
  LONGEST_LABEL,
  'Zoë\'s "old" phone',
  'iPhone 15 — 📱',
  '予備の電話',
  'YubiKey\nbackup',
  'Cafe\u0301 tablet',
  'Work',
];

/**
 * The `index`-th authenticator of the largest record: the first is the one a 0.1 record is read as
 * (`au_0000000000000000`); after `active` active ones come pending ones. Every other one has been
 * used (with a drift between -10 and 10 steps), the others have nulls where the format allows them.
 */
function sampleAuthenticator(index: number, active: number): StoredAuthenticator {
  const createdAt = BASE_TIME + index * 3_600_000;
  const isActive = index < active;
  const used = isActive && index % 4 !== 1;
  return {
    id: index === 0 ? 'au_0000000000000000' : `au_9e3779b97f4a${index.toString(16).padStart(4, '0')}`,
    label: LABELS[index % LABELS.length]!,
    state: isActive ? 'active' : 'pending',
    secret: {
      keyId: index % 3 === 2 ? 'k-2025' : 'k-2024',
      iv: standInBase64(index * 2 + 1, 12),
      data: standInBase64(index * 2 + 2, 20 + 16),
    },
    createdAt,
    lastUsedAt: used ? createdAt + 86_400_000 + index : null,
    pendingExpiresAt: isActive ? null : createdAt + 600_000,
    lastUsedStep: used ? Math.floor((createdAt + 86_400_000) / 30_000) + index : null,
    driftSteps: used ? ((index * 7) % 21) - 10 : 0,
  };
}

/** The `index`-th remembered device of the largest record; every third one unlabelled or unused. */
function sampleDevice(index: number): StoredDevice {
  const createdAt = BASE_TIME + index * 7_200_000;
  return {
    id: `dv_7f4a7c159e37${index.toString(16).padStart(4, '0')}`,
    label: index % 3 === 1 ? null : LABELS[(index + 3) % LABELS.length]!,
    tokenHash: standInHash(index + 1),
    keyId: index % 5 === 4 ? 'k-2025' : 'k-2024',
    createdAt,
    expiresAt: createdAt + MFA_DEFAULTS.devices.ttlMs,
    lastUsedAt: index % 3 === 2 ? null : createdAt + 1000 * index + 1,
  };
}

/**
 * A format-3 record at its largest: as many authenticators and remembered devices as an account
 * holds by default (10 and 20), all but the last three authenticators active, each with a sealed
 * secret, some never used, drifts between -10 and 10 steps; ten unused and two spent
 * recovery-code hashes; the awkward labels of {@link sampleRecord}. What a store must keep whole:
 * about 9 KB of JSON (54 KB at 100 of each). The sealed secrets and hashes are stand-ins (fixed
 * bytes), not real ciphertext. `overrides` replaces any field.
 *
 * @param userId - the account the record belongs to
 * @param version - the record's version (1 for a first write)
 * @param overrides - fields to replace
 * @param size - how many authenticators and devices; the defaults' maxima (10 and 20) unless given
 * @returns a fresh record, safe to mutate
 * @example
 * ```ts
 * import { memoryStore } from 'mfakit/stores/memory';
 * import { largestRecord } from 'mfakit/testing';
 *
 * const store = memoryStore();
 * await store.compareAndSet('alice', 0, largestRecord('alice'));
 * ```
 */
export function largestRecord(
  userId: string,
  version = 1,
  overrides: Partial<MfaRecord> = {},
  size: { authenticators?: number; devices?: number } = {},
): MfaRecord {
  const authenticators = size.authenticators ?? LARGEST.authenticators;
  const devices = size.devices ?? LARGEST.devices;
  const active = Math.max(1, authenticators - 3);
  return sampleRecord(userId, version, {
    secret: null,
    recoveryCodeKeyId: 'k-2024',
    recoveryCodeHashes: Array.from({ length: 10 }, (_, i) => standInHash(1000 + i)),
    spentRecoveryCodeHashes: [standInHash(2000), standInHash(2001)],
    authenticators: Array.from({ length: authenticators }, (_, i) => sampleAuthenticator(i, active)),
    devices: Array.from({ length: devices }, (_, i) => sampleDevice(i)),
    ...overrides,
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
