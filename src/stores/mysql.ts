/**
 * `mfakit/stores/mysql`: the MFA store over MySQL or MariaDB, with a mysql2 pool or connection.
 *
 * One row per account, as in the other SQL stores: the record as JSON text, its `version` for the
 * compare-and-set, and its `state` and update time as plain columns for operators' queries. The
 * SQL is the subset that MySQL 8 and MariaDB 10.5 or later both accept.
 *
 * No driver is imported, not even as a type; the application creates the pool and passes it in.
 *
 * @module
 */
import type { MfaRecord, MfaStore } from '../mfa/index.js';
import { checkOptions, checkUserId, MAX_USER_ID_LENGTH, MfaError } from '../shared/index.js';
import {
  checkCompareAndSet,
  DEFAULT_TABLE,
  decodeRecord,
  encodeRecord,
  quoteTableName,
} from './internal/checks.js';

const STORE = 'mysqlStore';

// The user_id column is VARBINARY of this many bytes: UTF-8 takes at most 3 bytes per UTF-16 unit,
// so every user id the service accepts fits whole (MySQL outside strict mode would cut a longer one
// and give two users one row).
const USER_ID_BYTES = 3 * MAX_USER_ID_LENGTH;

/** MySQL's and MariaDB's error number for a duplicate key (ER_DUP_ENTRY). */
const ER_DUP_ENTRY = 1062;

/**
 * What the store needs of a mysql2 promise client (`mysql2/promise`'s `createPool()` or
 * `createConnection()`, or a callback pool's `.promise()`): `execute`, resolving to
 * `[rows or result header, fields]`.
 */
export interface MysqlPromiseExecutable {
  /** Runs one statement with `?` placeholders as a server-side prepared statement. */
  execute(sql: string, values?: (string | number)[]): Promise<[unknown, unknown]>;
}

/** A mysql2 callback pool or connection (`mysql2`'s `createPool()`): the store uses its `.promise()`. */
export interface MysqlCallbackClient {
  /** The promise wrapper of the same pool or connection. */
  promise(): MysqlPromiseExecutable;
}

/** Options of {@link mysqlStore}. */
export interface MysqlStoreOptions {
  /** The table name, optionally `database.table`. Default `mfa_records`. */
  table?: string;
}

/** The MySQL store: the {@link MfaStore} methods plus its migration. */
export interface MysqlMfaStore extends MfaStore {
  /** The SQL that `migrate()` runs, for teams that run their own migrations. */
  readonly schemaSql: string;
  /**
   * Creates the table when it does not exist. Idempotent, and safe when several processes run
   * it at the same moment.
   *
   * @returns once the table exists
   */
  migrate(): Promise<void>;
}

/**
 * The CREATE TABLE statement of the MySQL store.
 *
 * `user_id` is VARBINARY so that ids compare byte for byte: `Alice`, `alice` and `alice ` are
 * three accounts (a `utf8mb4_bin` VARCHAR would still treat trailing spaces as equal, since
 * MySQL's and MariaDB's `_bin` collations pad). The record is utf8mb4 text, which holds any
 * Unicode in account names.
 *
 * @param table - the table name, optionally `database.table` (validated), default `mfa_records`
 * @returns the SQL text
 * @throws MfaError INVALID_OPTION for a table name that is not an identifier
 * @example
 * ```ts
 * import { mysqlSchema } from 'mfakit/stores/mysql';
 * console.log(mysqlSchema('auth.mfa_records'));
 * ```
 */
export function mysqlSchema(table: string = DEFAULT_TABLE): string {
  const name = mysqlTableName(table);
  return `CREATE TABLE IF NOT EXISTS ${name} (
  user_id       VARBINARY(${USER_ID_BYTES}) NOT NULL PRIMARY KEY,
  version       BIGINT         NOT NULL,
  state         VARCHAR(16)    NOT NULL,
  record        MEDIUMTEXT     NOT NULL,
  updated_at_ms BIGINT         NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;`;
}

/**
 * The MySQL schema for the default table name, `mfa_records`.
 * @example
 * ```ts
 * import { MYSQL_SCHEMA } from 'mfakit/stores/mysql';
 * console.log(MYSQL_SCHEMA); // paste into your own migration
 * ```
 */
export const MYSQL_SCHEMA: string = mysqlSchema();

/**
 * Creates an MFA store over MySQL or MariaDB.
 *
 * The compare-and-set is one statement, never a read then a write: a plain `INSERT` for a new
 * record (expected version 0), where a duplicate-key error (1062) means another writer created
 * it first, else `UPDATE … WHERE user_id = ? AND version = ?`. InnoDB's UPDATE locks the row and
 * checks `version` against the latest committed row, so of racing writers exactly one matches.
 * The UPDATE always changes `version`, so its `affectedRows` is 1 for the winner whether or not
 * the connection counts found rows (mysql2's default CLIENT_FOUND_ROWS) or changed rows.
 *
 * @param client - a mysql2 pool or connection: promise (`mysql2/promise`) or callback (`mysql2`)
 * @param options - `table`: the table name, default `mfa_records`
 * @returns the store, with `migrate()` and `schemaSql`
 * @throws MfaError INVALID_ARGUMENT when `client` is not a mysql2 client; INVALID_OPTION for a bad
 *   table name
 * @example
 * ```ts
 * import mysql from 'mysql2/promise';
 * import { createMfa } from 'mfakit';
 * import { mysqlStore } from 'mfakit/stores/mysql';
 *
 * const pool = mysql.createPool({ uri: process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test' });
 * const store = mysqlStore(pool, { table: 'mfa_records' });
 * await store.migrate();
 * const mfa = createMfa({ store, issuer: 'Example' });
 * ```
 */
export function mysqlStore(
  client: MysqlPromiseExecutable | MysqlCallbackClient,
  options: MysqlStoreOptions = {},
): MysqlMfaStore {
  const db = promiseClient(client);
  checkOptions(options);
  const table = mysqlTableName(options.table ?? DEFAULT_TABLE);
  const schemaSql = mysqlSchema(options.table ?? DEFAULT_TABLE);
  const selectSql = `SELECT record FROM ${table} WHERE user_id = ?`;
  const insertSql = `INSERT INTO ${table} (user_id, version, state, record, updated_at_ms) VALUES (?, ?, ?, ?, ?)`;
  const updateSql = `UPDATE ${table} SET version = ?, state = ?, record = ?, updated_at_ms = ?
    WHERE user_id = ? AND version = ?`;
  const deleteSql = `DELETE FROM ${table} WHERE user_id = ?`;

  return {
    schemaSql,
    async migrate() {
      await db.execute(schemaSql);
    },
    async get(userId: string): Promise<MfaRecord | null> {
      checkUserId(userId);
      const [rows] = await db.execute(selectSql, [userId]);
      const row = (rows as { record: unknown }[])[0];
      return row === undefined ? null : decodeRecord(row.record, STORE);
    },
    async compareAndSet(userId: string, expectedVersion: number, record: MfaRecord): Promise<boolean> {
      checkCompareAndSet(userId, expectedVersion, record, STORE);
      checkUserId(userId);
      const text = encodeRecord(record);
      if (expectedVersion === 0) {
        try {
          await db.execute(insertSql, [userId, record.version, record.state, text, record.updatedAt]);
          return true;
        } catch (error) {
          if ((error as { errno?: unknown } | null)?.errno === ER_DUP_ENTRY) return false;
          throw error;
        }
      }
      const [result] = await db.execute(updateSql, [
        record.version,
        record.state,
        text,
        record.updatedAt,
        userId,
        expectedVersion,
      ]);
      return (result as { affectedRows?: unknown }).affectedRows === 1;
    },
    async delete(userId: string): Promise<void> {
      checkUserId(userId);
      await db.execute(deleteSql, [userId]);
    },
  };
}

/** The promise side of either kind of mysql2 client. */
function promiseClient(client: unknown): MysqlPromiseExecutable {
  const candidate = client as Partial<MysqlPromiseExecutable & MysqlCallbackClient> | null;
  if (typeof candidate === 'object' && candidate !== null) {
    // A callback pool has both execute (callback style) and promise(); its promise wrapper has no promise().
    if (typeof candidate.promise === 'function') {
      const wrapped = candidate.promise() as Partial<MysqlPromiseExecutable> | null;
      if (typeof wrapped?.execute === 'function') return wrapped as MysqlPromiseExecutable;
    } else if (typeof candidate.execute === 'function') {
      return candidate as MysqlPromiseExecutable;
    }
  }
  throw new MfaError('INVALID_ARGUMENT', `${STORE}: client must be a mysql2 pool or connection`);
}

/** The shared identifier check, quoted with MySQL's backticks (double quotes need ANSI_QUOTES). */
function mysqlTableName(table: unknown): string {
  // A name that passed quoteTableName holds only letters, digits, underscores, one dot and quotes.
  return quoteTableName(table, STORE).replaceAll('"', '`');
}
