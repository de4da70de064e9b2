// npm run bench:stores — mfa.verify of fresh codes at concurrency 64 over 256 accounts through
// each store, beside the same client's raw two round trips per operation (GET then SET for
// Redis and Redis Cluster, SELECT then UPDATE for PostgreSQL and MySQL), in the same run. A verify needs one read and one
// conditional write, so the raw pair is its ceiling. Also prints the CPU time this process
// spends per operation (process.cpuUsage), which is where the library's own cost shows.
//
// Needs PostgreSQL, MySQL and Redis (DATABASE_URL, MYSQL_URL, REDIS_URL; defaults as in the
// tests); a missing server's rows are skipped. The Redis Cluster row runs against
// REDIS_CLUSTER_NODES (host:port,…) or else a local three-master cluster started for the run, as
// in the tests. SQLite and memory rows are for information.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Cluster, Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import pg from 'pg';
import postgresJs from 'postgres';
import { createMfa, totp } from '../src/index.js';
import type { MfaStore } from '../src/mfa/store.js';
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

const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const sql = postgresJs(databaseUrl, { max: 16, connect_timeout: 2, onnotice: () => {} });
if (
  await sql.unsafe('SELECT 1').then(
    () => true,
    () => false,
  )
) {
  const table = `mfa_bench_js_${suffix}`;
  const store = postgresStore(sql, { table });
  await store.migrate();
  const verify = await benchVerify(store);
  const rawTable = `${table}_raw`;
  await sql.unsafe(`CREATE TABLE ${rawTable} AS SELECT * FROM ${table}`);
  await sql.unsafe(`ALTER TABLE ${rawTable} ADD PRIMARY KEY (user_id)`);
  const [first] = await sql.unsafe<{ record: string }[]>(`SELECT record FROM ${table} LIMIT 1`);
  const value = first?.record ?? '';
  const raw = await benchRaw(
    (i) => sql.unsafe(`SELECT record FROM ${rawTable} WHERE user_id = $1`, [`bench-${i}`]),
    (i) => sql.unsafe(`UPDATE ${rawTable} SET record = $2 WHERE user_id = $1`, [`bench-${i}`, value]),
  );
  rows.push({ store: 'PostgreSQL (postgres.js, 16)', verify, raw, rawLabel: 'SELECT + UPDATE' });
  storeOnlyRows.push({ store: 'PostgreSQL (postgres.js, 16)', storeOnly: await benchStoreOnly(store), raw });
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
  await mysqlPool.query('SELECT 1').then(
    () => true,
    () => false,
  )
) {
  const table = `mfa_bench_${suffix}`;
  const store = mysqlStore(mysqlPool, { table });
  await store.migrate();
  const verify = await benchVerify(store);
  const rawTable = `${table}_raw`;
  await mysqlPool.query(`CREATE TABLE ${rawTable} LIKE ${table}`);
  await mysqlPool.query(`INSERT INTO ${rawTable} SELECT * FROM ${table}`);
  const [first] = await mysqlPool.query(`SELECT record FROM ${table} LIMIT 1`);
  const value = (first as { record: string }[])[0]?.record ?? '';
  // execute(): server-side prepared statements, as the store uses. The UPDATE bumps version too:
  // InnoDB skips an UPDATE that sets a row to what it already holds, which would flatter the raw pair.
  const raw = await benchRaw(
    (i) => mysqlPool.execute(`SELECT record FROM ${rawTable} WHERE user_id = ?`, [`bench-${i}`]),
    (i) =>
      mysqlPool.execute(`UPDATE ${rawTable} SET record = ?, version = version + 1 WHERE user_id = ?`, [
        value,
        `bench-${i}`,
      ]),
  );
  rows.push({ store: 'MySQL (mysql2 pool, 16)', verify, raw, rawLabel: 'SELECT + UPDATE' });
  storeOnlyRows.push({ store: 'MySQL (mysql2 pool, 16)', storeOnly: await benchStoreOnly(store), raw });
  await mysqlPool.query(`DROP TABLE IF EXISTS ${table}, ${rawTable}`);
} else {
  console.log('MySQL rows skipped: set MYSQL_URL to run them.');
}
await mysqlPool.end();

{
  const given = process.env.REDIS_CLUSTER_NODES;
  const local = given ? null : await startRedisCluster().catch(() => null);
  const nodes = given
    ? given.split(',').map((node) => ({ host: node.split(':')[0] ?? '', port: Number(node.split(':')[1]) }))
    : (local?.nodes ?? []);
  if (nodes.length > 0) {
    const cluster = new Cluster(nodes);
    cluster.on('error', () => {});
    const prefix = `mfakit-bench-${suffix}:`;
    const store = redisStore(cluster, { prefix });
    const verify = await benchVerify(store);
    const value = (await cluster.hget(`${prefix}bench-0`, 'record')) ?? '';
    const rawKey = (i: number) => `${prefix}raw:${i}`;
    const raw = await benchRaw(
      (i) => cluster.get(rawKey(i)),
      (i) => cluster.set(rawKey(i), value),
    );
    const label = `Redis Cluster (ioredis, ${given ? 'REDIS_CLUSTER_NODES' : '3 local masters'})`;
    rows.push({ store: label, verify, raw, rawLabel: 'GET + SET' });
    storeOnlyRows.push({ store: label, storeOnly: await benchStoreOnly(store), raw });
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
