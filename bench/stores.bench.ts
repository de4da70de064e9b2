// npm run bench:stores — mfa.verify of fresh codes at concurrency 64 over 256 accounts through
// each store, beside the same client's raw two round trips per operation (GET then SET for
// Redis, SELECT then UPDATE for PostgreSQL), in the same run. A verify needs one read and one
// conditional write, so the raw pair is its ceiling. Also prints the CPU time this process
// spends per operation (process.cpuUsage), which is where the library's own cost shows.
//
// Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL; defaults as in the tests); a missing
// server's rows are skipped. SQLite and memory rows are for information.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createMfa, totp } from '../src/index.js';
import type { MfaStore } from '../src/mfa/store.js';
import { postgresStore } from '../src/stores/postgres.js';
import { redisStore } from '../src/stores/redis.js';
import { sqliteStore } from '../src/stores/sqlite.js';

const ACCOUNTS = 256;
const CONCURRENCY = 64;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP_ROUNDS = 3;
const T0 = Date.UTC(2032, 0, 1);
const keyring = { current: 'k1', keys: { k1: new Uint8Array(32).fill(42) } };

interface Measure {
  opsPerSec: number;
  cpuMicrosPerOp: number;
}

/** Runs `task(i)` for i in [0, n) with at most CONCURRENCY in flight. */
async function pool(n: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n) }, lane));
}

async function measure(rounds: number, round: (r: number) => Promise<void>): Promise<Measure> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let r = 0; r < rounds; r++) await round(r);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const ops = rounds * ACCOUNTS;
  return { opsPerSec: ops / seconds, cpuMicrosPerOp: (used.user + used.system) / ops };
}

/** mfa.verify of a fresh code for each of 256 accounts per round; one 30 s step per round. */
async function benchVerify(store: MfaStore): Promise<Measure> {
  let now = T0;
  const mfa = createMfa({ store, issuer: 'bench', clock: () => now, keyring });
  const users = Array.from({ length: ACCOUNTS }, (_, i) => `bench-${i}`);
  const secrets: string[] = [];
  for (const userId of users) {
    const { secret } = await mfa.beginEnable(userId, { accountName: userId });
    await mfa.confirmEnable(userId, totp(secret, { time: now }));
    secrets.push(secret);
  }
  let step = 0;
  const codesFor = (time: number) => secrets.map((secret) => totp(secret, { time }));
  const round = async (codes: string[]) => {
    await pool(ACCOUNTS, async (i) => {
      const result = await mfa.verify(users[i] as string, codes[i] as string);
      if (!result.ok) throw new Error(`verify refused: ${result.reason}`);
    });
  };
  // Codes are computed before each measured round: they stand for what the users type.
  const runRounds = async (count: number) => {
    const all = Array.from({ length: count }, (_, r) => codesFor(T0 + (step + r + 1) * 30_000));
    const result = await measure(count, async (r) => {
      now = T0 + ++step * 30_000;
      await round(all[r] as string[]);
    });
    return result;
  };
  await runRounds(WARMUP_ROUNDS);
  return runRounds(ROUNDS);
}

/** The store layer alone: the get + compareAndSet a verify makes, without the service around it. */
async function benchStoreOnly(store: MfaStore): Promise<Measure> {
  const op = async (i: number) => {
    const userId = `bench-${i}`;
    const record = await store.get(userId);
    if (record === null) throw new Error('bench account missing');
    const next = { ...record, version: record.version + 1, lastUsedStep: (record.lastUsedStep ?? 0) + 1 };
    if (!(await store.compareAndSet(userId, record.version, next))) throw new Error('lost a race');
  };
  await measure(WARMUP_ROUNDS, () => pool(ACCOUNTS, op));
  return measure(ROUNDS, () => pool(ACCOUNTS, op));
}

/** The raw ceiling: a read and a write of a record-sized value per op, same client. */
async function benchRaw(read: (i: number) => Promise<unknown>, write: (i: number) => Promise<unknown>) {
  const op = async (i: number) => {
    await read(i);
    await write(i);
  };
  await measure(WARMUP_ROUNDS, () => pool(ACCOUNTS, op));
  return measure(ROUNDS, () => pool(ACCOUNTS, op));
}

const rows: { store: string; verify: Measure; raw?: Measure; rawLabel?: string }[] = [];
const storeOnlyRows: { store: string; storeOnly: Measure; raw: Measure }[] = [];

async function tryConnectPostgres(): Promise<pg.Pool | null> {
  const p = new pg.Pool({
    connectionString: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    max: 16,
    connectionTimeoutMillis: 1500,
  });
  try {
    await p.query('SELECT 1');
    return p;
  } catch {
    await p.end().catch(() => {});
    console.log('PostgreSQL rows skipped: set DATABASE_URL to run them.');
    return null;
  }
}

async function tryConnectRedis(): Promise<Redis | null> {
  const r = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    connectTimeout: 1500,
    maxRetriesPerRequest: 1,
  });
  r.on('error', () => {});
  try {
    await r.connect();
    return r;
  } catch {
    r.disconnect();
    console.log('Redis rows skipped: set REDIS_URL to run them.');
    return null;
  }
}

const suffix = `${process.pid}_${Date.now().toString(36)}`;

const redis = await tryConnectRedis();
if (redis) {
  const prefix = `mfakit-bench-${suffix}:`;
  const store = redisStore(redis, { prefix });
  const verify = await benchVerify(store);
  const value = (await redis.hget(`${prefix}bench-0`, 'record')) ?? '';
  const rawKey = (i: number) => `${prefix}raw:${i}`;
  const raw = await benchRaw(
    (i) => redis.get(rawKey(i)),
    (i) => redis.set(rawKey(i), value),
  );
  rows.push({ store: 'Redis (ioredis)', verify, raw, rawLabel: 'GET + SET' });
  storeOnlyRows.push({ store: 'Redis (ioredis)', storeOnly: await benchStoreOnly(store), raw });
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

const postgres = await tryConnectPostgres();
if (postgres) {
  const table = `mfa_bench_${suffix}`;
  const store = postgresStore(postgres, { table });
  await store.migrate();
  const verify = await benchVerify(store);
  const rawTable = `${table}_raw`;
  await postgres.query(`CREATE TABLE ${rawTable} AS SELECT * FROM ${table}`);
  await postgres.query(`ALTER TABLE ${rawTable} ADD PRIMARY KEY (user_id)`);
  const value = (await postgres.query(`SELECT record FROM ${table} LIMIT 1`)).rows[0].record as string;
  const raw = await benchRaw(
    (i) => postgres.query(`SELECT record FROM ${rawTable} WHERE user_id = $1`, [`bench-${i}`]),
    (i) => postgres.query(`UPDATE ${rawTable} SET record = $2 WHERE user_id = $1`, [`bench-${i}`, value]),
  );
  rows.push({ store: 'PostgreSQL (pg Pool, 16)', verify, raw, rawLabel: 'SELECT + UPDATE' });
  storeOnlyRows.push({ store: 'PostgreSQL (pg Pool, 16)', storeOnly: await benchStoreOnly(store), raw });
  await postgres.query(`DROP TABLE IF EXISTS ${table}, ${rawTable}`);
  await postgres.end();
}

{
  const dir = mkdtempSync(join(tmpdir(), 'mfakit-bench-'));
  const db = new Database(join(dir, 'bench.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const store = sqliteStore(db);
  await store.migrate();
  rows.push({ store: 'SQLite (file, WAL)', verify: await benchVerify(store) });
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

try {
  const { memoryStore } = await import('../src/stores/memory.js');
  rows.push({ store: 'memory', verify: await benchVerify(memoryStore()) });
} catch (error) {
  console.log(`memory row skipped: ${(error as Error).message}`);
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
console.log(
  `\nmfa.verify of fresh codes, concurrency ${CONCURRENCY}, ${ACCOUNTS} accounts, ${ROUNDS} rounds (${ROUNDS * ACCOUNTS} ops each)`,
);
console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
const header = [
  'store',
  'verify ops/s',
  'verify CPU µs/op',
  'raw pair',
  'raw ops/s',
  'raw CPU µs/op',
  'ratio',
  'library CPU µs/op',
];
const table = rows.map((row) => [
  row.store,
  fmt(row.verify.opsPerSec),
  fmt(row.verify.cpuMicrosPerOp, 1),
  row.rawLabel ?? '—',
  row.raw ? fmt(row.raw.opsPerSec) : '—',
  row.raw ? fmt(row.raw.cpuMicrosPerOp, 1) : '—',
  row.raw ? `${(row.verify.opsPerSec / row.raw.opsPerSec).toFixed(2)} (target ≥ 0.60)` : '—',
  row.raw ? fmt(row.verify.cpuMicrosPerOp - row.raw.cpuMicrosPerOp, 1) : fmt(row.verify.cpuMicrosPerOp, 1),
]);
const widths = header.map((h, c) => Math.max(h.length, ...table.map((r) => (r[c] as string).length)));
const line = (cells: string[]) =>
  `| ${cells.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of table) console.log(line(r));
console.log(
  '\nlibrary CPU µs/op = verify CPU − raw CPU per op in this process (decrypt, HMACs, JSON, the store layer);\n' +
    'for SQLite and memory it is the whole in-process cost, database included.',
);
if (storeOnlyRows.length > 0) {
  console.log('\nThe store layer alone (get + compareAndSet, no service), against the same raw pair:');
  for (const row of storeOnlyRows) {
    console.log(
      `  ${row.store}: ${fmt(row.storeOnly.opsPerSec)} ops/s, ${fmt(row.storeOnly.cpuMicrosPerOp, 1)} CPU µs/op, ` +
        `ratio ${(row.storeOnly.opsPerSec / row.raw.opsPerSec).toFixed(2)}, ` +
        `store CPU above raw ${fmt(row.storeOnly.cpuMicrosPerOp - row.raw.cpuMicrosPerOp, 1)} µs/op`,
    );
  }
}
const load = (await import('node:os')).loadavg()[0] ?? 0;
console.log(
  `\nload average (1 min) at the end: ${load.toFixed(2)} on ${(await import('node:os')).cpus().length} cores`,
);
