/**
 * `mfakit/stores/postgres`: the MFA store over PostgreSQL.
 *
 * Works with anything that has pg's `query(text, params)` resolving to `{ rows }` (a pg `Pool`
 * or `Client`, or PGlite from @electric-sql/pglite), and with a postgres.js client (the `postgres`
 * package), whose `unsafe(text, params)` runs the same parameterised SQL. One row per account: the record as JSON text,
 * its `version` for the compare-and-set, and its `state` and update time as plain columns for
 * operators' queries.
 *
 * No driver is imported, not even as a type; the application opens the connection and passes it in.
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

const STORE = 'postgresStore';

/**
 * What the store needs of a PostgreSQL client: pg's `Pool` and `Client` and PGlite all have it.
 * Each call must run as its own statement (autocommit); the store never opens a transaction.
 */
export interface PostgresQueryable {
  /** Runs one parameterised statement ($1, $2, …). */
  query(
    text: string,
    params?: unknown[],
  ): Promise<{
    /** The result rows. */
    rows: unknown[];
  }>;
}

/**
 * What the store needs of a postgres.js client (`postgres()` from the `postgres` package): its
 * `unsafe(text, params)`, which runs one parameterised statement and resolves to the rows. Only
 * the store's own SQL goes through it, with every value a parameter.
 */
export interface PostgresJsLike {
  /** Runs one statement with $1, $2, … parameters; resolves to the result rows. */
  unsafe(text: string, params?: (string | number)[]): PromiseLike<readonly unknown[]>;
}

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /** The table name, optionally `schema.table`. Default `mfa_records`. */
  table?: string;
}

/** The PostgreSQL store: the {@link MfaStore} methods plus its migration. */
export interface PostgresMfaStore extends MfaStore {
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
 * The CREATE TABLE statement of the PostgreSQL store.
 *
 * @param table - the table name, optionally `schema.table` (validated), default `mfa_records`
 * @returns the SQL text
 * @throws MfaError INVALID_OPTION for a table name that is not an identifier
 * @example
 * ```ts
 * import { postgresSchema } from 'mfakit/stores/postgres';
 * console.log(postgresSchema('auth.mfa_records'));
 * ```
 */
export function postgresSchema(table: string = DEFAULT_TABLE): string {
  const name = quoteTableName(table, STORE);
  return `CREATE TABLE IF NOT EXISTS ${name} (
  user_id       text   NOT NULL PRIMARY KEY,
  version       bigint NOT NULL,
  state         text   NOT NULL,
  record        text   NOT NULL,
  updated_at_ms bigint NOT NULL
);`;
}

/**
 * The PostgreSQL schema for the default table name, `mfa_records`.
 * @example
 * ```ts
 * import { POSTGRES_SCHEMA } from 'mfakit/stores/postgres';
 * console.log(POSTGRES_SCHEMA); // paste into your own migration
 * ```
 */
export const POSTGRES_SCHEMA: string = postgresSchema();

// Two sessions running CREATE TABLE IF NOT EXISTS at the same moment can both pass the
// existence check; the loser fails on the catalog's unique index. Retrying sees the table.
const CREATE_RACE_CODES = new Set(['23505', '42P07']);

/**
 * Creates an MFA store over PostgreSQL.
 *
 * The compare-and-set is one statement, never a read then a write: `INSERT … ON CONFLICT
 * (user_id) DO NOTHING RETURNING 1` for a new record (expected version 0), else `UPDATE … WHERE
 * user_id = $1 AND version = $2 RETURNING 1`. Under READ COMMITTED a racing UPDATE waits for the
 * row lock and re-checks the version on the committed row, so exactly one writer wins. (Under
 * SERIALIZABLE the losers get a serialization error instead, which the service reports as
 * STORE_ERROR; run the store's statements at the default READ COMMITTED.) RETURNING, rather
 * than a row count, is what pg, PGlite and postgres.js all report the same way.
 *
 * @param client - a pg `Pool` or `Client`, a PGlite instance, or a postgres.js `sql` client
 * @param options - `table`: the table name, default `mfa_records`
 * @returns the store, with `migrate()` and `schemaSql`
 * @throws MfaError INVALID_ARGUMENT when `client` has neither `query()` nor `unsafe()`; INVALID_OPTION
 *   for a bad table name
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createMfa } from 'mfakit';
 * import { postgresStore } from 'mfakit/stores/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = postgresStore(pool, { table: 'mfa_records' });
 * await store.migrate();
 * const mfa = createMfa({ store, issuer: 'Example' });
 * ```
 * @example
 * ```ts
 * import postgres from 'postgres';
 * import { postgresStore } from 'mfakit/stores/postgres';
 *
 * const sql = postgres(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
 * const store = postgresStore(sql);
 * await store.migrate();
 * ```
 */
export function postgresStore(
  client: PostgresQueryable | PostgresJsLike,
  options: PostgresStoreOptions = {},
): PostgresMfaStore {
  const db = queryable(client);
  checkOptions(options);
  const table = quoteTableName(options.table ?? DEFAULT_TABLE, STORE);
  const schemaSql = postgresSchema(options.table ?? DEFAULT_TABLE);
  const selectSql = `SELECT record FROM ${table} WHERE user_id = $1`;
  const insertSql = `INSERT INTO ${table} (user_id, version, state, record, updated_at_ms)
    VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO NOTHING RETURNING 1`;
  const updateSql = `UPDATE ${table} SET version = $3, state = $4, record = $5, updated_at_ms = $6
    WHERE user_id = $1 AND version = $2 RETURNING 1`;
  const deleteSql = `DELETE FROM ${table} WHERE user_id = $1`;

  return {
    schemaSql,
    async migrate() {
      try {
        await db.query(schemaSql);
      } catch (error) {
        if (!CREATE_RACE_CODES.has((error as { code?: unknown } | null)?.code as string)) throw error;
        await db.query(schemaSql);
      }
    },
    async get(userId: string): Promise<MfaRecord | null> {
      checkUserId(userId);
      const { rows } = await db.query(selectSql, [userId]);
      const row = rows[0] as { record: unknown } | undefined;
      return row === undefined ? null : decodeRecord(row.record, STORE);
    },
    async compareAndSet(userId: string, expectedVersion: number, record: MfaRecord): Promise<boolean> {
      checkCompareAndSet(userId, expectedVersion, record, STORE);
      const text = encodeRecord(record);
      const { rows } =
        expectedVersion === 0
          ? await db.query(insertSql, [userId, record.version, record.state, text, record.updatedAt])
          : await db.query(updateSql, [
              userId,
              expectedVersion,
              record.version,
              record.state,
              text,
              record.updatedAt,
            ]);
      return rows.length === 1;
    },
    async delete(userId: string): Promise<void> {
      checkUserId(userId);
      await db.query(deleteSql, [userId]);
    },
  };
}

/** pg and PGlite as they are; postgres.js (a function with `unsafe`) behind the same `query`. */
function queryable(client: unknown): PostgresQueryable {
  const candidate = client as Partial<PostgresQueryable & PostgresJsLike> | null;
  // postgres.js's `sql` is a function; pg's and PGlite's clients are objects.
  if ((typeof candidate === 'object' || typeof candidate === 'function') && candidate !== null) {
    if (typeof candidate.query === 'function') return candidate as PostgresQueryable;
    if (typeof candidate.unsafe === 'function') {
      const sql = candidate as PostgresJsLike;
      return {
        // postgres.js reads a second argument of undefined as options: pass params only when given.
        query: async (text, params) => ({
          rows: (await (params === undefined
            ? sql.unsafe(text)
            : sql.unsafe(text, params as (string | number)[]))) as unknown[],
        }),
      };
    }
  }
  throw new MfaError(
    'INVALID_ARGUMENT',
    `${STORE}: client must be a pg Pool or Client, a PGlite instance or a postgres.js client`,
  );
}
