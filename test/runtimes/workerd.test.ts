// The runtime scenario (RFC vectors, the MFA flow on the memory store, toSvg) in workerd, Cloudflare's
// Workers runtime: bundled by esbuild for the browser platform with the 'worker' condition (a `node:`
// import would fail the build), served as a module Worker from a capnp config without the
// nodejs_compat flag, and fetched over HTTP. It runs twice in one workerd process: at a compatibility
// date with no Node global at all (the plain web platform), and at the newest date this workerd knows,
// which new Workers get and where `process` is a global even without nodejs_compat.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildScenario,
  cleanUp,
  expectSameAsNode,
  findRuntime,
  maySkip,
  RUN_TIMEOUT_MS,
  requireRuntime,
  writeTemporary,
} from './harness.js';
import type { ScenarioReport } from './scenario.js';

const binary = findRuntime('workerd');

/** A date before workerd began exposing Node's `process` without nodejs_compat (checked by the test). */
const WEB_PLATFORM_DATE = '2026-06-01';

/** One served copy of the scenario Worker: its socket's name and its compatibility date. */
interface WorkerSite {
  socket: string;
  compatibilityDate: string;
}

function capnpConfig(scenarioFile: string, sites: WorkerSite[]): string {
  const services = sites.map(
    ({ socket, compatibilityDate }) =>
      `(name = "${socket}", worker = (modules = [(name = "scenario.mjs", esModule = embed "${scenarioFile}")], ` +
      `compatibilityDate = "${compatibilityDate}"))`,
  );
  const sockets = sites.map(
    ({ socket }) => `(name = "${socket}", address = "127.0.0.1:0", http = (), service = "${socket}")`,
  );
  return [
    'using Workerd = import "/workerd/workerd.capnp";',
    'const config :Workerd.Config = (',
    `  services = [${services.join(', ')}],`,
    `  sockets = [${sockets.join(', ')}],`,
    ');',
    '',
  ].join('\n');
}

/** A running workerd and the port of each socket. */
interface Workerd {
  ports: Map<string, number>;
  stderr: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts workerd on a config whose sockets bind port 0, and learns the ports from its control
 * descriptor (fd 3), which reports each socket once it listens: no guessed free port, no polling.
 */
function startWorkerd(workerdBinary: string, config: string, sockets: string[]): Promise<Workerd> {
  const child = spawn(workerdBinary, ['serve', basename(config), '--control-fd=3'], {
    cwd: dirname(config),
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const workerd: Workerd = { ports: new Map(), stderr: () => stderr, stop: () => stop(child) };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`workerd did not listen within ${RUN_TIMEOUT_MS} ms`),
      RUN_TIMEOUT_MS,
    );
    const fail = (why: string): void => {
      clearTimeout(timer);
      void workerd.stop();
      reject(new Error(`${why}; stderr:\n${stderr}`));
    };
    child.on('error', (error) => fail(`workerd did not start: ${error.message}`));
    child.on('exit', (code) => fail(`workerd exited with code ${code}`));
    let pending = '';
    (child.stdio[3] as Readable).setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
        if (message.event === 'listen' && message.socket !== undefined && message.port !== undefined) {
          workerd.ports.set(message.socket, message.port);
        }
      }
      if (sockets.every((socket) => workerd.ports.has(socket))) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(workerd);
      }
    });
  });
}

/** Ends the workerd this test started, and waits until it is gone. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('close', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe.skipIf(maySkip('workerd', binary))('the runtime scenario in workerd', () => {
  let workerd: Workerd | undefined;

  beforeAll(async () => {
    const workerdBinary = requireRuntime('workerd', binary);
    // The workerd package names the newest compatibility date its binary supports.
    const { compatibilityDate } = createRequire(import.meta.url)('workerd') as { compatibilityDate: string };
    const sites: WorkerSite[] = [
      { socket: 'web', compatibilityDate: WEB_PLATFORM_DATE },
      { socket: 'newest', compatibilityDate },
    ];
    const scenario = await buildScenario('worker');
    const config = writeTemporary('workerd.capnp', capnpConfig(basename(scenario), sites));
    workerd = await startWorkerd(
      workerdBinary,
      config,
      sites.map((site) => site.socket),
    );
  }, RUN_TIMEOUT_MS);

  afterAll(async () => {
    await workerd?.stop();
    cleanUp();
  });

  async function fetchReport(socket: string): Promise<{ status: number; report: ScenarioReport }> {
    const response = await fetch(`http://127.0.0.1:${workerd!.ports.get(socket)}/`);
    const body = await response.text();
    try {
      return { status: response.status, report: JSON.parse(body) as ScenarioReport };
    } catch {
      throw new Error(`workerd answered ${response.status}: ${body}\nstderr:\n${workerd!.stderr()}`);
    }
  }

  it(
    'passes on the plain web platform, with no Node global',
    async () => {
      const { status, report } = await fetchReport('web');
      await expectSameAsNode(report, 'workerd');
      expect(report.nodeGlobals).toBe(false);
      expect(status).toBe(200);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'passes at the newest compatibility date, still without nodejs_compat',
    async () => {
      const { status, report } = await fetchReport('newest');
      await expectSameAsNode(report, 'workerd');
      expect(status).toBe(200);
    },
    RUN_TIMEOUT_MS,
  );
});
