/**
 * Building records: the blank record of a new account, the fields of the states, and the next
 * version of a record. Every record a transition writes comes from {@link nextRecord}.
 *
 * @module
 */
import type { RecoveryCodeSet } from '../recovery.js';
import { type MfaRecord, type MfaState, RECORD_FORMAT } from '../store.js';
import { CLEAR_THROTTLE } from '../throttle.js';

/**
 * The state a record is in at `now`: a missing record, or a pending enrolment past its expiry,
 * reads 'disabled'.
 *
 * @param record - the stored record or null
 * @param now - ms since the epoch
 * @returns the state
 */
export function effectiveState(record: MfaRecord | null, now: number): MfaState {
  if (record === null) return 'disabled';
  if (record.state === 'pending' && (record.pendingExpiresAt ?? 0) <= now) return 'disabled';
  return record.state;
}

/**
 * Whether MFA is on for the account at `now`: the guard of every action that takes a code.
 *
 * @param record - the stored record or null
 * @param now - ms since the epoch
 */
export function isEnabled(record: MfaRecord | null, now: number): record is MfaRecord {
  return effectiveState(record, now) === 'enabled';
}

/**
 * The record of an account never seen before (never written as such: it is the base of the first write).
 *
 * @param userId - the account
 * @returns a disabled record at version 0
 */
export function blankRecord(userId: string): MfaRecord {
  return {
    format: RECORD_FORMAT,
    userId,
    version: 0,
    ...DISABLED_FIELDS,
    lastUsedStep: null,
    ...CLEAR_THROTTLE,
    failureBudgetClearsAt: null,
    updatedAt: 0,
  };
}

const NO_HASHES = Object.freeze([]) as readonly string[] as string[];

/** The fields that make an account disabled: no secret, no codes, nothing pending. */
export const DISABLED_FIELDS = Object.freeze({
  state: 'disabled' as const,
  secret: null,
  accountName: null,
  pendingExpiresAt: null,
  enabledAt: null,
  recoveryCodeHashes: NO_HASHES,
  spentRecoveryCodeHashes: NO_HASHES,
  recoveryCodeKeyId: null,
});

/**
 * The next version of a record: `changes` applied, the version bumped, the format and write time set.
 *
 * @param record - the record read (or a blank one)
 * @param changes - the fields that change
 * @param now - ms since the epoch
 * @returns the record to compare-and-set
 */
export function nextRecord(record: MfaRecord, changes: Partial<MfaRecord>, now: number): MfaRecord {
  return { ...record, ...changes, format: RECORD_FORMAT, version: record.version + 1, updatedAt: now };
}

/**
 * The fields of a fresh set of recovery codes: their hashes, none spent, the key they are keyed under.
 *
 * @param recovery - the new set
 * @returns the fields
 */
export function recoveryCodeFields(recovery: RecoveryCodeSet): Partial<MfaRecord> {
  return {
    recoveryCodeHashes: recovery.hashes,
    spentRecoveryCodeHashes: [],
    recoveryCodeKeyId: recovery.keyId,
  };
}
