// Runs a command to completion and reads what the test runners report, for the tests that run
// the built package under jest, node:test and a freshly installed copy.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` without a shell and collects its output; never rejects for a non-zero exit. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? root,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** What node:test's TAP reporter says: the summary counts and the titles of failed tests. */
export function readTap(tap: string): { pass: number; fail: number; failed: string[] } {
  const count = (name: string): number => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? NaN);
  const failed = [...tap.matchAll(/^\s+not ok \d+ - (.+)$/gm)].map((match) => match[1]!);
  return { pass: count('pass'), fail: count('fail'), failed };
}

/** Fails with a clear message when the package has not been built (`npm run build`). */
export function requireBuild(): void {
  for (const file of ['dist/testing.js', 'dist/testing.cjs', 'dist/stores/memory.js']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run npm run build first`);
  }
}
