// The fenced code blocks of the guides (README.md and docs/**/*.md), for build/check-docs.ts, which
// typechecks them, and test/docs/outputs.test.ts, which runs the ones that show what they print.
//
// A block's info string is its language, then optional flags (GitHub shows only the language):
//   ```ts nocheck    a deliberate fragment, left out of the typecheck (keep these rare)
//   ```ts run        a complete program: the test runs it and compares what it prints with the
//                    ```text output block that follows it
//   ```text output   what the preceding `run` block prints; `…` stands for any text
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced block of a Markdown file. */
export interface DocBlock {
  /** The file, relative to the repository root, with forward slashes. */
  readonly file: string;
  /** The 1-based line of the block's first code line (the line after the opening fence). */
  readonly line: number;
  /** The language: the first word of the info string. */
  readonly lang: string;
  /** The remaining words of the info string. */
  readonly flags: readonly string[];
  /** The code, without the fences. */
  readonly code: string;
}

/** The languages the typecheck covers. */
export const CHECKED_LANGS: ReadonlySet<string> = new Set(['ts', 'typescript', 'js', 'javascript']);

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..');

/** README.md and every Markdown file under docs/ except the generated API reference. */
export function guideFiles(root: string = ROOT): string[] {
  const files = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (path !== 'docs/api') walk(path);
      } else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  walk('docs');
  return files.sort();
}

/** The fenced blocks of one Markdown text. */
export function blocksOf(file: string, text: string): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,})\s*([^`\s]*)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.trimStart().startsWith(fence)) end++;
    blocks.push({
      file,
      line: start + 1,
      lang: open[2]!.toLowerCase(),
      flags: open[3]!.trim().split(/\s+/).filter(Boolean),
      code: lines.slice(start, end).join('\n'),
    });
    i = end;
  }
  return blocks;
}

/** Every fenced block of every guide. */
export function allGuideBlocks(root: string = ROOT): DocBlock[] {
  return guideFiles(root).flatMap((file) =>
    blocksOf(relative(root, join(root, file)), readFileSync(join(root, file), 'utf8')),
  );
}

/** A `run` block and the output block after it. */
export interface RunnableBlock {
  readonly block: DocBlock;
  /** The `text output` block that follows, or null when the page shows none. */
  readonly output: DocBlock | null;
}

/** The `run` blocks of the guides, each with the output block that follows it. */
export function runnableBlocks(blocks: readonly DocBlock[]): RunnableBlock[] {
  const runnable: RunnableBlock[] = [];
  blocks.forEach((block, index) => {
    if (!block.flags.includes('run')) return;
    const next = blocks[index + 1];
    const output = next && next.file === block.file && next.flags.includes('output') ? next : null;
    runnable.push({ block, output });
  });
  return runnable;
}

/**
 * Whether printed text matches what a page shows, where `…` in the shown text stands for any run
 * of characters (line breaks included). Trailing spaces on each line are ignored.
 */
export function matchesShownOutput(printed: string, shown: string): boolean {
  const tidy = (text: string): string =>
    text
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .trim();
  const pattern = tidy(shown)
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*?');
  return new RegExp(`^${pattern}$`).test(tidy(printed));
}
