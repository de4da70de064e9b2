// Redis Cluster: the connection to the master that holds the account is cut as the EVALSHA goes
// out ('before') or as its reply comes back ('after'). Each master is reached through its own
// proxy (the drivers' address maps send the cluster's announced addresses there). node-redis
// rejects the command: STORE_ERROR. ioredis' Cluster re-sends it on a new connection: the write
// then happens once, or is found already done. Either way no code is ever accepted twice.
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { MfaError } from '../../src/index.js';
import { redisStore } from '../../src/stores/redis.js';
import { startDroppingProxy } from './helpers/dropping-proxy.js';
import { enabledAccount, errorOf, outcome, retry } from './helpers/faults.js';
import { ownerOf, startRedisCluster } from './helpers/redis-cluster.js';
import { uniqueName } from './helpers/services.js';

const cluster = await startRedisCluster();

describe.skipIf(cluster === null)('Redis Cluster: connection cut during a verify', () => {
  afterAll(() => cluster?.stop());

  async function proxiedCluster(driver: 'ioredis' | 'node-redis') {
    const nodes = cluster?.nodes ?? [];
    const proxies = await Promise.all(nodes.map(({ host, port }) => startDroppingProxy(host, port)));
    const addressMap = Object.fromEntries(
      nodes.map(({ host, port }, i) => [`${host}:${port}`, { host: '127.0.0.1', port: proxies[i]!.port }]),
    );
    const closeProxies = () => Promise.all(proxies.map((proxy) => proxy.close()));
    if (driver === 'ioredis') {
      const client = new Cluster(
        proxies.map(({ port }) => ({ host: '127.0.0.1', port })),
        { natMap: addressMap },
      );
      client.on('error', () => {});
      return {
        client,
        proxies,
        close: async () => {
          client.disconnect();
          await closeProxies();
        },
      };
    }
    const client = createCluster({
      rootNodes: proxies.map(({ port }) => ({ url: `redis://127.0.0.1:${port}` })),
      nodeAddressMap: addressMap,
    });
    client.on('error', () => {});
    await client.connect();
    return {
      client,
      proxies,
      close: async () => {
        client.destroy();
        await closeProxies();
      },
    };
  }

  const expected = {
    'node-redis': {
      before: ['STORE_ERROR', { ok: true }],
      after: ['STORE_ERROR', { ok: false, reason: 'replayed' }],
    },
    ioredis: {
      before: [{ ok: true }, { ok: false, reason: 'replayed' }],
      after: [
        { ok: false, reason: 'replayed' },
        { ok: false, reason: 'replayed' },
      ],
    },
  } as const;
  for (const driver of ['node-redis', 'ioredis'] as const) {
    for (const when of ['before', 'after'] as const) {
      it(`${driver}, cut ${when} the master runs the script: the code is accepted at most once`, async () => {
        const { client, proxies, close } = await proxiedCluster(driver);
        try {
          const prefix = `${uniqueName('mfakit-faults')}:`;
          const store = redisStore(client, { prefix });
          const userId = `fay-${when}`;
          const { mfa, code } = await enabledAccount(store, userId, 1500);
          const slot = await cluster!.admins[0]!.cluster('KEYSLOT', prefix + userId);
          const dropped = proxies[await ownerOf(cluster!, slot)]!.arm('EVALSHA', when);

          const first = await errorOf(mfa.verify(userId, code));
          await dropped;
          const firstOutcome =
            first instanceof MfaError
              ? first.code
              : outcome((first as { resolved: { ok: boolean } }).resolved);
          const second = outcome(await retry(() => mfa.verify(userId, code)));
          expect([firstOutcome, second]).toEqual(expected[driver][when]);
          expect(await mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
          expect((await mfa.status(userId)).state).toBe('enabled');
        } finally {
          await close();
        }
      });
    }
  }
});
