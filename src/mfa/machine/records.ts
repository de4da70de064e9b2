/**
 * Building records: the blank record of a new account, the fields of the states, and the next
 * version of a record. Every record a transition writes comes from {@link nextRecord}.
 *
 * @module
 */
import { MFA_DEFAULTS } from '../../shared/index.js';
import type { RecoveryCodeSet } from '../recovery.js';
import {
  type MfaRecord,
  type MfaState,
  RECORD_FORMAT,
  type StoredAuthenticator,
  type StoredDevice,
} from '../store.js';
import { CLEAR_THROTTLE } from '../throttle.js';

/** The id under which the one secret of a format 1 or 2 record reads as an authenticator. */
export const LEGACY_AUTHENTICATOR_ID = 'au_0000000000000000';

/**
 * A record as the machine reads it: in the shape of format 3 whatever format was stored. A format 1
 * or 2 record's secret becomes its one authenticator (active when enabled, pending when pending),
 * with the record's replay floor; `format` is kept as stored (the recovery-code checks read it), and
 * the next write stores format 3.
 *
 * @param record - the record as stored
 * @returns the record with `authenticators` and `devices`, and no top-level secret
 */
export function upgradeRecord(record: MfaRecord): MfaRecord {
  if (record.authenticators !== undefined && record.secret === null) {
    return record.devices === undefined ? { ...record, devices: [] } : record;
  }
  const authenticators: StoredAuthenticator[] = [...(record.authenticators ?? [])];
  if (record.secret !== null && (record.state === 'enabled' || record.state === 'pending')) {
    authenticators.push({
      id: LEGACY_AUTHENTICATOR_ID,
      label: MFA_DEFAULTS.authenticators.defaultLabel,
      state: record.state === 'enabled' ? 'active' : 'pending',
      secret: record.secret,
      createdAt: record.enabledAt ?? record.updatedAt,
      lastUsedAt: null,
      pendingExpiresAt: record.state === 'pending' ? record.pendingExpiresAt : null,
      lastUsedStep: record.lastUsedStep,
      driftSteps: 0,
    });
  }
  return { ...record, secret: null, authenticators, devices: record.devices ?? [] };
}

/**
 * The authenticators of a record read through {@link upgradeRecord}.
 *
 * @param record - the record
 * @returns its authenticators (none for a record that has none)
 */
export function authenticatorsOf(record: MfaRecord): StoredAuthenticator[] {
  return record.authenticators ?? [];
}

/**
 * The active authenticators: the ones a sign-in code may come from.
 *
 * @param record - the record
 */
export function activeAuthenticators(record: MfaRecord): StoredAuthenticator[] {
  return authenticatorsOf(record).filter((a) => a.state === 'active');
}

/**
 * The authenticators still there at `now`: the active ones and the pending ones not yet expired.
 *
 * @param record - the record
 * @param now - ms since the epoch
 */
export function liveAuthenticators(record: MfaRecord, now: number): StoredAuthenticator[] {
  return authenticatorsOf(record).filter((a) => a.state === 'active' || (a.pendingExpiresAt ?? 0) > now);
}

/**
 * The remembered devices not yet expired at `now`.
 *
 * @param record - the record
 * @param now - ms since the epoch
 */
export function liveDevices(record: MfaRecord, now: number): StoredDevice[] {
  return (record.devices ?? []).filter((d) => d.expiresAt > now);
}

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
    authenticators: [],
    devices: [],
    updatedAt: 0,
  };
}

const NO_HASHES = Object.freeze([]) as readonly string[] as string[];
const NO_AUTHENTICATORS = Object.freeze([]) as readonly StoredAuthenticator[] as StoredAuthenticator[];
const NO_DEVICES = Object.freeze([]) as readonly StoredDevice[] as StoredDevice[];

/** The fields that make an account disabled: no secret, no codes, no authenticator or device, nothing pending. */
export const DISABLED_FIELDS = Object.freeze({
  state: 'disabled' as const,
  secret: null,
  accountName: null,
  pendingExpiresAt: null,
  enabledAt: null,
  recoveryCodeHashes: NO_HASHES,
  spentRecoveryCodeHashes: NO_HASHES,
  recoveryCodeKeyId: null,
  authenticators: NO_AUTHENTICATORS,
  devices: NO_DEVICES,
});

/**
 * The fields that turn MFA off: {@link DISABLED_FIELDS}, with the highest replay floor of any
 * authenticator kept, so that importing the same secret again cannot replay a code already used.
 *
 * @param record - the record read
 * @returns the fields
 */
export function disabledFields(record: MfaRecord): Partial<MfaRecord> {
  let floor = record.lastUsedStep;
  for (const { lastUsedStep } of authenticatorsOf(record)) floor = higherStep(floor, lastUsedStep);
  return { ...DISABLED_FIELDS, lastUsedStep: floor };
}

/**
 * The higher of two replay floors (null: none).
 *
 * @param a - one floor
 * @param b - the other
 */
export function higherStep(a: number | null, b: number | null): number | null {
  // Stryker disable next-line ConditionalExpression: equivalent; Math.max(null, b) is b for a step b >= 0
  if (a === null) return b;
  // Stryker disable next-line ConditionalExpression: equivalent; Math.max(a, null) is a for a step a >= 0
  return b === null ? a : Math.max(a, b);
}

/**
 * The authenticators of a record with one of them changed.
 *
 * @param record - the record
 * @param id - the authenticator to change
 * @param changes - its changed fields
 * @returns the new list
 */
export function withAuthenticator(
  record: MfaRecord,
  id: string,
  changes: Partial<StoredAuthenticator>,
): StoredAuthenticator[] {
  return authenticatorsOf(record).map((a) => (a.id === id ? { ...a, ...changes } : a));
}

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
