// The package as a user gets it: packed with npm pack and installed in a fresh folder that has no
// test framework. There mfakit/testing loads with import and with require, esbuild bundles it,
// and the conformance suite passes on the memory store under node:test (built into Node).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_TESTS } from '../../src/testing/conformance/suite.js';
import { readTap, requireBuild, root, run } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'mfakit-packed-'));
const app = join(work, 'app');
const FRAMEWORKS = ['vitest', 'jest', '@jest/globals', 'mocha', 'jasmine'];

// Checks every vector with the installed mfakit and prints how many passed, as JSON.
const VECTOR_CHECK = `
let checked = 0;
for (const v of RFC4226_VECTORS) {
  if (hotp(v.secret, v.counter, { digits: v.digits }) !== v.code) throw new Error('HOTP vector ' + v.counter);
  checked++;
}
for (const v of RFC6238_VECTORS) {
  const options = { time: v.time, algorithm: v.algorithm, digits: v.digits };
  if (totp(v.secret, options) !== v.code) throw new Error('TOTP vector ' + v.time + ' ' + v.algorithm);
  checked++;
}
console.log(JSON.stringify({ hotp: RFC4226_VECTORS.length, totp: RFC6238_VECTORS.length, checked }));
`;

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'app', private: true, version: '1.0.0' }),
  'vectors.mjs': `import { hotp, totp } from 'mfakit';\nimport { RFC4226_VECTORS, RFC6238_VECTORS } from 'mfakit/testing';\n${VECTOR_CHECK}`,
  'vectors.cjs': `const { hotp, totp } = require('mfakit');\nconst { RFC4226_VECTORS, RFC6238_VECTORS } = require('mfakit/testing');\n${VECTOR_CHECK}`,
  'frameworks.cjs': `for (const name of ${JSON.stringify(FRAMEWORKS)}) {\n  try { require.resolve(name); console.log(name); } catch {}\n}\n`,
  'conformance.test.mjs': [
    "import { describe, it } from 'node:test';",
    "import { memoryStore } from 'mfakit/stores/memory';",
    "import { describeStoreConformance } from 'mfakit/testing';",
    "describeStoreConformance('memoryStore', async () => ({ store: memoryStore() }), { describe, it });",
  ].join('\n'),
};

/**
 * Installs the tarball with npm, offline. Where the npm cache lacks a dependency (a fresh CI
 * machine) nothing is downloaded: the tarball is unpacked into node_modules by hand and the
 * runtime dependencies the tested entries load are copied from this repository's node_modules.
 */
async function install(tarball: string): Promise<string> {
  const npm = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app });
  if (npm.status === 0) return 'npm install --offline';
  expect(npm.stderr).toMatch(/ENOTCACHED|only-if-cached/);
  const modules = join(app, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  mkdirSync(modules);
  const untar = await run('tar', ['-xzf', tarball, '-C', modules], { cwd: app });
  expect(untar.status, untar.stderr).toBe(0);
  cpSync(join(modules, 'package'), join(modules, 'mfakit'), { recursive: true });
  rmSync(join(modules, 'package'), { recursive: true });
  for (const dependency of ['@noble/hashes', '@noble/ciphers', '@scure/base']) {
    cpSync(join(root, 'node_modules', dependency), join(modules, dependency), { recursive: true });
  }
  return 'unpacked by hand (npm cache incomplete)';
}

describe('mfakit/testing in a fresh project with no test framework', () => {
  beforeAll(async () => {
    requireBuild();
    mkdirSync(app);
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(app, name), text);
    const packed = await run('npm', ['pack', '--json', '--pack-destination', work]);
    expect(packed.status, packed.stderr).toBe(0);
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    console.info(`mfakit installed in ${app}: ${await install(join(work, filename))}`);
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('no test framework can be resolved from the project', async () => {
    const found = await run(process.execPath, ['frameworks.cjs'], { cwd: app });
    expect(found.status, found.stderr).toBe(0);
    expect(found.stdout.trim()).toBe('');
  });

  it('import { RFC4226_VECTORS, RFC6238_VECTORS } from mfakit/testing works, and every vector holds', async () => {
    const result = await run(process.execPath, ['vectors.mjs'], { cwd: app });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ hotp: 10, totp: 18, checked: 28 });
  });

  it('require of mfakit/testing works, and every vector holds', async () => {
    const result = await run(process.execPath, ['vectors.cjs'], { cwd: app });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ hotp: 10, totp: 18, checked: 28 });
  });

  it('esbuild bundles mfakit/testing with nothing left unresolved', async () => {
    const bundle = await build({
      absWorkingDir: app,
      entryPoints: ['vectors.mjs'],
      bundle: true,
      platform: 'neutral',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(bundle.errors).toEqual([]);
    expect(bundle.outputFiles[0]!.text).toContain('RFC6238');
  });

  it('the conformance suite passes on the memory store under node:test, by package name', async () => {
    const result = await run(process.execPath, ['--test', '--test-reporter=tap', 'conformance.test.mjs'], {
      cwd: app,
    });
    expect({ status: result.status, ...readTap(result.stdout) }, result.stderr).toEqual({
      status: 0,
      pass: CONFORMANCE_TESTS.length,
      fail: 0,
      failed: [],
    });
  });
});
