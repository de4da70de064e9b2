// npm run bench:stores — mfa.verify of fresh codes at concurrency 64 over 256 accounts through
// each store, beside the same client's raw two round trips per operation (GET then SET for
// Redis and Redis Cluster, SELECT then UPDATE for PostgreSQL and MySQL), in the same run. A verify needs one read and one
// conditional write, so the raw pair is its ceiling. Also prints the CPU time this process
// spends per operation (process.cpuUsage), which is where the library's own cost shows.
//
// The contenders of a store run in alternating rounds (verify, raw pair, store layer alone, in a
// rotating order), so that a change in the machine's load during the run weighs on all of them
// alike; the ratio is of their totals over the measured rounds, and the spread of the per-round
// ratios is printed beside it.
//
// Needs PostgreSQL, MySQL and Redis (DATABASE_URL, MYSQL_URL, REDIS_URL; defaults as in the
// tests); a missing server's rows are skipped. The Redis Cluster row runs against
// REDIS_CLUSTER_NODES (host:port,…) or else a local three-master cluster started for the run, as in
// the tests. SQLite and memory rows are for information. BENCH_STORES=redis,memory (a comma-separated
// list of redis, redis-cluster, postgres, postgresjs, mysql, sqlite, memory) runs only those rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Cluster, Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import pg from 'pg';
import postgresJs from 'postgres';
import { createMfa, totp } from '../src/index.js';
import type { MfaStore } from '../src/mfa/store.js';
import { memoryStore } from '../src/stores/memory.js';
import { mysqlStore } from '../src/stores/mysql.js';
import { postgresStore } from '../src/stores/postgres.js';
import { redisStore } from '../src/stores/redis.js';
import { sqliteStore } from '../src/stores/sqlite.js';
import { startRedisCluster } from '../test/stores/helpers/redis-cluster.js';

const ACCOUNTS = 256;
const CONCURRENCY = 64;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP_ROUNDS = 3;
const T0 = Date.UTC(2032, 0, 1);
const keyring = { current: 'k1', keys: { k1: new Uint8Array(32).fill(42) } };

interface Measure {
  opsPerSec: number;
  cpuMicrosPerOp: number;
  /** Wall-clock seconds of each measured round, in order. */
  roundSeconds: number[];
}

/** One thing measured: `prepare` runs untimed before each of its rounds, `round` is timed. */
interface Contender {
  prepare?: () => void;
  round: () => Promise<void>;
}

/** Runs `task(i)` for i in [0, n) with at most CONCURRENCY in flight. */
async function pool(n: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n) }, lane));
}

/**
 * Runs the contenders in alternating rounds, each round's order rotated by one, after
 * WARMUP_ROUNDS discarded ones; returns each contender's totals over the measured rounds.
 */
async function interleave<Name extends string>(
  contenders: Record<Name, Contender>,
): Promise<Record<Name, Measure>> {
  const names = Object.keys(contenders) as Name[];
  const totals = names.map(() => ({ seconds: 0, cpu: 0, roundSeconds: [] as number[] }));
  for (let r = -WARMUP_ROUNDS; r < ROUNDS; r++) {
    for (let k = 0; k < names.length; k++) {
      const index = (k + r + WARMUP_ROUNDS) % names.length;
      const contender = contenders[names[index] as Name];
      contender.prepare?.();
      const cpu = process.cpuUsage();
      const start = performance.now();
      await contender.round();
      const seconds = (performance.now() - start) / 1000;
      const used = process.cpuUsage(cpu);
      if (r < 0) continue;
      const total = totals[index]!;
      total.seconds += seconds;
      total.cpu += used.user + used.system;
      total.roundSeconds.push(seconds);
    }
  }
  const ops = ROUNDS * ACCOUNTS;
  return Object.fromEntries(
    names.map((name, i) => {
      const { seconds, cpu, roundSeconds } = totals[i]!;
      return [name, { opsPerSec: ops / seconds, cpuMicrosPerOp: cpu / ops, roundSeconds }];
    }),
  ) as Record<Name, Measure>;
}

/**
 * mfa.verify of a fresh code for each of 256 accounts per round, one 30 s step per round. The
 * codes are computed before the round (untimed): they stand for what the users type.
 */
async function verifyContender(store: MfaStore): Promise<Contender> {
  let now = T0;
  const mfa = createMfa({ store, issuer: 'bench', clock: () => now, keyring });
  const users = Array.from({ length: ACCOUNTS }, (_, i) => `bench-${i}`);
  const secrets: string[] = [];
  for (const userId of users) {
    const { secret } = await mfa.beginEnable(userId, { accountName: userId });
    await mfa.confirmEnable(userId, totp(secret, { time: now }));
    secrets.push(secret);
  }
  let codes: string[] = [];
  return {
    prepare() {
      now += 30_000;
      codes = secrets.map((secret) => totp(secret, { time: now }));
    },
    round: () =>
      pool(ACCOUNTS, async (i) => {
        const result = await mfa.verify(users[i] as string, codes[i] as string);
        if (!result.ok) throw new Error(`verify refused: ${result.reason}`);
      }),
  };
}

/**
 * The store layer alone: the get + compareAndSet a verify makes, without the service around it.
 * Only the version changes, so the verify rounds in between still see their replay floor.
 */
function storeOnlyContender(store: MfaStore): Contender {
  const op = async (i: number) => {
    const userId = `bench-${i}`;
    const record = await store.get(userId);
    if (record === null) throw new Error('bench account missing');
    if (!(await store.compareAndSet(userId, record.version, { ...record, version: record.version + 1 }))) {
      throw new Error('lost a race');
    }
  };
  return { round: () => pool(ACCOUNTS, op) };
}

/** The raw ceiling: a read and a write of a record-sized value per op, same client. */
function rawContender(
  read: (i: number) => Promise<unknown>,
  write: (i: number) => Promise<unknown>,
): Contender {
  const op = async (i: number) => {
    await read(i);
    await write(i);
  };
  return { round: () => pool(ACCOUNTS, op) };
}

interface Row {
  store: string;
  verify: Measure;
  raw?: Measure;
  rawLabel?: string;
  storeOnly?: Measure;
}
const rows: Row[] = [];

/** Measures a store with a raw pair: verify, raw pair and store layer alone, interleaved. */
async function benchWithRaw(label: string, store: MfaStore, rawLabel: string, raw: () => Promise<Contender>) {
  const verify = await verifyContender(store);
  const measured = await interleave({ verify, raw: await raw(), storeOnly: storeOnlyContender(store) });
  rows.push({ store: label, rawLabel, ...measured });
}

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

const loadAtStart = loadavg()[0] ?? 0;
const only = process.env.BENCH_STORES?.split(',').map((name) => name.trim());
const wanted = (name: string): boolean => only === undefined || only.includes(name);

const suffix = `${process.pid}_${Date.now().toString(36)}`;

const redis = wanted('redis') ? await tryConnectRedis() : null;
if (redis) {
  const prefix = `mfakit-bench-${suffix}:`;
  const store = redisStore(redis, { prefix });
  const rawKey = (i: number) => `${prefix}raw:${i}`;
  await benchWithRaw('Redis (ioredis)', store, 'GET + SET', async () => {
    const value = (await redis.hget(`${prefix}bench-0`, 'record')) ?? '';
    return rawContender(
      (i) => redis.get(rawKey(i)),
      (i) => redis.set(rawKey(i), value),
    );
  });
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

const postgres = wanted('postgres') ? await tryConnectPostgres() : null;
if (postgres) {
  const table = `mfa_bench_${suffix}`;
  const rawTable = `${table}_raw`;
  const store = postgresStore(postgres, { table });
  await store.migrate();
  await benchWithRaw('PostgreSQL (pg Pool, 16)', store, 'SELECT + UPDATE', async () => {
    await postgres.query(`CREATE TABLE ${rawTable} AS SELECT * FROM ${table}`);
    await postgres.query(`ALTER TABLE ${rawTable} ADD PRIMARY KEY (user_id)`);
    const value = (await postgres.query(`SELECT record FROM ${table} LIMIT 1`)).rows[0].record as string;
    return rawContender(
      (i) => postgres.query(`SELECT record FROM ${rawTable} WHERE user_id = $1`, [`bench-${i}`]),
      (i) => postgres.query(`UPDATE ${rawTable} SET record = $2 WHERE user_id = $1`, [`bench-${i}`, value]),
    );
  });
  await postgres.query(`DROP TABLE IF EXISTS ${table}, ${rawTable}`);
  await postgres.end();
}

const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const sql = postgresJs(databaseUrl, { max: 16, connect_timeout: 2, onnotice: () => {} });
if (
  wanted('postgresjs') &&
  (await sql.unsafe('SELECT 1').then(
    () => true,
    () => false,
  ))
) {
  const table = `mfa_bench_js_${suffix}`;
  const store = postgresStore(sql, { table });
  await store.migrate();
  const rawTable = `${table}_raw`;
  await benchWithRaw('PostgreSQL (postgres.js, 16)', store, 'SELECT + UPDATE', async () => {
    await sql.unsafe(`CREATE TABLE ${rawTable} AS SELECT * FROM ${table}`);
    await sql.unsafe(`ALTER TABLE ${rawTable} ADD PRIMARY KEY (user_id)`);
    const [first] = await sql.unsafe<{ record: string }[]>(`SELECT record FROM ${table} LIMIT 1`);
    const value = first?.record ?? '';
    return rawContender(
      (i) => sql.unsafe(`SELECT record FROM ${rawTable} WHERE user_id = $1`, [`bench-${i}`]),
      (i) => sql.unsafe(`UPDATE ${rawTable} SET record = $2 WHERE user_id = $1`, [`bench-${i}`, value]),
    );
  });
  await sql.unsafe(`DROP TABLE IF EXISTS ${table}, ${rawTable}`);
  await sql.end();
} else {
  await sql.end({ timeout: 1 });
  console.log('postgres.js rows skipped: set DATABASE_URL to run them.');
}

const mysqlPool = mysql.createPool({
  uri: process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306/test',
  connectionLimit: 16,
  connectTimeout: 1500,
});
if (
  wanted('mysql') &&
  (await mysqlPool.query('SELECT 1').then(
    () => true,
    () => false,
  ))
) {
  const table = `mfa_bench_${suffix}`;
  const store = mysqlStore(mysqlPool, { table });
  await store.migrate();
  const rawTable = `${table}_raw`;
  await benchWithRaw('MySQL (mysql2 pool, 16)', store, 'SELECT + UPDATE', async () => {
    await mysqlPool.query(`CREATE TABLE ${rawTable} LIKE ${table}`);
    await mysqlPool.query(`INSERT INTO ${rawTable} SELECT * FROM ${table}`);
    const [first] = await mysqlPool.query(`SELECT record FROM ${table} LIMIT 1`);
    const value = (first as { record: string }[])[0]?.record ?? '';
    // execute(): server-side prepared statements, as the store uses. The UPDATE bumps version too:
    // InnoDB skips an UPDATE that sets a row to what it already holds, which would flatter the raw pair.
    return rawContender(
      (i) => mysqlPool.execute(`SELECT record FROM ${rawTable} WHERE user_id = ?`, [`bench-${i}`]),
      (i) =>
        mysqlPool.execute(`UPDATE ${rawTable} SET record = ?, version = version + 1 WHERE user_id = ?`, [
          value,
          `bench-${i}`,
        ]),
    );
  });
  await mysqlPool.query(`DROP TABLE IF EXISTS ${table}, ${rawTable}`);
} else {
  console.log('MySQL rows skipped: set MYSQL_URL to run them.');
}
await mysqlPool.end();

{
  const given = process.env.REDIS_CLUSTER_NODES;
  const local = given || !wanted('redis-cluster') ? null : await startRedisCluster().catch(() => null);
  const nodes = given
    ? given.split(',').map((node) => ({ host: node.split(':')[0] ?? '', port: Number(node.split(':')[1]) }))
    : (local?.nodes ?? []);
  if (nodes.length > 0) {
    const cluster = new Cluster(nodes);
    cluster.on('error', () => {});
    const prefix = `mfakit-bench-${suffix}:`;
    const store = redisStore(cluster, { prefix });
    const rawKey = (i: number) => `${prefix}raw:${i}`;
    const label = `Redis Cluster (ioredis, ${given ? 'REDIS_CLUSTER_NODES' : '3 local masters'})`;
    await benchWithRaw(label, store, 'GET + SET', async () => {
      const value = (await cluster.hget(`${prefix}bench-0`, 'record')) ?? '';
      return rawContender(
        (i) => cluster.get(rawKey(i)),
        (i) => cluster.set(rawKey(i), value),
      );
    });
    await Promise.all(
      Array.from({ length: ACCOUNTS }, (_, i) => [`${prefix}bench-${i}`, rawKey(i)])
        .flat()
        .map((key) => cluster.del(key)),
    );
    cluster.disconnect();
  } else {
    console.log('Redis Cluster rows skipped: set REDIS_CLUSTER_NODES or install redis-server.');
  }
  await local?.stop();
}

if (wanted('sqlite')) {
  const dir = mkdtempSync(join(tmpdir(), 'mfakit-bench-'));
  const db = new Database(join(dir, 'bench.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const store = sqliteStore(db);
  await store.migrate();
  const { verify } = await interleave({ verify: await verifyContender(store) });
  rows.push({ store: 'SQLite (file, WAL)', verify });
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

if (wanted('memory')) {
  const { verify } = await interleave({ verify: await verifyContender(memoryStore()) });
  rows.push({ store: 'memory', verify });
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The middle half of the per-round ratios of `a` to `b` (rates: b's round time over a's). */
function ratioSpread(a: Measure, b: Measure): string {
  const ratios = a.roundSeconds
    .map((seconds, r) => (b.roundSeconds[r] as number) / seconds)
    .sort((x, y) => x - y);
  const at = (q: number) => (ratios[Math.floor(q * (ratios.length - 1))] as number).toFixed(2);
  return `${at(0.25)}–${at(0.75)}`;
}

console.log(
  `\nmfa.verify of fresh codes, concurrency ${CONCURRENCY}, ${ACCOUNTS} accounts, ${ROUNDS} interleaved rounds (${ROUNDS * ACCOUNTS} ops each)`,
);
console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
const header = [
  'store',
  'verify ops/s',
  'verify CPU µs/op',
  'raw pair',
  'raw ops/s',
  'raw CPU µs/op',
  'ratio (target ≥ 0.60)',
  'per-round ratio, middle half',
  'library CPU µs/op',
];
const table = rows.map((row) => [
  row.store,
  fmt(row.verify.opsPerSec),
  fmt(row.verify.cpuMicrosPerOp, 1),
  row.rawLabel ?? '—',
  row.raw ? fmt(row.raw.opsPerSec) : '—',
  row.raw ? fmt(row.raw.cpuMicrosPerOp, 1) : '—',
  row.raw ? (row.verify.opsPerSec / row.raw.opsPerSec).toFixed(2) : '—',
  row.raw ? ratioSpread(row.verify, row.raw) : '—',
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
const withStoreOnly = rows.filter((row) => row.raw && row.storeOnly);
if (withStoreOnly.length > 0) {
  console.log('\nThe store layer alone (get + compareAndSet, no service), against the same raw pair:');
  for (const { store, storeOnly, raw } of withStoreOnly as Required<Row>[]) {
    console.log(
      `  ${store}: ${fmt(storeOnly.opsPerSec)} ops/s, ${fmt(storeOnly.cpuMicrosPerOp, 1)} CPU µs/op, ` +
        `ratio ${(storeOnly.opsPerSec / raw.opsPerSec).toFixed(2)}, ` +
        `store CPU above raw ${fmt(storeOnly.cpuMicrosPerOp - raw.cpuMicrosPerOp, 1)} µs/op`,
    );
  }
}
console.log(
  `\nload average (1 min): ${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end, on ${cpus().length} cores`,
);
