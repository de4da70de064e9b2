// The README and the guides ship in the package, so their links work when read from node_modules:
// every relative link of README.md, and every link of a guide to another guide or to an image,
// names a file that `npm pack` puts in the tarball. (Guides also link to examples/ and test/ in the
// repository, which do not ship; those are left to the repository view.)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideFiles, ROOT } from '../../build/doc-blocks.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packed = new Set<string>(
  (
    JSON.parse(
      execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
    ) as Array<{
      files: Array<{ path: string }>;
    }>
  )[0]!.files.map((file) => file.path),
);

/** Relative link targets of a Markdown text, without anchors (code blocks left out). */
function relativeLinks(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
}

describe('the packed package carries what its README and guides link to', () => {
  it('packs the guides and not the generated API reference', () => {
    expect(packed).toContain('docs/getting-started.md');
    expect(packed).toContain('docs/stores.md');
    expect([...packed].some((file) => file.startsWith('docs/api/'))).toBe(false);
  });

  for (const file of guideFiles()) {
    it(file, () => {
      expect(packed).toContain(file);
      const targets = relativeLinks(readFileSync(join(ROOT, file), 'utf8')).map((target) =>
        normalize(join(dirname(file), target))
          .split('\\')
          .join('/'),
      );
      const mustShip =
        file === 'README.md' ? targets : targets.filter((target) => target.startsWith('docs/'));
      for (const target of mustShip) expect(packed, `${file} links to ${target}`).toContain(target);
    });
  }
});
