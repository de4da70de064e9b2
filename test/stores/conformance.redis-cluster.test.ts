// The conformance suite on a real three-master Redis Cluster, through ioredis' Cluster and
// node-redis' createCluster. The cluster is started for this file and stopped after it.
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, describe, it } from 'vitest';
import { redisStore } from '../../src/stores/redis.js';
import { describeStoreConformance } from '../../src/testing/index.js';
import { startRedisCluster } from './helpers/redis-cluster.js';

const cluster = await startRedisCluster();

describe.skipIf(cluster === null)('Redis Cluster (3 masters)', () => {
  const nodes = cluster?.nodes ?? [];
  const io = new Cluster(nodes);
  io.on('error', () => {});
  const node = createCluster({
    rootNodes: nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
  });
  node.on('error', () => {});
  const connected = node.connect();
  afterAll(async () => {
    io.disconnect();
    await connected;
    node.destroy();
    await cluster?.stop();
  });

  describeStoreConformance(
    'redisStore (ioredis Cluster)',
    async () => ({
      store: redisStore(io, { prefix: 'mfakit-io:' }),
      readRaw: async (userId) => JSON.stringify(await io.hgetall(`mfakit-io:${userId}`)),
    }),
    { describe, it },
  );

  describeStoreConformance(
    'redisStore (node-redis createCluster)',
    async () => {
      await connected;
      return {
        store: redisStore(node, { prefix: 'mfakit-node:' }),
        readRaw: async (userId) => JSON.stringify(await node.hGetAll(`mfakit-node:${userId}`)),
      };
    },
    { describe, it },
  );
});
