// The scenario as a program, for runtimes with a command line (Node, Bun, Deno): it prints the
// report on one marked line and exits with 1 when a check failed.
import { REPORT_PREFIX, runScenario } from '../scenario.js';

const report = await runScenario();
console.log(`${REPORT_PREFIX}${JSON.stringify(report)}`);
if (!report.ok) {
  // Deno's exit, else Node's and Bun's: whichever this runtime has.
  const deno = (globalThis as { Deno?: { exit(code: number): never } }).Deno;
  if (deno !== undefined) deno.exit(1);
  else process.exitCode = 1;
}
