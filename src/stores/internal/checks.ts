/**
 * Argument checks and record (de)serialisation shared by the persistent stores.
 *
 * Internal: not exported from any public entry point. Kept free of driver imports so that each
 * store file pulls in only what it needs.
 *
 * @module
 */
import type { MfaRecord } from '../../mfa/index.js';
import { checkUserId, MfaError } from '../../shared/index.js';

/** A SQL identifier: a letter or underscore, then letters, digits or underscores, at most 63 long. */
const IDENTIFIER = '[A-Za-z_][A-Za-z0-9_]{0,62}';

/** A table name, optionally schema-qualified (`schema.table`). Nothing else reaches the SQL text. */
const TABLE_NAME = new RegExp(`^(?:${IDENTIFIER}\\.)?${IDENTIFIER}$`);

/** The table name the SQL stores use when none is given. */
export const DEFAULT_TABLE = 'mfa_records';

/**
 * Validates a table name and returns it quoted for SQL (`"schema"."table"`).
 *
 * Quoting keeps the name exactly as given (no case folding) and, with the regex, rules out
 * injection: a name that passes contains no quote, space, semicolon or comment marker.
 *
 * @param table - the table name, optionally `schema.table`
 * @param store - the store's name, for the error message
 * @returns the quoted, schema-qualified name
 * @throws MfaError INVALID_OPTION when the name is not a plain identifier
 */
export function quoteTableName(table: unknown, store: string): string {
  if (typeof table !== 'string' || !TABLE_NAME.test(table)) {
    throw new MfaError(
      'INVALID_OPTION',
      `${store}: table must be an identifier (letters, digits, underscores; optionally schema.table)`,
    );
  }
  return table
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}

/**
 * Checks the arguments of compareAndSet against the contract: a non-negative integer expected
 * version, a record of the same user whose version is one more (any positive safe integer for a
 * first write: the service starts each record's versions at a random number).
 *
 * Enforcing `record.version === expectedVersion + 1` keeps the version column and the version
 * inside the stored record from drifting apart.
 *
 * @param userId - the account
 * @param expectedVersion - the version the caller read, 0 for none
 * @param record - the new record
 * @param store - the store's name, for the error message
 * @throws MfaError INVALID_ARGUMENT when any of them breaks the contract
 */
export function checkCompareAndSet(
  userId: unknown,
  expectedVersion: unknown,
  record: unknown,
  store: string,
): asserts record is MfaRecord {
  checkUserId(userId);
  if (typeof expectedVersion !== 'number' || !Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
    throw new MfaError('INVALID_ARGUMENT', `${store}: expectedVersion must be a non-negative safe integer`);
  }
  if (typeof record !== 'object' || record === null) {
    throw new MfaError('INVALID_ARGUMENT', `${store}: record must be an object`);
  }
  const { userId: recordUserId, version } = record as { userId?: unknown; version?: unknown };
  if (recordUserId !== userId) {
    throw new MfaError('INVALID_ARGUMENT', `${store}: record.userId must equal userId`);
  }
  const first =
    expectedVersion === 0 && typeof version === 'number' && Number.isSafeInteger(version) && version > 0;
  if (!first && version !== expectedVersion + 1) {
    throw new MfaError('INVALID_ARGUMENT', `${store}: record.version must be expectedVersion + 1`);
  }
}

/**
 * Serialises a record for storage. JSON keeps every field of {@link MfaRecord} exactly
 * (strings, safe-integer numbers, null, arrays, nested objects).
 *
 * @param record - the record to store
 * @returns its JSON text
 */
export function encodeRecord(record: MfaRecord): string {
  return JSON.stringify(record);
}

/**
 * Parses a stored record.
 *
 * @param text - the stored JSON text
 * @param store - the store's name, for the error message
 * @returns the record
 * @throws MfaError CORRUPT_RECORD when the text is not a JSON object (the text is not quoted in
 *   the message: it may hold secret material)
 */
export function decodeRecord(text: unknown, store: string): MfaRecord {
  if (typeof text !== 'string') {
    throw new MfaError('CORRUPT_RECORD', `${store}: stored record is not text`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MfaError('CORRUPT_RECORD', `${store}: stored record is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MfaError('CORRUPT_RECORD', `${store}: stored record is not an object`);
  }
  return parsed as MfaRecord;
}
