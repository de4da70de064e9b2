// Single use across processes: 6 worker processes, each with its own client and its own
// createMfa over the same PostgreSQL table or Redis prefix, 20 concurrent verifies each of one
// fresh code: exactly one of the 120 succeeds, round after round.
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMfa, totp } from '../../src/index.js';
import type { MfaStore } from '../../src/mfa/store.js';
import { postgresStore } from '../../src/stores/postgres.js';
import { redisStore } from '../../src/stores/redis.js';
import { deletePrefix } from './helpers/redis-clients.js';
import { findPostgres, findRedis, uniqueName } from './helpers/services.js';
import type { VerifyReport, VerifyRequest, WorkerConfig } from './multiprocess/worker.js';

const WORKERS = 6;
const PER_WORKER = 20;
const ROUNDS = 4;
const T0 = Date.UTC(2030, 0, 1);

const [databaseUrl, redisUrl] = await Promise.all([findPostgres(), findRedis()]);
const workerPath = fileURLToPath(new URL('./multiprocess/worker.ts', import.meta.url));

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

function describeAcrossProcesses(
  backend: WorkerConfig['backend'],
  url: string | null,
  open: (namespace: string) => { store: MfaStore; close: () => Promise<void>; prepare: () => Promise<void> },
): void {
  describe.skipIf(url === null)(
    `${backend}: ${WORKERS} processes × ${PER_WORKER} concurrent verifies`,
    () => {
      const namespace = backend === 'postgres' ? uniqueName('mfa_multi') : `${uniqueName('mfakit-multi')}:`;
      const keyHex = randomBytes(32).toString('hex');
      const workers: ChildProcess[] = [];
      let parent: ReturnType<typeof open>;

      beforeAll(async () => {
        parent = open(namespace);
        await parent.prepare();
        const config: WorkerConfig = { backend, url: url ?? '', namespace, keyHex };
        workers.push(...(await Promise.all(Array.from({ length: WORKERS }, () => startWorker(config)))));
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
            workers.map((child) => ask(child, { userId, code, now, count: PER_WORKER })),
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
    },
  );
}

describeAcrossProcesses('postgres', databaseUrl, (table) => {
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
});

describeAcrossProcesses('redis', redisUrl, (prefix) => {
  const client = new Redis(redisUrl ?? '');
  return {
    store: redisStore(client, { prefix }),
    prepare: async () => {},
    close: async () => {
      await deletePrefix(client, prefix);
      client.disconnect();
    },
  };
});
