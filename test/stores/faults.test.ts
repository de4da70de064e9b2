// A connection dropped in the middle of an operation: the service gets a typed error, accepts
// nothing, and once the connection is back the account is whole. PostgreSQL: the backend is
// terminated (pg_terminate_backend) while the compare-and-set waits on a row lock. Redis: a
// proxy cuts the connection as the EVALSHA goes out ('before') or as its reply comes back
// ('after': the write happened but the client never learns it). The Redis script-cache tests
// (SCRIPT FLUSH, a restart) live here too, so that within this file nothing flushes the cache
// while the 'after' cut expects the EVALSHA to run.
// (MySQL, postgres.js and Redis Cluster: faults.mysql, faults.postgresjs, faults.redis-cluster.)
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createMfa, MfaError } from '../../src/index.js';
import { postgresStore } from '../../src/stores/postgres.js';
import { REDIS_CAS_SHA1, redisStore } from '../../src/stores/redis.js';
import { sampleRecord } from '../../src/testing/index.js';
import { startDroppingProxy } from './helpers/dropping-proxy.js';
import { enabledAccount, errorOf, keyring, outcome, retry, T0 } from './helpers/faults.js';
import { deletePrefix, newIoRedis, newNodeRedis } from './helpers/redis-clients.js';
import { findPostgres, findRedis, uniqueName } from './helpers/services.js';

const [databaseUrl, redisUrl] = await Promise.all([findPostgres(), findRedis()]);

describe.skipIf(databaseUrl === null)('PostgreSQL: backend terminated during a verify', () => {
  const pool = new pg.Pool({ connectionString: databaseUrl ?? undefined });
  pool.on('error', () => {});
  const table = uniqueName('mfa_faults');
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  it('gives STORE_ERROR, accepts nothing, and the same code works once the store is back', async () => {
    const victim = new pg.Client({ connectionString: databaseUrl ?? undefined });
    victim.on('error', () => {});
    await victim.connect();
    const store = postgresStore(victim, { table });
    await store.migrate();
    const { mfa, code } = await enabledAccount(store, 'carol');
    const pid = (await victim.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;

    const admin = await pool.connect();
    await admin.query('BEGIN');
    await admin.query(`SELECT 1 FROM ${table} WHERE user_id = 'carol' FOR UPDATE`);
    const verifying = errorOf(mfa.verify('carol', code));
    for (let i = 0; i < 500; i++) {
      const waiting = await pool.query(
        "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
        [pid],
      );
      if (waiting.rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await pool.query('SELECT pg_terminate_backend($1)', [pid]);
    await admin.query('COMMIT');
    admin.release();

    const error = await verifying;
    expect(error).toBeInstanceOf(MfaError);
    expect((error as MfaError).code).toBe('STORE_ERROR');

    // Back on a working connection: the code was never accepted, so it is still good, once.
    const healthy = createMfa({
      store: postgresStore(pool, { table }),
      issuer: 'x',
      clock: () => T0 + 30_000,
      keyring,
    });
    expect(await healthy.verify('carol', code)).toMatchObject({ ok: true });
    expect(await healthy.verify('carol', code)).toMatchObject({ ok: false, reason: 'replayed' });
  });
});

describe.skipIf(redisUrl === null)('Redis: connection cut during a verify', () => {
  const url = new URL(redisUrl ?? 'redis://127.0.0.1:6379');
  const raw = new Redis(redisUrl ?? '');
  const prefix = `${uniqueName('mfakit-faults')}:`;
  afterAll(async () => {
    await deletePrefix(raw, prefix);
    raw.disconnect();
  });

  // node-redis rejects a command whose connection closed: STORE_ERROR at once. ioredis never
  // settles it when autoResendUnfulfilledCommands is off, so the service's storeTimeoutMs ends it:
  // STORE_TIMEOUT. Either way nothing is accepted and the account is whole afterwards.
  const variants = [
    { driver: 'node-redis', expected: 'STORE_ERROR' },
    { driver: 'ioredis, autoResendUnfulfilledCommands: false', expected: 'STORE_TIMEOUT' },
  ] as const;
  for (const { driver, expected } of variants) {
    for (const when of ['before', 'after'] as const) {
      it(`${driver}, cut ${when} the server runs the script: ${expected}, nothing accepted, the account whole`, async () => {
        const proxy = await startDroppingProxy(url.hostname, Number(url.port || 6379));
        const proxied = `redis://127.0.0.1:${proxy.port}`;
        const client =
          driver === 'node-redis'
            ? await newNodeRedis(proxied)
            : newIoRedis(proxied, { autoResendUnfulfilledCommands: false });
        const store = redisStore(client, { prefix });
        const userId = `dave-${driver.length}-${when}`;
        const { mfa, code } = await enabledAccount(store, userId, 1500);

        const dropped = proxy.arm('EVALSHA', when);
        const error = await errorOf(mfa.verify(userId, code));
        await dropped;
        expect(error).toBeInstanceOf(MfaError);
        expect((error as MfaError).code).toBe(expected);

        // The driver reconnects through the proxy by itself. 'before': the script never ran, the
        // code is still unused. 'after': it ran, so the code is spent. Accepted at most once.
        const after = outcome(await retry(() => mfa.verify(userId, code)));
        expect(after).toEqual(when === 'before' ? { ok: true } : { ok: false, reason: 'replayed' });
        expect(await mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
        expect((await mfa.status(userId)).state).toBe('enabled');
        'destroy' in client ? client.destroy() : client.disconnect();
        await proxy.close();
      });
    }
  }

  it('ioredis with its defaults re-sends the cut command: still at most one acceptance', async () => {
    const proxy = await startDroppingProxy(url.hostname, Number(url.port || 6379));
    const client = newIoRedis(`redis://127.0.0.1:${proxy.port}`);
    const store = redisStore(client, { prefix });
    const outcomes: unknown[] = [];
    for (const when of ['before', 'after'] as const) {
      const userId = `erin-${when}`;
      const { mfa, code } = await enabledAccount(store, userId, 5000);
      const dropped = proxy.arm('EVALSHA', when);
      const first = await mfa.verify(userId, code);
      await dropped;
      outcomes.push(outcome(first), outcome(await mfa.verify(userId, code)));
    }
    // 'before': the re-sent script runs once and accepts. 'after': it already ran, so the re-sent
    // one finds a newer version and the service, re-reading, refuses the code as replayed.
    expect(outcomes).toEqual([
      { ok: true },
      { ok: false, reason: 'replayed' },
      { ok: false, reason: 'replayed' },
      { ok: false, reason: 'replayed' },
    ]);
    client.disconnect();
    await proxy.close();
  });

  for (const driver of ['ioredis', 'node-redis'] as const) {
    it(`${driver}: after SCRIPT FLUSH (a real NOSCRIPT reply) the write still happens, once`, async () => {
      const admin = newIoRedis(redisUrl ?? '');
      const client = driver === 'ioredis' ? newIoRedis(redisUrl ?? '') : await newNodeRedis(redisUrl ?? '');
      const prefix = `${uniqueName('mfakit-test-flush')}:`;
      const store = redisStore(client, { prefix });
      await store.compareAndSet('u', 0, sampleRecord('u', 1));
      await admin.script('FLUSH');
      expect(await admin.script('EXISTS', REDIS_CAS_SHA1)).toEqual([0]);
      expect(await store.compareAndSet('u', 1, sampleRecord('u', 2))).toBe(true);
      expect(await admin.script('EXISTS', REDIS_CAS_SHA1)).toEqual([1]);
      await admin.script('FLUSH');
      expect(await store.compareAndSet('u', 1, sampleRecord('u', 2, { failedAttempts: 9 }))).toBe(false);
      expect(await store.get('u')).toStrictEqual(sampleRecord('u', 2));
      await deletePrefix(admin, prefix);
      admin.disconnect();
      'destroy' in client ? client.destroy() : client.disconnect();
    });

    it(`${driver}: keeps working after its connection is killed and the script cache flushed (a restart, emulated)`, async () => {
      const admin = newIoRedis(redisUrl ?? '');
      const client = driver === 'ioredis' ? newIoRedis(redisUrl ?? '') : await newNodeRedis(redisUrl ?? '');
      const prefix = `${uniqueName('mfakit-test-restart')}:`;
      const store = redisStore(client, { prefix });
      await store.compareAndSet('u', 0, sampleRecord('u', 1));
      const id = 'clientId' in client ? await client.clientId() : await client.client('ID');
      await admin.script('FLUSH');
      expect(await admin.client('KILL', 'ID', String(id))).toBe(1);
      // The driver reconnects on its own; the store needs nothing from the application.
      let written = false;
      for (let attempt = 0; attempt < 100 && !written; attempt++) {
        written = await store.compareAndSet('u', 1, sampleRecord('u', 2)).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return false;
        });
      }
      expect(written).toBe(true);
      expect(await store.get('u')).toStrictEqual(sampleRecord('u', 2));
      await deletePrefix(admin, prefix);
      admin.disconnect();
      'destroy' in client ? client.destroy() : client.disconnect();
    });
  }
});
