// One worker process of test/stores/multiprocess.test.ts: for every backend it is given, its own
// database client, its own store and its own createMfa (same keyring as the parent). On each
// message it sets its fake clock and runs `count` concurrent verifies of one code through the
// named backend, then reports how they ended.
import { Cluster, Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import pg from 'pg';
import postgres from 'postgres';
import { createMfa, type Mfa } from '../../../src/index.js';
import type { MfaStore } from '../../../src/mfa/store.js';
import { mysqlStore } from '../../../src/stores/mysql.js';
import { postgresStore } from '../../../src/stores/postgres.js';
import { redisStore } from '../../../src/stores/redis.js';

export type Backend = 'postgres' | 'postgresjs' | 'mysql' | 'redis' | 'redis-cluster';

export interface BackendConfig {
  /** The server's URL; for redis-cluster, its nodes as `host:port,host:port,…`. */
  url: string;
  /** Table (SQL) or key prefix (Redis). */
  namespace: string;
}

export interface WorkerConfig {
  backends: Partial<Record<Backend, BackendConfig>>;
  keyHex: string;
}

export interface VerifyRequest {
  backend: Backend;
  userId: string;
  code: string;
  now: number;
  count: number;
}

export interface VerifyReport {
  ok: number;
  reasons: Record<string, number>;
  errors: string[];
}

/** One call of the service, by name, with its arguments after the user id. */
export interface ServiceCall {
  method: 'checkDevice' | 'confirmAuthenticator' | 'disable' | 'removeAuthenticator' | 'verify';
  args: string[];
}

/** Runs `calls` at once through the named backend at time `now`. */
export interface CallsRequest {
  kind: 'calls';
  backend: Backend;
  userId: string;
  now: number;
  calls: ServiceCall[];
}

/** What each call returned (the result as is), or the code of what it threw. */
export type CallOutcome =
  | { result: { ok: boolean; reason?: string } & Record<string, unknown> }
  | { error: string };

function open(
  backend: Backend,
  { url, namespace }: BackendConfig,
): { store: MfaStore; close: () => Promise<void> } {
  switch (backend) {
    case 'postgres': {
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      return { store: postgresStore(pool, { table: namespace }), close: () => pool.end() };
    }
    case 'postgresjs': {
      const sql = postgres(url, { max: 4 });
      return { store: postgresStore(sql, { table: namespace }), close: () => sql.end() };
    }
    case 'mysql': {
      const pool = mysql.createPool({ uri: url, connectionLimit: 4 });
      return { store: mysqlStore(pool, { table: namespace }), close: () => pool.end() };
    }
    case 'redis': {
      const client = new Redis(url);
      return {
        store: redisStore(client, { prefix: namespace }),
        close: async () => void client.disconnect(),
      };
    }
    case 'redis-cluster': {
      const nodes = url.split(',').map((node) => {
        const [host, port] = node.split(':');
        return { host: host ?? '', port: Number(port) };
      });
      const client = new Cluster(nodes);
      return {
        store: redisStore(client, { prefix: namespace }),
        close: async () => void client.disconnect(),
      };
    }
  }
}

const config = JSON.parse(process.env.MFAKIT_WORKER ?? '{}') as WorkerConfig;
let now = 0;
const opened = new Map<Backend, { mfa: Mfa; close: () => Promise<void> }>();
for (const [backend, backendConfig] of Object.entries(config.backends) as [Backend, BackendConfig][]) {
  const { store, close } = open(backend, backendConfig);
  const mfa = createMfa({
    store,
    issuer: 'mfakit-multiprocess',
    clock: () => now,
    keyring: { current: 'k1', keys: { k1: Uint8Array.from(Buffer.from(config.keyHex, 'hex')) } },
  });
  opened.set(backend, { mfa, close });
}

/** Runs the calls of a request together and reports each outcome, in order. */
async function runCalls(mfa: Mfa, request: CallsRequest): Promise<CallOutcome[]> {
  now = request.now;
  const service = mfa as unknown as Record<ServiceCall['method'], (...args: string[]) => Promise<unknown>>;
  const started = request.calls.map(({ method, args }) => service[method](request.userId, ...args));
  return (await Promise.allSettled(started)).map((settled) =>
    settled.status === 'fulfilled'
      ? { result: settled.value as { ok: boolean } }
      : { error: String((settled.reason as { code?: unknown }).code ?? settled.reason) },
  );
}

process.on('message', async (message: VerifyRequest | CallsRequest | 'exit') => {
  if (message === 'exit') {
    await Promise.all([...opened.values()].map(({ close }) => close()));
    process.exit(0);
  }
  if ('kind' in message) {
    const { mfa } = opened.get(message.backend) ?? {};
    process.send?.(
      mfa === undefined ? [{ error: `no ${message.backend} backend` }] : await runCalls(mfa, message),
    );
    return;
  }
  const { mfa } = opened.get(message.backend) ?? {};
  const report: VerifyReport = { ok: 0, reasons: {}, errors: [] };
  if (mfa === undefined) {
    report.errors.push(`no ${message.backend} backend in this worker`);
    process.send?.(report);
    return;
  }
  now = message.now;
  const results = await Promise.allSettled(
    Array.from({ length: message.count }, () => mfa.verify(message.userId, message.code)),
  );
  for (const result of results) {
    if (result.status === 'rejected') {
      const error = result.reason as { code?: string; cause?: { message?: string } };
      report.errors.push(`${error.code}: ${error.cause?.message ?? ''}`);
    } else if (result.value.ok) report.ok++;
    else report.reasons[result.value.reason] = (report.reasons[result.value.reason] ?? 0) + 1;
  }
  process.send?.(report);
});
process.send?.('ready');
