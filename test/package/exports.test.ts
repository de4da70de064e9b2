import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allEntries } from '../../build/entries.js';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<
    string,
    string | { import: { types: string; default: string }; require: { types: string; default: string } }
  >;
  bin: Record<string, string>;
};
const drivers = [
  'better-sqlite3',
  'pg',
  '@electric-sql/pglite',
  'postgres',
  'mysql2',
  'ioredis',
  'redis',
  'qrcode',
];

/** The dist files one module pulls in, following relative imports (tsup's shared chunks). */
function importClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
    importClosure(join(file, '..', match[1]!), seen);
  }
  return seen;
}

/** Bare module specifiers imported by a set of files. */
function bareImports(files: Iterable<string>): Set<string> {
  const found = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^.'"][^'"]*)['"]/g))
      found.add(match[1]!);
  }
  return found;
}

describe('package layout', () => {
  it('every "exports" subpath has a build entry and every library entry has a subpath', () => {
    const fromExports = Object.entries(pkg.exports)
      .filter(([subpath]) => subpath !== './package.json')
      .map(([subpath, target]) => {
        if (typeof target === 'string')
          throw new Error(`${subpath} should have import and require conditions`);
        expect(target.import.default).toMatch(/^\.\/dist\/.+\.js$/);
        return target.import.default.replace(/^\.\/dist\//, '').replace(/\.js$/, '');
      });
    const libraryEntries = Object.keys(allEntries).filter((name) => name !== 'cli');
    expect(new Set(fromExports)).toEqual(new Set(libraryEntries));
  });

  it('every subpath maps ESM and CJS builds to their own type declarations', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      const base = target.import.default.replace(/\.js$/, '');
      expect(target.import.types, subpath).toBe(`${base}.d.ts`);
      expect(target.require.default, subpath).toBe(`${base}.cjs`);
      expect(target.require.types, subpath).toBe(`${base}.d.cts`);
    }
  });

  it('the bin points at the CLI entry', () => {
    expect(pkg.bin['mfakit']).toBe('./dist/cli.js');
    expect(allEntries.cli).toBe('src/cli/main.ts');
  });

  it('every entry source exists', () => {
    for (const source of Object.values(allEntries)) expect(existsSync(join(root, source)), source).toBe(true);
  });
});

describe('built package', () => {
  const dist = join(root, 'dist');

  it('the build produced every file that "exports" names', () => {
    for (const target of Object.values(pkg.exports)) {
      if (typeof target === 'string') continue;
      for (const file of [
        target.import.default,
        target.import.types,
        target.require.default,
        target.require.types,
      ]) {
        expect(existsSync(join(root, file)), file).toBe(true);
      }
    }
  });

  it('importing mfakit loads no database driver, no qrcode and nothing from node:', () => {
    const imported = bareImports(importClosure(join(dist, 'index.js')));
    for (const name of imported) {
      expect(drivers, `mfakit imports ${name}`).not.toContain(name);
      expect(name.startsWith('node:'), `mfakit imports ${name}`).toBe(false);
    }
  });

  it('stores take the client they are given: no store loads a driver itself', () => {
    for (const file of readdirSync(join(dist, 'stores')).filter((name) => name.endsWith('.js'))) {
      const imported = bareImports(importClosure(join(dist, 'stores', file)));
      for (const driver of drivers) expect(imported.has(driver), `${file} imports ${driver}`).toBe(false);
    }
  });
});
