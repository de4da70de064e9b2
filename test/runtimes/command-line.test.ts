// The runtime scenario (RFC vectors, the MFA flow on the memory store, toSvg) run by Node, Bun and
// Deno as programs against the built package: each imports dist/ and loads mfakit's dependencies
// from node_modules as an application would. Deno runs it with no permission granted at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildScenario,
  cleanUp,
  expectSameAsNode,
  findRuntime,
  maySkip,
  type NpmRuntime,
  RUN_TIMEOUT_MS,
  readReport,
  requireRuntime,
  runCommand,
} from './harness.js';

interface CommandLineRuntime {
  name: 'node' | NpmRuntime;
  binary: string | null;
  args: (file: string) => string[];
}

const RUNTIMES: CommandLineRuntime[] = [
  { name: 'node', binary: process.execPath, args: (file) => [file] },
  // --no-install: never fetch a package that node_modules lacks.
  { name: 'bun', binary: findRuntime('bun'), args: (file) => ['run', '--no-install', file] },
  {
    name: 'deno',
    binary: findRuntime('deno'),
    // Manual: resolve npm packages from the existing node_modules, never download or write them.
    args: (file) => ['run', '--no-prompt', '--no-lock', '--node-modules-dir=manual', file],
  },
];

describe('the runtime scenario on the command line', () => {
  let scenario: string;

  beforeAll(async () => {
    scenario = await buildScenario('linked');
  });

  afterAll(cleanUp);

  for (const runtime of RUNTIMES) {
    it.skipIf(maySkip(runtime.binary))(
      `passes in ${runtime.name}`,
      async () => {
        const binary =
          runtime.name === 'node' ? process.execPath : requireRuntime(runtime.name, runtime.binary);
        const result = await runCommand(binary, runtime.args(scenario));
        const report = readReport(result.stdout, `exit code ${result.code}, stderr:\n${result.stderr}`);
        await expectSameAsNode(report, runtime.name);
        expect(report.nodeGlobals).toBe(true);
        expect(result.code).toBe(0);
      },
      RUN_TIMEOUT_MS,
    );
  }
});
