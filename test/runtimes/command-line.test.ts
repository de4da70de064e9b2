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

/** Each runtime from npm, and its arguments to run the scenario file. */
const NPM_RUNTIMES: [NpmRuntime, (file: string) => string[]][] = [
  // --no-install: never fetch a package that node_modules lacks.
  ['bun', (file) => ['run', '--no-install', file]],
  // No permission granted; 'manual': use the existing node_modules, never download or write to it.
  ['deno', (file) => ['run', '--no-prompt', '--no-lock', '--node-modules-dir=manual', file]],
];

describe('the runtime scenario on the command line', () => {
  let scenario: string;

  beforeAll(async () => {
    scenario = await buildScenario('linked');
  });

  afterAll(cleanUp);

  /** Runs the scenario file with `binary` and checks the report and the exit code. */
  async function expectPasses(runtime: string, binary: string, args: string[]): Promise<void> {
    const result = await runCommand(binary, args);
    const report = readReport(result.stdout, `exit code ${result.code}, stderr:\n${result.stderr}`);
    await expectSameAsNode(report, runtime);
    expect(report.nodeGlobals).toBe(true);
    expect(result.code).toBe(0);
  }

  it('passes in node', () => expectPasses('node', process.execPath, [scenario]), RUN_TIMEOUT_MS);

  for (const [runtime, args] of NPM_RUNTIMES) {
    const binary = findRuntime(runtime);
    it.skipIf(maySkip(runtime, binary))(
      `passes in ${runtime}`,
      () => expectPasses(runtime, requireRuntime(runtime, binary), args(scenario)),
      RUN_TIMEOUT_MS,
    );
  }
});
