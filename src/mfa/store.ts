/**
 * The store contract: what the MFA service needs from a database, and nothing more.
 *
 * A store keeps one {@link MfaRecord} per user id and offers one atomic primitive, a
 * compare-and-set on the record's `version`. Every decision the service makes (accept a code,
 * count a failure, change state) is read → decide → `compareAndSet`; a lost race makes the
 * service re-read and decide again. That is how single-use codes and failure counts hold under
 * concurrent requests and across processes, whatever the database.
 *
 * Stores treat the record as data: they persist every field and give it back unchanged. They
 * never open connections (the application passes its client in) and never log records.
 * `mfakit/testing` exports the conformance suite that every store must pass.
 *
 * @module
 */

/**
 * The format version of {@link MfaRecord} written by this release.
 * @example
 * ```ts
 * import { type MfaRecord, RECORD_FORMAT } from 'mfakit';
 *
 * declare const record: MfaRecord; // as read from your store
 * if (record.format > RECORD_FORMAT) throw new Error('written by a newer mfakit');
 * ```
 */
export const RECORD_FORMAT = 3 as const;

/** The three states of an account's MFA. */
export type MfaState = 'disabled' | 'pending' | 'enabled';

/**
 * A TOTP secret as stored. With a keyring, `data` is the AES-256-GCM ciphertext and tag (base64)
 * under the key named by `keyId`, with `iv` the 12-byte nonce (base64) and the user id bound in as
 * associated data. Without a keyring, `keyId` and `iv` are null and `data` is the Base32 secret.
 */
export interface SealedSecret {
  /** The keyring key id that encrypted `data`, or null when stored unencrypted. */
  keyId: string | null;
  /** The AES-GCM nonce, base64; null when unencrypted. */
  iv: string | null;
  /** The ciphertext and tag (base64), or the Base32 secret when unencrypted. */
  data: string;
}

/**
 * One authenticator (a TOTP app holding its own secret) as stored, format 3. An account has one
 * while pending and up to `authenticators.max` once enabled.
 */
export interface StoredAuthenticator {
  /** Opaque id, unique within the account (`au_` and 16 hex digits). */
  id: string;
  /** The user's name for it ("Work phone"); not secret. */
  label: string;
  /** 'pending' until a code from it confirms it, then 'active'. */
  state: 'pending' | 'active';
  /** Its TOTP secret, sealed like {@link MfaRecord.secret}. */
  secret: SealedSecret;
  /** When it was added. */
  createdAt: number;
  /** When a code from it was last accepted, or null. */
  lastUsedAt: number | null;
  /** When a pending authenticator stops being confirmable; null once active. */
  pendingExpiresAt: number | null;
  /** The highest time step accepted from it; a step is accepted only if greater. */
  lastUsedStep: number | null;
  /** The offset in steps (matched step minus true step) of its last accepted code; 0 when none. */
  driftSteps: number;
}

/** A remembered device as stored, format 3: only a keyed hash of its token. */
export interface StoredDevice {
  /** Opaque id, unique within the account (`dv_` and 16 hex digits). */
  id: string;
  /** The application's name for it ("Firefox on Linux"), or null. */
  label: string | null;
  /** HMAC-SHA-256 (hex) of the user id and the token under a key derived from the keyring key `keyId`. */
  tokenHash: string;
  /** The keyring key id of `tokenHash`, or null for the unkeyed SHA-256 of a service without a keyring. */
  keyId: string | null;
  /** When it was remembered. */
  createdAt: number;
  /** When it stops being recognised. */
  expiresAt: number;
  /** When it last signed in, or null. */
  lastUsedAt: number | null;
}

/**
 * Everything mfakit keeps about one account. Times are milliseconds since the epoch.
 * Stores must round-trip every field exactly (numbers, nulls, arrays, nested objects).
 */
export interface MfaRecord {
  /** Record format version ({@link RECORD_FORMAT}); older formats are upgraded when next written. */
  format: number;
  /** The user id the record belongs to. */
  userId: string;
  /**
   * Compare-and-set token: a random positive integer for the first write (so that a write delayed
   * from before a `deleteUser` can never match a record created after it), +1 for every write after.
   */
  version: number;
  /** The account's MFA state. */
  state: MfaState;
  /**
   * The TOTP secret of a format 1 or 2 record (pending or enabled), or null. Format 3 keeps every
   * secret in `authenticators` and writes null here; an older record's secret is read as its one
   * authenticator and moved there at its next write.
   */
  secret: SealedSecret | null;
  /** The account name shown in authenticator apps, from beginEnable: the default for new authenticators. */
  accountName: string | null;
  /** When a pending enrolment stops being confirmable; null unless pending. */
  pendingExpiresAt: number | null;
  /** When MFA was enabled; null unless enabled. */
  enabledAt: number | null;
  /**
   * Format 1 and 2: the highest TOTP time step accepted so far. Format 3: the highest step any
   * authenticator had when MFA was last disabled, kept so that re-importing the same secret cannot
   * replay (each authenticator holds its own floor).
   */
  lastUsedStep: number | null;
  /** Consecutive failed codes since the last success. */
  failedAttempts: number;
  /** Consecutive lockouts since the last success, for exponential back-off. */
  lockouts: number;
  /** Codes are refused until this time; null when not locked; `Number.MAX_SAFE_INTEGER` in the hard stop. */
  lockedUntil: number | null;
  /**
   * When the failure budget is whole again (format 2; absent in format 1, read as null): failures
   * push it later, time brings the budget back.
   */
  failureBudgetClearsAt?: number | null;
  /** SHA-256 hashes (hex) of the unused recovery codes; a used code's hash moves to the spent list. */
  recoveryCodeHashes: string[];
  /**
   * Hashes of the recovery codes of the current set already used (format 2; absent in format 1), so
   * that a used code submitted again reads as a replay, not a guess.
   */
  spentRecoveryCodeHashes?: string[];
  /**
   * The keyring key id the recovery-code hashes are keyed under (HMAC), or null (absent in format 1)
   * for the unkeyed SHA-256 of 0.1 and of a service without a keyring.
   */
  recoveryCodeKeyId?: string | null;
  /** The authenticators (format 3; absent before, read from `secret`). */
  authenticators?: StoredAuthenticator[];
  /** The remembered devices (format 3; absent before, read as none). */
  devices?: StoredDevice[];
  /** When the record was last written. */
  updatedAt: number;
}

/**
 * The persistence contract of the MFA service. Implement these three methods atomically and the
 * service's guarantees (single use, no lost failure counts) hold across processes.
 *
 * Errors: a method that cannot do its job throws or rejects (any error); the service converts it
 * into an `MfaError` with code 'STORE_ERROR' and accepts nothing. A store must never report a
 * write that did not happen, nor hide one that did.
 */
export interface MfaStore {
  /**
   * Reads the record of `userId`.
   *
   * @param userId - the account
   * @returns the stored record, exactly as last written, or null when there is none
   */
  get(userId: string): Promise<MfaRecord | null>;

  /**
   * Writes `record` if, and only if, the stored version of `userId` is `expectedVersion`
   * (0 means "no record exists"), as one atomic step: of any number of concurrent calls with
   * the same `expectedVersion`, across any number of processes, exactly one returns true.
   * `record.version` is `expectedVersion + 1`, or any positive safe integer when `expectedVersion`
   * is 0 (the service starts a record's versions at a random number).
   *
   * @param userId - the account; equal to `record.userId`
   * @param expectedVersion - the version the caller read, or 0 when it read no record
   * @param record - the whole new record
   * @returns true when written; false when the stored version differed (a lost race), in which
   *   case nothing was written
   */
  compareAndSet(userId: string, expectedVersion: number, record: MfaRecord): Promise<boolean>;

  /**
   * Deletes the record of `userId` (for account deletion). Deleting an absent record is not an
   * error.
   *
   * @param userId - the account
   */
  delete(userId: string): Promise<void>;
}
