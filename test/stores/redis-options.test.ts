// redisStore's driver detection, argument checks and NOSCRIPT fallback, with fake clients:
// no server needed.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REDIS_PREFIX,
  REDIS_CAS_SCRIPT,
  REDIS_CAS_SHA1,
  redisStore,
} from '../../src/stores/redis.js';
import { sampleRecord } from '../../src/testing/index.js';

function fakeIoRedis(evalsha: (...args: unknown[]) => Promise<unknown>) {
  const calls: string[] = [];
  return {
    calls,
    client: {
      evalsha: (...args: unknown[]) => {
        calls.push('evalsha');
        return evalsha(...args);
      },
      eval: async (...args: unknown[]) => {
        calls.push(`eval:${args[0] === REDIS_CAS_SCRIPT}:${args.slice(1).join(',')}`);
        return 1;
      },
      hget: async () => null,
      del: async () => 1,
    },
  };
}

const noscript = () => Promise.reject(new Error('NOSCRIPT No matching script. Please use EVAL.'));

describe('redisStore arguments and fallback', () => {
  it('on NOSCRIPT, sends the script once with EVAL and reports its answer', async () => {
    const { client, calls } = fakeIoRedis(noscript);
    const store = redisStore(client, { prefix: 'p:' });
    expect(await store.compareAndSet('u', 0, sampleRecord('u'))).toBe(true);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toBe('evalsha');
    expect(calls[1]).toMatch(/^eval:true:1,p:u,0,1,\{/);
  });

  it('calls EVALSHA with the script SHA1, the key and the arguments', async () => {
    let seen: unknown[] = [];
    const { client } = fakeIoRedis(async (...args) => {
      seen = args;
      return 0;
    });
    expect(await redisStore(client).compareAndSet('u', 3, sampleRecord('u', 4))).toBe(false);
    expect(seen.slice(0, 5)).toEqual([REDIS_CAS_SHA1, 1, `${DEFAULT_REDIS_PREFIX}u`, '3', '4']);
  });

  it('any other Redis error is a rejection, without a retry', async () => {
    const { client, calls } = fakeIoRedis(() => Promise.reject(new Error('Connection is closed.')));
    await expect(redisStore(client).compareAndSet('u', 0, sampleRecord('u'))).rejects.toThrow(
      'Connection is closed.',
    );
    expect(calls).toEqual(['evalsha']);
  });

  it('uses node-redis calls for a node-redis client', async () => {
    const seen: unknown[] = [];
    const client = {
      evalSha: async (sha: string, options: unknown) => {
        seen.push(sha, options);
        return 1;
      },
      eval: async () => 1,
      hGet: async (key: string, field: string) => {
        seen.push(key, field);
        return null;
      },
      del: async (key: string) => {
        seen.push(key);
        return 1;
      },
    };
    const store = redisStore(client);
    expect(await store.compareAndSet('u', 0, sampleRecord('u'))).toBe(true);
    expect(await store.get('u')).toBeNull();
    await store.delete('u');
    expect(seen[0]).toBe(REDIS_CAS_SHA1);
    expect(seen[1]).toMatchObject({ keys: ['mfakit:u'], arguments: ['0', '1', expect.any(String)] });
    expect(seen.slice(2)).toEqual(['mfakit:u', 'record', 'mfakit:u']);
  });

  it('refuses a client of neither driver with INVALID_ARGUMENT', () => {
    for (const client of [
      null,
      undefined,
      {},
      { get: () => null },
      'redis://localhost',
      { evalsha: () => 1 },
    ]) {
      expect(() => redisStore(client as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
  });

  it('refuses a bad prefix with INVALID_OPTION', () => {
    const { client } = fakeIoRedis(async () => 1);
    for (const prefix of ['', 'has space:', 'line\nbreak', 'x'.repeat(257), 42, 'ünïcode:']) {
      expect(() => redisStore(client, { prefix: prefix as string })).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
    expect(redisStore(client, { prefix: 'app:{mfa}:' }).prefix).toBe('app:{mfa}:');
  });
});
