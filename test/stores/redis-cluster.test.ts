// redisStore on a real three-master Redis Cluster (started for this file, stopped after it):
// the store contract through ioredis' Cluster, accounts spread over the masters, user ids with
// hash-tag braces, and single use while the slot of the account moves to another master.
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMfa, totp } from '../../src/index.js';
import type { MfaStore } from '../../src/mfa/store.js';
import { redisStore } from '../../src/stores/redis.js';
import { sampleRecord } from '../../src/testing/index.js';
import { moveSlot, ownerOf, startRedisCluster } from './helpers/redis-cluster.js';
import { uniqueName } from './helpers/services.js';

const cluster = await startRedisCluster();
const T0 = Date.UTC(2033, 0, 1);
const keyring = { current: 'k1', keys: { k1: new Uint8Array(32).fill(9) } };

/** Redirected commands (MOVED or ASK) a node has refused since its last CONFIG RESETSTAT. */
async function rejectedCalls(admin: NonNullable<typeof cluster>['admins'][number]): Promise<number> {
  const stats = await admin.info('commandstats');
  return [...stats.matchAll(/rejected_calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

describe.skipIf(cluster === null)('Redis Cluster (3 masters)', () => {
  const nodes = cluster?.nodes ?? [];
  // No periodic slot refresh: after a move the client can only learn of it from a MOVED reply.
  const io = new Cluster(nodes, { slotsRefreshInterval: 600_000 });
  io.on('error', () => {});
  afterAll(async () => {
    io.disconnect();
    await cluster?.stop();
  });

  it('spreads accounts over the masters, one key each, and keeps user ids with braces apart', async () => {
    const prefix = 'spread:';
    const store = redisStore(io, { prefix });
    const users = [
      ...Array.from({ length: 30 }, (_, i) => `user-${i}`),
      '{tag}a',
      '{tag}b',
      '}{',
      '{',
      '{}x',
    ];
    for (const userId of users) await store.compareAndSet(userId, 0, sampleRecord(userId));
    const owners = new Set<number>();
    for (const userId of users) {
      expect(await store.get(userId)).toStrictEqual(sampleRecord(userId));
      owners.add(await ownerOf(cluster!, await io.cluster('KEYSLOT', prefix + userId)));
    }
    expect(owners.size).toBe(3);
    // Redis hashes the first {…} of a key: these two share a slot, and stay two accounts.
    expect(await io.cluster('KEYSLOT', `${prefix}{tag}a`)).toBe(
      await io.cluster('KEYSLOT', `${prefix}{tag}b`),
    );
    await store.delete('{tag}a');
    expect(await store.get('{tag}a')).toBeNull();
    expect(await store.get('{tag}b')).toStrictEqual(sampleRecord('{tag}b'));
  });

  const drivers = {
    'ioredis Cluster': async () => ({ client: io, close: async () => {} }),
    'node-redis createCluster': async () => {
      const client = createCluster({
        rootNodes: nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
      });
      client.on('error', () => {});
      await client.connect();
      return { client, close: async () => client.destroy() };
    },
  };
  for (const [driver, open] of Object.entries(drivers)) {
    it(`${driver}: while the account's slot moves to another master, every code is accepted exactly once`, async () => {
      const { client, close } = await open();
      const prefix = `${uniqueName('mfakit-moving')}:`;
      const store: MfaStore = redisStore(client, { prefix });
      let now = T0;
      const mfa = createMfa({ store, issuer: 'mfakit-cluster', clock: () => now, keyring });
      const userId = 'mover';
      const { secret } = await mfa.beginEnable(userId, { accountName: userId });
      await mfa.confirmEnable(userId, totp(secret, { time: now }));
      const slot = await io.cluster('KEYSLOT', prefix + userId);
      const admins = cluster!.admins;
      await Promise.all(admins.map((admin) => admin.config('RESETSTAT')));

      const outcomes: { ok: number; replayed: number; other: string[] }[] = [];
      const round = async () => {
        now += 30_000;
        const code = totp(secret, { time: now });
        const results = await Promise.allSettled(Array.from({ length: 20 }, () => mfa.verify(userId, code)));
        const outcome = { ok: 0, replayed: 0, other: [] as string[] };
        for (const result of results) {
          if (result.status === 'rejected') outcome.other.push(String(result.reason));
          else if (result.value.ok) outcome.ok++;
          else if (result.value.reason === 'replayed') outcome.replayed++;
          else outcome.other.push(result.value.reason);
        }
        outcomes.push(outcome);
      };

      await round();
      // Verifies run while the key migrates, while the source answers ASK, and after the
      // hand-over, when the client's slot map is stale and the source answers MOVED.
      const during = round();
      const moved = await moveSlot(cluster!, slot, async () => {
        await during;
        await round();
      });
      await round();
      await round();

      expect(outcomes).toEqual(Array.from({ length: 5 }, () => ({ ok: 1, replayed: 19, other: [] })));
      expect(await ownerOf(cluster!, slot)).toBe(moved.to);
      expect(await admins[moved.to]!.exists(prefix + userId)).toBe(1);
      expect(await rejectedCalls(admins[moved.from]!)).toBeGreaterThan(0);
      expect((await mfa.status(userId)).state).toBe('enabled');
      await store.delete(userId);
      await close();
    });
  }
});
