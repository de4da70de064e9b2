import { afterAll, describe, it } from 'vitest';
import { redisStore } from '../../src/stores/redis.js';
import { describeStoreConformance } from '../../src/testing/index.js';
import { deletePrefix, newIoRedis, readHash } from './helpers/redis-clients.js';
import { findRedis, uniqueName } from './helpers/services.js';

const redisUrl = await findRedis();

describe.skipIf(redisUrl === null)('Redis server', () => {
  const client = newIoRedis(redisUrl ?? '');
  const prefix = `${uniqueName('mfakit-conformance-io')}:`;
  const store = redisStore(client, { prefix });
  afterAll(async () => {
    await deletePrefix(client, prefix);
    client.disconnect();
  });

  describeStoreConformance(
    'redisStore (ioredis)',
    async () => ({ store, readRaw: (userId) => readHash(client, prefix + userId) }),
    { describe, it },
  );
});
