// Every store this repository tests, each on its own table or key prefix, for the tests that run
// one scenario on all of them: memory, SQLite, PGlite, PostgreSQL through pg and postgres.js,
// MySQL/MariaDB, Redis through ioredis and node-redis, and a three-master Redis Cluster through
// both drivers. A missing service drops its stores with one console line, or fails the file
// under MFAKIT_REQUIRE_SERVICES=1 (the find* helpers decide).
import { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import { Cluster } from 'ioredis';
import pg from 'pg';
import { createCluster } from 'redis';
import type { MfaStore } from '../../../src/mfa/store.js';
import { memoryStore } from '../../../src/stores/memory.js';
import { mysqlStore } from '../../../src/stores/mysql.js';
import { postgresStore } from '../../../src/stores/postgres.js';
import { redisStore } from '../../../src/stores/redis.js';
import { sqliteStore } from '../../../src/stores/sqlite.js';
import { findMysql, newMysqlPool } from './mysql.js';
import { newPostgresJs } from './postgresjs.js';
import { deletePrefix, newIoRedis, newNodeRedis } from './redis-clients.js';
import { type LocalCluster, startRedisCluster } from './redis-cluster.js';
import { findPostgres, findRedis, uniqueName } from './services.js';

/** A store ready for use, and how to drop its table or keys and close its client. */
export interface OpenStore {
  store: MfaStore;
  close(): Promise<void>;
}

/** One store of the list: its name in test titles, and how to open it afresh. */
export interface StoreBackend {
  name: string;
  open(): Promise<OpenStore>;
}

/** The stores whose services answer here, and how to stop what was started for them (the cluster). */
export interface EveryStore {
  backends: StoreBackend[];
  stop(): Promise<void>;
}

/**
 * Finds the services and lists every store on them. Call once per file, at the top level
 * (it may start a Redis Cluster); call `stop` in afterAll.
 *
 * @param label - names the tables and key prefixes, to find them after a failed run
 */
export async function everyStore(label: string): Promise<EveryStore> {
  const [databaseUrl, mysqlUrl, redisUrl, cluster] = await Promise.all([
    findPostgres(),
    findMysql(),
    findRedis(),
    startRedisCluster(),
  ]);
  const backends: StoreBackend[] = [
    { name: 'memory', open: async () => ({ store: memoryStore(), close: async () => {} }) },
    {
      name: 'SQLite (better-sqlite3)',
      open: async () => {
        const db = new Database(':memory:');
        const store = sqliteStore(db);
        await store.migrate();
        return { store, close: async () => void db.close() };
      },
    },
    {
      name: 'PGlite',
      open: async () => {
        const db = new PGlite();
        const store = postgresStore(db);
        await store.migrate();
        return { store, close: () => db.close() };
      },
    },
  ];
  if (databaseUrl !== null) {
    backends.push(
      {
        name: 'PostgreSQL (pg)',
        open: async () => {
          const pool = new pg.Pool({ connectionString: databaseUrl });
          const table = uniqueName(`mfa_${label}`);
          const store = postgresStore(pool, { table });
          await store.migrate();
          return {
            store,
            close: async () => {
              await pool.query(`DROP TABLE IF EXISTS ${table}`);
              await pool.end();
            },
          };
        },
      },
      {
        name: 'PostgreSQL (postgres.js)',
        open: async () => {
          const sql = newPostgresJs(databaseUrl);
          const table = uniqueName(`mfa_${label}`);
          const store = postgresStore(sql, { table });
          await store.migrate();
          return {
            store,
            close: async () => {
              await sql.unsafe(`DROP TABLE IF EXISTS ${table}`);
              await sql.end();
            },
          };
        },
      },
    );
  }
  if (mysqlUrl !== null) {
    backends.push({
      name: 'MySQL/MariaDB (mysql2)',
      open: async () => {
        const pool = newMysqlPool(mysqlUrl);
        const table = uniqueName(`mfa_${label}`);
        const store = mysqlStore(pool, { table });
        await store.migrate();
        return {
          store,
          close: async () => {
            await pool.query(`DROP TABLE IF EXISTS ${table}`);
            await pool.end();
          },
        };
      },
    });
  }
  if (redisUrl !== null) {
    backends.push(
      {
        name: 'Redis (ioredis)',
        open: async () => {
          const client = newIoRedis(redisUrl);
          const prefix = `${uniqueName(`mfakit-${label}-io`)}:`;
          return {
            store: redisStore(client, { prefix }),
            close: async () => {
              await deletePrefix(client, prefix);
              client.disconnect();
            },
          };
        },
      },
      {
        name: 'Redis (node-redis)',
        open: async () => {
          const client = await newNodeRedis(redisUrl);
          const prefix = `${uniqueName(`mfakit-${label}-node`)}:`;
          return {
            store: redisStore(client, { prefix }),
            close: async () => {
              const cleaner = newIoRedis(redisUrl);
              await deletePrefix(cleaner, prefix);
              cleaner.disconnect();
              client.destroy();
            },
          };
        },
      },
    );
  }
  if (cluster !== null) backends.push(...clusterBackends(cluster, label));
  return { backends, stop: async () => cluster?.stop() };
}

/** The cluster through ioredis' Cluster and node-redis' createCluster; the cluster itself goes with the file. */
function clusterBackends(cluster: LocalCluster, label: string): StoreBackend[] {
  return [
    {
      name: 'Redis Cluster (ioredis)',
      open: async () => {
        const client = new Cluster(cluster.nodes);
        client.on('error', () => {});
        return {
          store: redisStore(client, { prefix: `${uniqueName(`mfakit-${label}-io`)}:` }),
          close: async () => void client.disconnect(),
        };
      },
    },
    {
      name: 'Redis Cluster (node-redis)',
      open: async () => {
        const client = createCluster({
          rootNodes: cluster.nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
        });
        client.on('error', () => {});
        await client.connect();
        return {
          store: redisStore(client, { prefix: `${uniqueName(`mfakit-${label}-node`)}:` }),
          close: async () => void client.destroy(),
        };
      },
    },
  ];
}
