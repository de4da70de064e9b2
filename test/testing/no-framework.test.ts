// mfakit/testing must load where no test framework is installed: its sources import only mfakit's
// own modules, and the built entries (ESM and CJS, with the chunks they pull in) import no test
// framework. packed.test.ts proves the same by running the installed package.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, root } from './helpers.js';

const FRAMEWORKS = /^(vitest|@vitest\/|jest|@jest\/|mocha|jasmine|ava|tap|uvu|node:test|bun:test)/;
const BUILT_SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*['"]([^'"]+)['"]/g;
// In sources, only statements at the start of a line: JSDoc examples import 'mfakit' by name.
const SOURCE_SPECIFIER = /^(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm;

/** Every module specifier a file imports or requires. */
function specifiers(file: string, pattern = BUILT_SPECIFIER): string[] {
  return [...readFileSync(file, 'utf8').matchAll(pattern)].map((match) => match[1]!);
}

/** The files one built module pulls in through relative imports, itself included. */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const specifier of specifiers(file)) {
    if (specifier.startsWith('.')) closure(join(file, '..', specifier), seen);
  }
  return seen;
}

describe('mfakit/testing imports no test framework', () => {
  beforeAll(requireBuild);

  it('its sources import only mfakit modules, by relative path', () => {
    const sources = readdirSync(join(root, 'src', 'testing'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(root, 'src', 'testing', name));
    expect(sources.length).toBeGreaterThan(5);
    let imports = 0;
    for (const file of sources) {
      const found = specifiers(file, SOURCE_SPECIFIER);
      for (const specifier of found) expect(specifier, file).toMatch(/^\.\.?\//);
      imports += found.length;
    }
    expect(imports).toBeGreaterThan(10);
  });

  it('the built ESM and CJS entries, with every chunk they load, import none', () => {
    for (const entry of ['testing.js', 'testing.cjs']) {
      const files = closure(join(root, 'dist', entry));
      expect(files.size, entry).toBeGreaterThan(1);
      for (const file of files) {
        for (const specifier of specifiers(file)) expect(specifier, file).not.toMatch(FRAMEWORKS);
      }
    }
  });
});
