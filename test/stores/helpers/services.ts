// Finds the PostgreSQL and Redis servers the store tests run against. When one is missing the
// suites that need it are skipped with one line saying how to run them, unless
// MFAKIT_REQUIRE_SERVICES=1 (as in .ci/run), where a missing service fails the file.
import { Redis } from 'ioredis';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const CONNECT_TIMEOUT_MS = 1500;

const required = process.env.MFAKIT_REQUIRE_SERVICES === '1';

/** A short random suffix so that test files running in parallel never share a table or a key. */
export function uniqueName(base: string): string {
  return `${base}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}

function unavailable(service: string, variable: string, url: string, error: unknown): null {
  const reason = error instanceof Error ? error.message : String(error);
  if (required) {
    throw new Error(
      `${service} is required (MFAKIT_REQUIRE_SERVICES=1) but unreachable at ${url}: ${reason}`,
    );
  }
  console.log(`${service} suites skipped: no server at ${url}; set ${variable} (or start one) to run them.`);
  return null;
}

/** The PostgreSQL URL to test against, or null (after one console line) when none answers. */
export async function findPostgres(): Promise<string | null> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch (error) {
    return unavailable('PostgreSQL', 'DATABASE_URL', url, error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The Redis URL to test against, or null (after one console line) when none answers. */
export async function findRedis(): Promise<string | null> {
  const url = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return url;
  } catch (error) {
    return unavailable('Redis', 'REDIS_URL', url, error);
  } finally {
    client.disconnect();
  }
}
