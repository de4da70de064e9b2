// The guide snippets that say what they print are run, against the built package (`npm test`
// builds first), and what they print is compared with the output block the page shows after them.
// A snippet is marked ```ts run and followed by ```text output (see build/doc-blocks.ts); a run
// snippet with no output block must print nothing, and every one must end by itself (a client it
// leaves open would keep Node running until the test times out).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  allGuideBlocks,
  blocksOf,
  matchesShownOutput,
  ROOT,
  runnableBlocks,
} from '../../build/doc-blocks.js';
import { findPostgres, findRedis, uniqueName } from '../stores/helpers/services.js';

const runnable = runnableBlocks(allGuideBlocks());

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a TypeScript snippet as an ES module in a fresh folder inside the repository (gitignored
 * .docs-check/), where 'mfakit' resolves to the build through the package's self-reference and
 * files the snippet writes (an SQLite database) are removed afterwards.
 */
async function runSnippet(code: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const { code: js } = await transform(code, { loader: 'ts', format: 'esm', target: 'node20' });
  mkdirSync(join(ROOT, '.docs-check'), { recursive: true });
  const cwd = mkdtempSync(join(ROOT, '.docs-check', 'run-'));
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module'], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(js);
  }).finally(() => rmSync(cwd, { recursive: true, force: true }));
}

/**
 * The environment for a snippet: snippets that use PostgreSQL get a schema of their own as the
 * search path (so an unqualified table never meets another test's), Redis ones the test server.
 * Returns null when the snippet needs a server that is not running (the helper says so, or fails
 * under MFAKIT_REQUIRE_SERVICES=1).
 */
async function environmentFor(
  code: string,
): Promise<{ env: NodeJS.ProcessEnv; done: () => Promise<void> } | null> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  let done = async (): Promise<void> => {};
  if (/from 'pg'/.test(code)) {
    const url = await findPostgres();
    if (url === null) return null;
    const schema = uniqueName('docs');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    const withPath = new URL(url);
    withPath.searchParams.set('options', `-c search_path=${schema}`);
    env['DATABASE_URL'] = withPath.toString();
    done = async () => {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    };
  }
  if (/from '(ioredis|redis)'/.test(code)) {
    const url = await findRedis();
    if (url === null) return null;
    env['REDIS_URL'] = url;
  }
  return { env, done };
}

describe('guide snippets print what the page shows', () => {
  it('finds the runnable snippets of the README and getting-started, each with its output', () => {
    for (const file of ['README.md', 'docs/getting-started.md']) {
      const blocks = runnable.filter(({ block }) => block.file === file);
      expect(blocks.length, file).toBeGreaterThan(0);
      for (const { block, output } of blocks) {
        expect(output, `${block.file}:${block.line} has no output block after it`).not.toBeNull();
      }
    }
  });

  for (const { block, output } of runnable) {
    it(`${block.file}:${block.line}`, async () => {
      const setup = await environmentFor(block.code);
      if (setup === null) return; // the service helper printed why
      try {
        const result = await runSnippet(block.code, setup.env);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        const shown = output?.code ?? '';
        const message = `printed:\n${result.stdout}\npage shows (… = anything):\n${shown}`;
        expect(matchesShownOutput(result.stdout, shown), message).toBe(true);
      } finally {
        await setup.done();
      }
    });
  }
});

describe('the output comparison', () => {
  it('treats … as any text and nothing else as a wildcard', () => {
    expect(matchesShownOutput('{ ok: true, remaining: 9 }\n', '{ ok: true, remaining: 9 }')).toBe(true);
    expect(matchesShownOutput('{ ok: true, remaining: 8 }', '{ ok: true, remaining: 9 }')).toBe(false);
    expect(matchesShownOutput("[\n  'AB12-CD34',\n  'EF56-GH78'\n]", "[\n  '…-…',\n  …\n]")).toBe(true);
    expect(matchesShownOutput('signed in\nextra line', 'signed in')).toBe(false);
    expect(matchesShownOutput('a.c (x)', 'abc (x)')).toBe(false);
  });

  it('pairs a run block with the output block right after it', () => {
    const page = ['```ts run', "console.log('hi');", '```', 'It prints:', '```text output', 'hi', '```'].join(
      '\n',
    );
    const [pair] = runnableBlocks(blocksOf('page.md', page));
    expect(pair?.block.code).toBe("console.log('hi');");
    expect(pair?.output?.code).toBe('hi');
  });
});
