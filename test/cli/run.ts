// Runs the built command as a user would: `node dist/cli.js …` in a subprocess.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built command. */
export const CLI = `${ROOT}dist/cli.js`;

/** Fails with a clear message when the command has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm test\` does it through pretest)`);
  }
}

/** The outcome of one run. */
export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `mfakit ...args` with stdout piped (not a terminal), optionally feeding `input` on stdin. */
export function mfakit(args: readonly string[], input = ''): RunResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, MFAKIT_DEBUG: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like {@link mfakit}, without blocking, so that many runs can go at once. */
export function mfakitAsync(args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, MFAKIT_DEBUG: '' } },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}
