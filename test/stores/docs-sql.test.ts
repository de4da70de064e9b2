// docs/stores.md prints the SQL and the Lua script for teams that run their own migrations:
// it must be exactly what the stores run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MYSQL_SCHEMA } from '../../src/stores/mysql.js';
import { POSTGRES_SCHEMA } from '../../src/stores/postgres.js';
import { REDIS_CAS_SCRIPT, REDIS_CAS_SHA1 } from '../../src/stores/redis.js';
import { SQLITE_SCHEMA } from '../../src/stores/sqlite.js';

const guide = readFileSync(new URL('../../docs/stores.md', import.meta.url), 'utf8');

describe('docs/stores.md matches the code', () => {
  it('prints the SQLite schema', () => expect(guide).toContain(SQLITE_SCHEMA));
  it('prints the PostgreSQL schema', () => expect(guide).toContain(POSTGRES_SCHEMA));
  it('prints the MySQL schema', () => expect(guide).toContain(MYSQL_SCHEMA));
  it('prints the Redis script and its SHA1', () => {
    expect(guide).toContain(REDIS_CAS_SCRIPT);
    expect(guide).toContain(REDIS_CAS_SHA1);
  });
});
