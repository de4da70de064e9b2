// docs/cli.md shows shell sessions (```console blocks: `$ command`, then what it prints). Each block
// is replayed in bash against the built command (`mfakit` = node dist/cli.js) and what it prints is
// compared with the page, line for line. A secret that the command makes at random is compared by
// shape: the page's Base32 text stands for any Base32 text of the same length.
// A block marked ```console nocheck (the live view, which needs a terminal) is not replayed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocksOf, ROOT } from '../../build/doc-blocks.js';

const PAGE = 'docs/cli.md';
const MARK = '--- mfakit-docs-command ---';

interface Step {
  readonly command: string;
  readonly shown: string[];
}

function stepsOf(code: string): Step[] {
  const steps: Array<{ command: string; shown: string[] }> = [];
  for (const line of code.split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), shown: [] });
    else steps.at(-1)?.shown.push(line);
  }
  return steps;
}

/** Base32 runs of 16 or more characters, which the page may show for a random secret. */
const RANDOM_SECRET = /\b[A-Z2-7]{16,}\b/g;

function linePattern(shownLine: string, randomSecrets: boolean): RegExp {
  const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (!randomSecrets) return new RegExp(`^${escapeRegExp(shownLine)}$`);
  const parts = shownLine.split(RANDOM_SECRET).map(escapeRegExp);
  const lengths = [...shownLine.matchAll(RANDOM_SECRET)].map((match) => match[0].length);
  return new RegExp(
    `^${parts.map((part, i) => (i < lengths.length ? `${part}[A-Z2-7]{${lengths[i]}}` : part)).join('')}$`,
  );
}

const blocks = blocksOf(PAGE, readFileSync(join(ROOT, PAGE), 'utf8')).filter(
  (block) => block.lang === 'console' && !block.flags.includes('nocheck'),
);

/** The shell variable assignments of the blocks above a line of the page. */
function assignmentsBefore(line: number): string[] {
  return blocks
    .filter((block) => block.line < line)
    .flatMap((block) => stepsOf(block.code).map((step) => step.command))
    .filter((command) => /^[A-Z_]+=/.test(command));
}

describe(`${PAGE} shows what the command prints`, () => {
  it('has sessions to replay', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  for (const block of blocks) {
    it(`${PAGE}:${block.line}`, () => {
      const steps = stepsOf(block.code);
      const cwd = mkdtempSync(join(tmpdir(), 'mfakit-cli-page-'));
      const script = [
        'exec 2>&1',
        `mfakit() { "${process.execPath}" "${join(ROOT, 'dist', 'cli.js')}" "$@"; }`,
        // Variables set on the page before this block (`URI=...`) are set here too.
        ...assignmentsBefore(block.line),
        // The marker keeps `$?` for a shown `echo $?`.
        ...steps.map((step) => `status=$?; echo '${MARK}'; (exit $status); ${step.command}`),
      ].join('\n');
      try {
        const run = spawnSync('bash', ['-c', script], {
          cwd,
          encoding: 'utf8',
          env: { ...process.env, MFAKIT_DEBUG: '', NO_COLOR: '1' },
        });
        const printed = run.stdout.split(`${MARK}\n`).slice(1);
        expect(printed).toHaveLength(steps.length);
        steps.forEach((step, index) => {
          const lines = printed[index]!.replace(/\n$/, '').split('\n');
          const shown = step.shown.length === 0 ? [''] : step.shown;
          const randomSecrets = /^mfakit secret\b/.test(step.command);
          expect(lines.length, `$ ${step.command}\n${printed[index]}`).toBe(shown.length);
          shown.forEach((line, at) => {
            expect(lines[at], `$ ${step.command}`).toMatch(linePattern(line, randomSecrets));
          });
        });
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  }
});
