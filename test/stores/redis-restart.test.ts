// A real Redis restart: the test starts its own redis-server (a private port and data folder, so the
// shared server of the other suites is never touched), enables an account through the Redis store,
// stops the server, starts a new one on the same port from the saved data, and checks that the
// same clients carry on without help from the application: the script cache is empty after the
// restart (NOSCRIPT → EVAL fallback), a fresh code is accepted once, and a used one stays used.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMfa, MfaError, totp } from '../../src/index.js';
import { REDIS_CAS_SHA1, redisStore } from '../../src/stores/redis.js';
import { newIoRedis, newNodeRedis } from './helpers/redis-clients.js';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) {
  if (process.env.MFAKIT_REQUIRE_SERVICES === '1') {
    throw new Error(
      'redis-server is required (MFAKIT_REQUIRE_SERVICES=1) for the restart test but is not installed',
    );
  }
  console.log('Redis restart suite skipped: no redis-server on PATH; install Redis to run it.');
}

/** A free TCP port on the loopback interface. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** A redis-server of our own, which saves its data to `dir` when it is stopped. */
class PrivateRedis {
  private process: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir];
    this.process = spawn('redis-server', [...args, '--save', '3600 1', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const probe = newIoRedis(`redis://127.0.0.1:${this.port}`);
    try {
      for (let attempt = 0; attempt < 100; attempt++) {
        if ((await probe.ping().catch(() => null)) === 'PONG') return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the private redis-server did not start');
    } finally {
      probe.disconnect();
    }
  }

  /** SIGTERM: Redis saves the dataset (a save point is configured) and exits. */
  async stop(): Promise<void> {
    const child = this.process;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

/** Retries while the driver reconnects (a typed store error), for up to 10 s. */
async function untilReconnected<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= 100 || !(error instanceof MfaError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe.skipIf(!hasRedisServer)('Redis store across a real server restart', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  for (const driver of ['ioredis', 'node-redis'] as const) {
    it(`${driver}: the account survives, fresh codes work once, used codes stay used`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mfakit-redis-'));
      dirs.push(dir);
      const server = new PrivateRedis(await freePort(), dir);
      await server.start();
      const url = `redis://127.0.0.1:${server.port}`;
      const client = driver === 'ioredis' ? newIoRedis(url) : await newNodeRedis(url);
      try {
        let now = Date.UTC(2031, 8, 1);
        const mfa = createMfa({
          store: redisStore(client),
          issuer: 'mfakit-restart',
          clock: () => now,
          keyring: { current: 'k1', keys: { k1: new Uint8Array(32).fill(3) } },
          storeTimeoutMs: 2000,
        });
        const { secret } = await mfa.beginEnable('ada', { accountName: 'ada' });
        expect((await mfa.confirmEnable('ada', totp(secret, { time: now }))).ok).toBe(true);
        now += 30_000;
        const usedBeforeRestart = totp(secret, { time: now });
        expect(await mfa.verify('ada', usedBeforeRestart)).toMatchObject({ ok: true });

        await server.stop();
        await expect(mfa.verify('ada', usedBeforeRestart)).rejects.toBeInstanceOf(MfaError);
        await server.start();

        // Same clients, same service: no reconnect call, no script reload by the application.
        expect(await untilReconnected(() => mfa.status('ada'))).toMatchObject({ state: 'enabled' });
        expect(await untilReconnected(() => mfa.verify('ada', usedBeforeRestart))).toEqual({
          ok: false,
          reason: 'replayed',
        });
        // The new server has an empty script cache: the store's EVALSHA gets NOSCRIPT and falls back.
        const admin = newIoRedis(url);
        expect(await admin.script('EXISTS', REDIS_CAS_SHA1)).toEqual([0]);
        now += 30_000;
        const fresh = totp(secret, { time: now });
        expect(await untilReconnected(() => mfa.verify('ada', fresh))).toMatchObject({ ok: true });
        expect(await admin.script('EXISTS', REDIS_CAS_SHA1)).toEqual([1]);
        admin.disconnect();
        expect(await mfa.verify('ada', fresh)).toEqual({ ok: false, reason: 'replayed' });
      } finally {
        'destroy' in client ? client.destroy() : client.disconnect();
        await server.stop();
      }
    });
  }
});
