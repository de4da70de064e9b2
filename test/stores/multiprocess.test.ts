// Single use across processes: 6 worker processes, each with its own clients and its own
// createMfa over the same table (PostgreSQL through pg and through postgres.js, MySQL) or Redis
// prefix (one server, and a three-master cluster started for this file), 20 concurrent verifies
// each of one fresh code: exactly one of the 120 succeeds, round after round. The same 6 workers
// serve every backend, so the file starts 6 processes, not 6 per backend. The same workers then
// race the actions of several authenticators and devices (multiprocess/races.ts).
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMfa, totp } from '../../src/index.js';
import type { MfaStore } from '../../src/mfa/store.js';
import { mysqlStore } from '../../src/stores/mysql.js';
import { postgresStore } from '../../src/stores/postgres.js';
import { redisStore } from '../../src/stores/redis.js';
import { findMysql, newMysqlPool } from './helpers/mysql.js';
import { deletePrefix } from './helpers/redis-clients.js';
import { startRedisCluster } from './helpers/redis-cluster.js';
import { findPostgres, findRedis, uniqueName } from './helpers/services.js';
import { RACES } from './multiprocess/races.js';
import type {
  Backend,
  BackendConfig,
  VerifyReport,
  VerifyRequest,
  WorkerConfig,
} from './multiprocess/worker.js';

const WORKERS = 6;
const PER_WORKER = 20;
const ROUNDS = 4;
const T0 = Date.UTC(2030, 0, 1);

const [databaseUrl, redisUrl, mysqlUrl, cluster] = await Promise.all([
  findPostgres(),
  findRedis(),
  findMysql(),
  startRedisCluster(),
]);
const keyHex = randomBytes(32).toString('hex');
const workerPath = fileURLToPath(new URL('./multiprocess/worker.ts', import.meta.url));

/** How the parent opens each backend: its store (to enable the account), setup and cleanup. */
interface ParentSide {
  store: MfaStore;
  prepare: () => Promise<void>;
  close: () => Promise<void>;
}

const sqlTable = () => uniqueName('mfa_multi');
const redisPrefix = () => `${uniqueName('mfakit-multi')}:`;

const backends: Record<
  Backend,
  { url: string | null; namespace: string; open: (namespace: string) => ParentSide }
> = {
  postgres: {
    url: databaseUrl,
    namespace: sqlTable(),
    open: (table) => {
      const pool = new pg.Pool({ connectionString: databaseUrl ?? undefined });
      const store = postgresStore(pool, { table });
      return {
        store,
        prepare: () => store.migrate(),
        close: async () => {
          await pool.query(`DROP TABLE IF EXISTS ${table}`);
          await pool.end();
        },
      };
    },
  },
  postgresjs: {
    url: databaseUrl,
    namespace: sqlTable(),
    open: (table) => {
      const sql = postgres(databaseUrl ?? '', { onnotice: () => {} });
      const store = postgresStore(sql, { table });
      return {
        store,
        prepare: () => store.migrate(),
        close: async () => {
          await sql.unsafe(`DROP TABLE IF EXISTS ${table}`);
          await sql.end();
        },
      };
    },
  },
  mysql: {
    url: mysqlUrl,
    namespace: sqlTable(),
    open: (table) => {
      const pool = newMysqlPool(mysqlUrl ?? '');
      const store = mysqlStore(pool, { table });
      return {
        store,
        prepare: () => store.migrate(),
        close: async () => {
          await pool.query(`DROP TABLE IF EXISTS ${table}`);
          await pool.end();
        },
      };
    },
  },
  redis: {
    url: redisUrl,
    namespace: redisPrefix(),
    open: (prefix) => {
      const client = new Redis(redisUrl ?? '');
      return {
        store: redisStore(client, { prefix }),
        prepare: async () => {},
        close: async () => {
          await deletePrefix(client, prefix);
          client.disconnect();
        },
      };
    },
  },
  'redis-cluster': {
    url: cluster?.nodes.map(({ host, port }) => `${host}:${port}`).join(',') ?? null,
    namespace: redisPrefix(),
    open: (prefix) => {
      const client = new Cluster(cluster?.nodes ?? []);
      client.on('error', () => {});
      return {
        store: redisStore(client, { prefix }),
        prepare: async () => {},
        close: async () => client.disconnect(),
      };
    },
  },
};

function startWorker(config: WorkerConfig): Promise<ChildProcess> {
  const child = fork(workerPath, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, MFAKIT_WORKER: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) =>
      message === 'ready' ? resolve(child) : reject(new Error(String(message))),
    );
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

function ask(child: ChildProcess, request: VerifyRequest): Promise<VerifyReport> {
  return new Promise((resolve) => {
    child.once('message', (report) => resolve(report as VerifyReport));
    child.send(request);
  });
}

const workers: ChildProcess[] = [];
beforeAll(async () => {
  const available: Partial<Record<Backend, BackendConfig>> = {};
  for (const [backend, { url, namespace }] of Object.entries(backends) as [
    Backend,
    (typeof backends)[Backend],
  ][]) {
    if (url !== null) available[backend] = { url, namespace };
  }
  workers.push(
    ...(await Promise.all(
      Array.from({ length: WORKERS }, () => startWorker({ backends: available, keyHex })),
    )),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(
    workers.map(
      (child) =>
        new Promise((resolve) => {
          child.once('exit', resolve);
          child.send('exit');
        }),
    ),
  );
  // The workers have let go of the cluster: it goes with this file.
  await cluster?.stop();
});

for (const [backend, { url, namespace, open }] of Object.entries(backends) as [
  Backend,
  (typeof backends)[Backend],
][]) {
  describe.skipIf(url === null)(
    `${backend}: ${WORKERS} processes × ${PER_WORKER} concurrent verifies`,
    () => {
      let parent: ParentSide;
      beforeAll(async () => {
        parent = open(namespace);
        await parent.prepare();
      });
      afterAll(async () => {
        await parent?.close();
      });

      it('exactly one of 120 verifies of a fresh code succeeds, in every round', async () => {
        let now = T0;
        const mfa = createMfa({
          store: parent.store,
          issuer: 'mfakit-multiprocess',
          clock: () => now,
          keyring: { current: 'k1', keys: { k1: Uint8Array.from(Buffer.from(keyHex, 'hex')) } },
        });
        const userId = `alice-${backend}`;
        const { secret } = await mfa.beginEnable(userId, { accountName: 'alice@example.com' });
        expect(await mfa.confirmEnable(userId, totp(secret, { time: now }))).toMatchObject({ ok: true });

        for (let round = 1; round <= ROUNDS; round++) {
          now = T0 + round * 30_000;
          const code = totp(secret, { time: now });
          const reports = await Promise.all(
            workers.map((child) => ask(child, { backend, userId, code, now, count: PER_WORKER })),
          );
          const successes = reports.reduce((sum, report) => sum + report.ok, 0);
          const replayed = reports.reduce((sum, report) => sum + (report.reasons['replayed'] ?? 0), 0);
          expect({ round, successes, replayed, errors: reports.flatMap((report) => report.errors) }).toEqual({
            round,
            successes: 1,
            replayed: WORKERS * PER_WORKER - 1,
            errors: [],
          });
        }
        expect((await mfa.status(userId)).state).toBe('enabled');
      }, 60_000);

      for (const race of RACES) {
        it(race.name, () => race.run({ backend, store: parent.store, workers, keyHex }), 60_000);
      }
    },
  );
}
