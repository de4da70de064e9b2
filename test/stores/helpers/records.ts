// Records for the direct store tests: every field of MfaRecord set, including nested and
// awkward values (Unicode, quotes, nulls), so that a lossy store shows.
import type { MfaRecord } from '../../../src/mfa/store.js';

export function sampleRecord(userId: string, version = 1, overrides: Partial<MfaRecord> = {}): MfaRecord {
  return {
    format: 1,
    userId,
    version,
    state: 'enabled',
    secret: { keyId: 'k2', iv: 'AAECAwQFBgcICQoL', data: 'c2VhbGVkLXNlY3JldC1ieXRlcw==' },
    accountName: 'zoë "o\'brien" <zoe@example.com> 🦊',
    pendingExpiresAt: null,
    enabledAt: 1_700_000_000_123,
    lastUsedStep: 56_666_666,
    failedAttempts: 3,
    lockouts: 1,
    lockedUntil: 1_700_000_030_000,
    recoveryCodeHashes: ['a'.repeat(64), '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
    updatedAt: 1_700_000_000_456,
    ...overrides,
  };
}
