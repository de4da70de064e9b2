// A real Redis Cluster for the store tests: three masters (no replicas), each a local
// redis-server process on a free port with cluster mode on and no persistence, joined with
// `redis-cli --cluster create`. Whoever starts one stops it (stop() kills the processes and
// removes their directory). When redis-server is not installed the suites are skipped with one
// line, unless MFAKIT_REQUIRE_SERVICES=1, where that is a failure.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);
const HOST = '127.0.0.1';

export interface ClusterNode {
  host: string;
  port: number;
}

export interface LocalCluster {
  nodes: ClusterNode[];
  /** One plain (non-cluster) connection per node, in the order of `nodes`, for admin commands. */
  admins: Redis[];
  /** Kills the three servers and removes their directory. */
  stop(): Promise<void>;
}

/** True when `port` can be bound on 127.0.0.1 right now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

/** A port P such that P and its cluster bus port P + 10000 are both free. */
async function freeClusterPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (taken.has(port) || taken.has(port + 10_000) || taken.has(port - 10_000)) continue;
    if ((await portIsFree(port)) && (await portIsFree(port + 10_000))) return port;
  }
  throw new Error('no free port pair for a cluster node');
}

async function until(what: string, condition: () => Promise<boolean>, attempts = 200): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await condition().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis cluster: ${what} not reached`);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts one cluster-enabled redis-server; retries on another port if the chosen one was taken. */
async function startNode(
  dir: string,
  taken: Set<number>,
): Promise<{ child: ChildProcess; admin: Redis; port: number }> {
  for (let attempt = 0; ; attempt++) {
    const port = await freeClusterPort(taken);
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        HOST,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--cluster-node-timeout',
        '5000',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--logfile',
        join(dir, `redis-${port}.log`),
      ],
      { stdio: 'ignore' },
    );
    const admin = new Redis({
      host: HOST,
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 50,
    });
    admin.on('error', () => {});
    try {
      await until(
        `redis-server on ${port} answering`,
        async () => {
          if (child.exitCode !== null) throw new Error('exited');
          if (admin.status === 'wait') await admin.connect();
          return (await admin.ping()) === 'PONG';
        },
        100,
      );
      taken.add(port);
      return { child, admin, port };
    } catch (error) {
      admin.disconnect();
      child.kill('SIGKILL');
      await exited(child);
      if (attempt >= 4) throw error;
    }
  }
}

/** Whether redis-server and redis-cli are on the PATH; logs (or throws when required) if not. */
async function binariesPresent(): Promise<boolean> {
  try {
    await run('redis-server', ['--version']);
    await run('redis-cli', ['--version']);
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.MFAKIT_REQUIRE_SERVICES === '1') {
      throw new Error(
        `Redis Cluster tests need redis-server and redis-cli (MFAKIT_REQUIRE_SERVICES=1): ${reason}`,
      );
    }
    console.log('Redis Cluster suites skipped: redis-server and redis-cli are not installed.');
    return false;
  }
}

/** Starts a three-master cluster and waits until every node reports cluster_state:ok; null when it cannot run here. */
export async function startRedisCluster(): Promise<LocalCluster | null> {
  if (!(await binariesPresent())) return null;
  const dir = mkdtempSync(join(tmpdir(), 'mfakit-redis-cluster-'));
  const started: { child: ChildProcess; admin: Redis; port: number }[] = [];
  // Should the test process end without reaching stop() (a crash, a worker torn down), the
  // servers still go with it.
  const killAll = () => {
    for (const { child } of started) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const stop = async () => {
    process.off('exit', killAll);
    for (const { admin } of started) admin.disconnect();
    await Promise.all(
      started.map(({ child }) => {
        child.kill('SIGKILL');
        return exited(child);
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const taken = new Set<number>();
    for (let i = 0; i < 3; i++) started.push(await startNode(dir, taken));
    await run('redis-cli', [
      '--cluster',
      'create',
      ...started.map(({ port }) => `${HOST}:${port}`),
      '--cluster-yes',
    ]);
    await until('cluster_state:ok on every node', async () => {
      for (const { admin } of started) {
        const info = (await admin.cluster('INFO')) as string;
        if (!info.includes('cluster_state:ok') || !info.includes('cluster_known_nodes:3')) return false;
        if (((await admin.cluster('SLOTS')) as unknown[]).length !== 3) return false;
      }
      return true;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes: started.map(({ port }) => ({ host: HOST, port })),
    admins: started.map(({ admin }) => admin),
    stop,
  };
}

/** The index in `cluster.nodes` of the master that serves `slot`. */
export async function ownerOf(cluster: LocalCluster, slot: number): Promise<number> {
  const ranges = await cluster.admins[0]!.cluster('SLOTS');
  const range = ranges.find(([first, last]) => slot >= first && slot <= last);
  if (range?.[2] === undefined) throw new Error(`slot ${slot} has no owner`);
  const port = range[2][1];
  return cluster.nodes.findIndex((node) => node.port === port);
}

/**
 * Moves `slot` from its owner to another master the way redis-cli --cluster reshard does:
 * IMPORTING on the target, MIGRATING on the source, MIGRATE of every key in the slot, then
 * SETSLOT NODE everywhere. `between` runs after the keys moved and before the slot is handed
 * over (while the source answers ASK). Returns the source and target indexes.
 */
export async function moveSlot(
  cluster: LocalCluster,
  slot: number,
  between: () => Promise<void> = async () => {},
): Promise<{ from: number; to: number }> {
  const from = await ownerOf(cluster, slot);
  const to = (from + 1) % cluster.nodes.length;
  const [source, target] = [cluster.admins[from]!, cluster.admins[to]!];
  const [sourceId, targetId] = (await Promise.all([
    source.cluster('MYID'),
    target.cluster('MYID'),
  ])) as string[];
  await target.cluster('SETSLOT', slot, 'IMPORTING', sourceId!);
  await source.cluster('SETSLOT', slot, 'MIGRATING', targetId!);
  for (;;) {
    const keys = (await source.cluster('GETKEYSINSLOT', slot, 100)) as string[];
    if (keys.length === 0) break;
    const { host, port } = cluster.nodes[to]!;
    await source.call('MIGRATE', host, String(port), '', '0', '5000', 'KEYS', ...keys);
  }
  await between();
  // The target first, then the source, then the rest: the order redis-cli uses.
  await target.cluster('SETSLOT', slot, 'NODE', targetId!);
  await source.cluster('SETSLOT', slot, 'NODE', targetId!);
  await Promise.all(
    cluster.admins
      .filter((_, i) => i !== from && i !== to)
      .map((admin) => admin.cluster('SETSLOT', slot, 'NODE', targetId!)),
  );
  return { from, to };
}
