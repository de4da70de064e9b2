import { afterAll, describe, it } from 'vitest';
import { redisStore } from '../../src/stores/redis.js';
import { describeStoreConformance } from '../../src/testing/index.js';
import { deletePrefix, newIoRedis, newNodeRedis } from './helpers/redis-clients.js';
import { findRedis, uniqueName } from './helpers/services.js';

const redisUrl = await findRedis();
const client = redisUrl === null ? null : await newNodeRedis(redisUrl);

describe.skipIf(client === null)('Redis server', () => {
  const prefix = `${uniqueName('mfakit-conformance-node')}:`;
  const store = client === null ? null : redisStore(client, { prefix });
  afterAll(async () => {
    const cleaner = newIoRedis(redisUrl ?? '');
    await deletePrefix(cleaner, prefix);
    cleaner.disconnect();
    client?.destroy();
  });

  // readRaw uses HGETALL through the same node-redis client, not through the store.
  describeStoreConformance(
    'redisStore (node-redis)',
    async () => ({
      store: store!,
      readRaw: async (userId) => JSON.stringify(await client!.hGetAll(prefix + userId)),
    }),
    { describe, it },
  );
});
