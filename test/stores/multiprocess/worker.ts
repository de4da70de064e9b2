// One worker process of test/stores/multiprocess.test.ts: its own database client, its own
// store and its own createMfa (same keyring as the parent). On each message it sets its fake
// clock and runs `count` concurrent verifies of one code, then reports how they ended.
import { Redis } from 'ioredis';
import pg from 'pg';
import { createMfa } from '../../../src/index.js';
import type { MfaStore } from '../../../src/mfa/store.js';
import { postgresStore } from '../../../src/stores/postgres.js';
import { redisStore } from '../../../src/stores/redis.js';

export interface WorkerConfig {
  backend: 'postgres' | 'redis';
  url: string;
  /** Table (postgres) or key prefix (redis). */
  namespace: string;
  keyHex: string;
}

export interface VerifyRequest {
  userId: string;
  code: string;
  now: number;
  count: number;
}

export interface VerifyReport {
  ok: number;
  reasons: Record<string, number>;
  errors: string[];
}

const config = JSON.parse(process.env.MFAKIT_WORKER ?? '{}') as WorkerConfig;
let now = 0;
let close: () => Promise<void>;
let store: MfaStore;
if (config.backend === 'postgres') {
  const pool = new pg.Pool({ connectionString: config.url, max: 4 });
  store = postgresStore(pool, { table: config.namespace });
  close = () => pool.end();
} else {
  const client = new Redis(config.url);
  store = redisStore(client, { prefix: config.namespace });
  close = async () => void client.disconnect();
}
const mfa = createMfa({
  store,
  issuer: 'mfakit-multiprocess',
  clock: () => now,
  keyring: { current: 'k1', keys: { k1: Uint8Array.from(Buffer.from(config.keyHex, 'hex')) } },
});

process.on('message', async (message: VerifyRequest | 'exit') => {
  if (message === 'exit') {
    await close();
    process.exit(0);
  }
  now = message.now;
  const report: VerifyReport = { ok: 0, reasons: {}, errors: [] };
  const results = await Promise.allSettled(
    Array.from({ length: message.count }, () => mfa.verify(message.userId, message.code)),
  );
  for (const result of results) {
    if (result.status === 'rejected') {
      const error = result.reason as { code?: string; cause?: { message?: string } };
      report.errors.push(`${error.code}: ${error.cause?.message ?? ''}`);
    } else if (result.value.ok) report.ok++;
    else report.reasons[result.value.reason] = (report.reasons[result.value.reason] ?? 0) + 1;
  }
  process.send?.(report);
});
process.send?.('ready');
