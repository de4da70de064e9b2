// redisStore's own behaviours against a real Redis server (REDIS_URL, default
// redis://127.0.0.1:6379). The conformance suite runs with both drivers in
// conformance.redis-*.test.ts; SCRIPT FLUSH and restart tests are in faults.test.ts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDIS_CAS_SCRIPT, REDIS_CAS_SHA1, redisStore } from '../../src/stores/redis.js';
import { sampleRecord } from '../../src/testing/index.js';
import { newIoRedis } from './helpers/redis-clients.js';
import { findRedis, uniqueName } from './helpers/services.js';

const redisUrl = await findRedis();

describe.skipIf(redisUrl === null)('Redis server', () => {
  const url = redisUrl ?? '';

  describe('redisStore specifics', () => {
    it('the hard-wired script SHA1 is the one Redis computes for the script', async () => {
      const client = newIoRedis(url);
      expect(await client.script('LOAD', REDIS_CAS_SCRIPT)).toBe(REDIS_CAS_SHA1);
      expect(createHash('sha1').update(REDIS_CAS_SCRIPT).digest('hex')).toBe(REDIS_CAS_SHA1);
      client.disconnect();
    });

    it('keeps one hash key per account under the prefix, with only version and record', async () => {
      const client = newIoRedis(url);
      const prefix = `${uniqueName('mfakit-test-keys')}:`;
      const store = redisStore(client, { prefix });
      await store.compareAndSet('alice', 0, sampleRecord('alice'));
      await store.compareAndSet('alice', 1, sampleRecord('alice', 2));
      expect(await client.keys(`${prefix}*`)).toEqual([`${prefix}alice`]);
      expect(store.keyOf('alice')).toBe(`${prefix}alice`);
      expect(await client.type(`${prefix}alice`)).toBe('hash');
      const hash = await client.hgetall(`${prefix}alice`);
      expect(Object.keys(hash).sort()).toEqual(['record', 'version']);
      expect(hash['version']).toBe('2');
      await store.delete('alice');
      expect(await client.exists(`${prefix}alice`)).toBe(0);
      client.disconnect();
    });
  });
});
