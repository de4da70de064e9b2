/**
 * `mfakit/stores/sqlite`: the MFA store over a better-sqlite3 database.
 *
 * The single-machine persistent store, and the demo app's. One row per account: the record as
 * JSON text, its `version` for the compare-and-set, and its `state` and update time as plain
 * columns for operators' queries. Several processes may share the database file: every write is
 * one statement, which SQLite runs atomically under its write lock.
 *
 * better-sqlite3 is imported as a type only; the application opens the database and passes it in.
 *
 * @module
 */
import type { MfaRecord, MfaStore } from '../mfa/index.js';
import { checkOptions, checkUserId, MfaError } from '../shared/index.js';
import {
  checkCompareAndSet,
  DEFAULT_TABLE,
  decodeRecord,
  encodeRecord,
  quoteTableName,
} from './internal/checks.js';

const STORE = 'sqliteStore';

/**
 * What the store needs of a better-sqlite3 `Database` (`import Database from 'better-sqlite3'`):
 * `prepare` returning statements with `run` and `get`, and `exec`. Declared structurally so that
 * mfakit's types do not depend on @types/better-sqlite3.
 */
export interface SqliteDatabaseLike {
  /** Compiles one SQL statement. */
  prepare(sql: string): {
    /** Runs the statement; `changes` is the number of rows it changed. */
    run(...params: unknown[]): {
      /** Rows changed. */
      changes: number | bigint;
    };
    /** Runs the statement and returns its first row, or undefined. */
    get(...params: unknown[]): unknown;
  };
  /** Runs SQL text without parameters. */
  exec(sql: string): unknown;
}

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /** The table name, optionally `schema.table` for an attached database. Default `mfa_records`. */
  table?: string;
}

/** The SQLite store: the {@link MfaStore} methods plus its migration. */
export interface SqliteMfaStore extends MfaStore {
  /** The SQL that `migrate()` runs, for teams that run their own migrations. */
  readonly schemaSql: string;
  /**
   * Creates the table when it does not exist. Idempotent: safe to call at every start.
   *
   * @returns once the table exists
   */
  migrate(): Promise<void>;
}

/**
 * The CREATE TABLE statement of the SQLite store.
 *
 * `WITHOUT ROWID` keeps each row in the primary-key b-tree, so a lookup by user id is one search.
 *
 * @param table - the table name (validated), default `mfa_records`
 * @returns the SQL text
 * @throws MfaError INVALID_OPTION for a table name that is not an identifier
 * @example
 * ```ts
 * import { sqliteSchema } from 'mfakit/stores/sqlite';
 * console.log(sqliteSchema('mfa_records'));
 * ```
 */
export function sqliteSchema(table: string = DEFAULT_TABLE): string {
  const name = quoteTableName(table, STORE);
  return `CREATE TABLE IF NOT EXISTS ${name} (
  user_id       TEXT    NOT NULL PRIMARY KEY,
  version       INTEGER NOT NULL,
  state         TEXT    NOT NULL,
  record        TEXT    NOT NULL,
  updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;`;
}

/**
 * The SQLite schema for the default table name, `mfa_records`.
 * @example
 * ```ts
 * import { SQLITE_SCHEMA } from 'mfakit/stores/sqlite';
 * console.log(SQLITE_SCHEMA); // paste into your own migration
 * ```
 */
export const SQLITE_SCHEMA: string = sqliteSchema();

/**
 * Creates an MFA store over a better-sqlite3 database.
 *
 * The compare-and-set is one statement: an `INSERT … ON CONFLICT DO NOTHING` for a new record
 * (expected version 0), else an `UPDATE … WHERE user_id = ? AND version = ?`; exactly one of
 * any number of racing writers changes a row. Statements are prepared once, on first use (after
 * `migrate()` or your own migration has created the table). better-sqlite3 is synchronous, so
 * each call completes before its promise is returned; a driver error becomes a rejection.
 *
 * @param db - an open better-sqlite3 `Database` (version 11 or 12)
 * @param options - `table`: the table name, default `mfa_records`
 * @returns the store, with `migrate()` and `schemaSql`
 * @throws MfaError INVALID_ARGUMENT when `db` is not a database; INVALID_OPTION for a bad table name
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { createMfa } from 'mfakit';
 * import { sqliteStore } from 'mfakit/stores/sqlite';
 *
 * const db = new Database('mfa.db');
 * db.pragma('journal_mode = WAL');
 * const store = sqliteStore(db);
 * await store.migrate();
 * const mfa = createMfa({ store, issuer: 'Example' });
 * ```
 */
export function sqliteStore(db: SqliteDatabaseLike, options: SqliteStoreOptions = {}): SqliteMfaStore {
  if (
    typeof db !== 'object' ||
    db === null ||
    typeof db.prepare !== 'function' ||
    typeof db.exec !== 'function'
  ) {
    throw new MfaError('INVALID_ARGUMENT', `${STORE}: db must be a better-sqlite3 Database`);
  }
  checkOptions(options);
  const table = quoteTableName(options.table ?? DEFAULT_TABLE, STORE);
  const schemaSql = sqliteSchema(options.table ?? DEFAULT_TABLE);
  const statements = lazyStatements(db, table);

  return {
    schemaSql,
    async migrate() {
      db.exec(schemaSql);
    },
    async get(userId: string): Promise<MfaRecord | null> {
      checkUserId(userId);
      const row = statements().select.get(userId) as { record: unknown } | undefined;
      return row === undefined ? null : decodeRecord(row.record, STORE);
    },
    async compareAndSet(userId: string, expectedVersion: number, record: MfaRecord): Promise<boolean> {
      checkCompareAndSet(userId, expectedVersion, record, STORE);
      const { insert, update } = statements();
      const text = encodeRecord(record);
      const result =
        expectedVersion === 0
          ? insert.run(userId, record.version, record.state, text, record.updatedAt)
          : update.run(record.version, record.state, text, record.updatedAt, userId, expectedVersion);
      return Number(result.changes) === 1;
    },
    async delete(userId: string): Promise<void> {
      checkUserId(userId);
      statements().remove.run(userId);
    },
  };
}

/** Prepares the four statements at first use, once; preparing needs the table to exist. */
function lazyStatements(db: SqliteDatabaseLike, table: string) {
  let prepared:
    | {
        select: ReturnType<SqliteDatabaseLike['prepare']>;
        insert: ReturnType<SqliteDatabaseLike['prepare']>;
        update: ReturnType<SqliteDatabaseLike['prepare']>;
        remove: ReturnType<SqliteDatabaseLike['prepare']>;
      }
    | undefined;
  return () => {
    prepared ??= {
      select: db.prepare(`SELECT record FROM ${table} WHERE user_id = ?`),
      insert: db.prepare(
        `INSERT INTO ${table} (user_id, version, state, record, updated_at_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO NOTHING`,
      ),
      update: db.prepare(
        `UPDATE ${table} SET version = ?, state = ?, record = ?, updated_at_ms = ?
         WHERE user_id = ? AND version = ?`,
      ),
      remove: db.prepare(`DELETE FROM ${table} WHERE user_id = ?`),
    };
    return prepared;
  };
}
