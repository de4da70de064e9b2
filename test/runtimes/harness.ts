// Shared set-up of the runtime tests: builds scenario.ts for each kind of runtime with esbuild, finds
// the runtime binaries that the bun, deno and workerd npm packages carry, runs a command with a bound
// on its time, and checks a runtime's report against the one this (Node) process produces.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { expect } from 'vitest';
import { REPORT_PREFIX, runScenario, type ScenarioReport } from './scenario.js';

/** The repository root: runtimes run from here, so that they find package.json and node_modules. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let outDir: string | undefined;

/** Where each build's output goes: one temporary folder per test file, removed by {@link cleanUp}. */
function outputDir(): string {
  outDir ??= mkdtempSync(join(tmpdir(), 'mfakit-runtimes-'));
  return outDir;
}

/** A spawned runtime gets this long to run the scenario; far more than it needs, even on a busy machine. */
export const RUN_TIMEOUT_MS = 60_000;

/**
 * How the scenario reaches the package:
 * - 'linked': one ES module with the scenario inlined and `mfakit/*` left as imports of the built
 *   files in dist/, which load their own dependencies from node_modules as an app's would (Node, Bun, Deno);
 * - 'worker': one self-contained ES module for workerd, resolved with the 'worker' and 'browser' conditions;
 * - 'browser': one self-contained classic script for a page, defining `globalThis.runMfakitScenario`.
 */
export type BuildKind = 'linked' | 'worker' | 'browser';

const ENTRIES: Record<BuildKind, string> = {
  linked: 'entries/cli.ts',
  worker: 'entries/worker.ts',
  browser: 'entries/browser.ts',
};

/**
 * Builds the scenario for one kind of runtime and writes it to the temporary folder.
 *
 * @param kind - see {@link BuildKind}
 * @returns the path of the built file
 */
export async function buildScenario(kind: BuildKind): Promise<string> {
  const outfile = join(outputDir(), kind === 'browser' ? 'scenario.browser.js' : `scenario.${kind}.mjs`);
  await build({
    entryPoints: [fileURLToPath(new URL(ENTRIES[kind], import.meta.url))],
    outfile,
    bundle: true,
    format: kind === 'browser' ? 'iife' : 'esm',
    // 'neutral' gives Node's modules no special treatment: a `node:` import would fail the build
    // rather than slip into a bundle meant for a browser or a Worker.
    platform: kind === 'linked' ? 'neutral' : 'browser',
    conditions: kind === 'worker' ? ['worker', 'browser'] : [],
    target: 'es2022',
    plugins: [packageResolver(kind)],
    logLevel: 'silent',
  });
  return outfile;
}

/** Maps `mfakit` and its subpaths to the built files that package.json "exports" names. */
function packageResolver(kind: BuildKind): Plugin {
  const exportsMap = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports as Record<
    string,
    { import?: { default?: string } }
  >;
  return {
    name: 'mfakit-dist',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^mfakit(\/|$)/ }, ({ path }) => {
        const target = exportsMap[`.${path.slice('mfakit'.length)}`]?.import?.default;
        if (target === undefined) return { errors: [{ text: `package.json exports nothing for ${path}` }] };
        const file = join(ROOT, target);
        return kind === 'linked' ? { path: pathToFileURL(file).href, external: true } : { path: file };
      });
    },
  };
}

/** Removes the temporary folder of the builds. */
export function cleanUp(): void {
  if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
  outDir = undefined;
}

/**
 * The runtimes that come from npm packages. Each package carries its binary in a per-platform
 * package (an optional dependency); the main package's own `bin` is a placeholder or a Node shim
 * that a postinstall script replaces, and npm may not run that script. So the platform package's
 * binary is used first, and the main package's binary only where a postinstall already moved it there.
 */
export type NpmRuntime = 'bun' | 'deno' | 'workerd';

const EXE = platform() === 'win32' ? '.exe' : '';

/**
 * Where a runtime's binary can be, relative to node_modules, the platform package's first.
 *
 * @param runtime - 'bun', 'deno' or 'workerd'
 * @returns the relative paths, in the order searched
 */
export function binaryCandidates(runtime: NpmRuntime): string[] {
  // Each project spells the platform its own way: Bun and workerd say 'windows', Deno 'win32'.
  const os = platform();
  const windowsOr = os === 'win32' ? 'windows' : os;
  const cpu = arch();
  switch (runtime) {
    case 'bun': {
      const name = `@oven/bun-${windowsOr}-${cpu === 'arm64' ? 'aarch64' : cpu}`;
      return [`${name}/bin/bun${EXE}`, `${name}-musl/bin/bun${EXE}`, 'bun/bin/bun.exe'];
    }
    case 'deno':
      return [`@deno/${os}-${cpu}${os === 'linux' ? '-glibc' : ''}/deno${EXE}`, `deno/deno${EXE}`];
    case 'workerd': {
      const name = `@cloudflare/workerd-${windowsOr}-${cpu === 'x64' ? '64' : cpu}`;
      return [`${name}/bin/workerd${EXE}`, `workerd/bin/workerd${EXE}`];
    }
  }
}

/**
 * A postinstall placeholder or a Node shim is a few KB; the runtimes are tens of MB. Anything over
 * a megabyte is the real binary.
 */
const MIN_BINARY_BYTES = 1_000_000;

/**
 * Finds a runtime's binary in node_modules.
 *
 * @param runtime - 'bun', 'deno' or 'workerd'
 * @param nodeModules - the folder to search; default the repository's node_modules
 * @returns the path, or null when none of the places it can be holds a real binary
 */
export function findRuntime(runtime: NpmRuntime, nodeModules = join(ROOT, 'node_modules')): string | null {
  for (const candidate of binaryCandidates(runtime)) {
    const file = join(nodeModules, candidate);
    if (existsSync(file) && statSync(file).size > MIN_BINARY_BYTES) return file;
  }
  return null;
}

/**
 * True when a missing runtime may skip its test, saying so: never in CI, where a missing runtime is
 * a failure.
 *
 * @param runtime - the runtime's name
 * @param binary - what {@link findRuntime} found
 * @returns whether to skip
 */
export function maySkip(runtime: NpmRuntime, binary: string | null): boolean {
  const skip = binary === null && !process.env['CI'];
  if (skip) console.log(`${runtime}: skipped, no binary in node_modules (npm ci installs it)`);
  return skip;
}

/**
 * Fails with the places searched when a runtime is missing (in CI, where the test did not skip).
 *
 * @param runtime - the runtime's name
 * @param binary - what {@link findRuntime} found
 * @returns the binary's path
 */
export function requireRuntime(runtime: NpmRuntime, binary: string | null): string {
  if (binary === null) {
    const searched = binaryCandidates(runtime).map((c) => join('node_modules', c));
    throw new Error(`no ${runtime} binary found (searched ${searched.join(', ')}); run npm ci`);
  }
  return binary;
}

/** What a finished command left behind. */
export interface CommandResult {
  /** The exit code, or null when it was ended by a signal. */
  code: number | null;
  /** Everything it wrote to stdout. */
  stdout: string;
  /** Everything it wrote to stderr. */
  stderr: string;
}

/**
 * Runs a command from the repository root, ending it after {@link RUN_TIMEOUT_MS}.
 *
 * @param command - the executable
 * @param args - its arguments
 * @returns its exit code and output
 */
export function runCommand(command: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Reads the report line out of a runtime's output.
 *
 * @param output - what the runtime printed
 * @param context - shown if there is no report, to say what happened instead
 * @returns the report
 * @throws Error when no line carries a report
 */
export function readReport(output: string, context: string): ScenarioReport {
  const line = output.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
  if (line === undefined) throw new Error(`no report in the output:\n${output}\n${context}`);
  return JSON.parse(line.slice(REPORT_PREFIX.length)) as ScenarioReport;
}

let reference: Promise<ScenarioReport> | undefined;

/**
 * The scenario run in this Node process (through vitest), which every runtime must match: the same
 * checks, all passing, and the same SVG.
 *
 * @returns the reference report
 */
export function referenceReport(): Promise<ScenarioReport> {
  reference ??= runScenario();
  return reference;
}

/**
 * Checks a runtime's report: it ran where it should, every check passed, no check is missing, and
 * its SVG is the one Node draws.
 *
 * @param report - the runtime's report
 * @param runtime - the name the runtime must give itself
 */
export async function expectSameAsNode(report: ScenarioReport, runtime: string): Promise<void> {
  const expected = await referenceReport();
  expect(expected.checks.filter((c) => !c.ok)).toEqual([]);
  expect(report.runtime).toBe(runtime);
  expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  expect(report.checks.map((c) => c.name)).toEqual(expected.checks.map((c) => c.name));
  expect(report.svg).toBe(expected.svg);
  expect(report.ok).toBe(true);
}

/**
 * Writes a file into the temporary folder.
 *
 * @param name - the file name
 * @param contents - its contents
 * @returns its path
 */
export function writeTemporary(name: string, contents: string): string {
  const file = join(outputDir(), name);
  writeFileSync(file, contents);
  return file;
}
