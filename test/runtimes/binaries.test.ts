// The runtime tests find Bun, Deno and workerd where a fresh `npm ci` puts them. npm may skip the
// packages' postinstall scripts, and then the main package's own binary is only a placeholder (Bun)
// or a Node shim (Deno, workerd), while the real binary sits in the per-platform package. These
// tests lay out such trees in a temporary folder, with sparse files standing in for the binaries.
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binaryCandidates, findRuntime, type NpmRuntime } from './harness.js';

const RUNTIMES: NpmRuntime[] = ['bun', 'deno', 'workerd'];

let nodeModules: string;

beforeEach(() => {
  nodeModules = mkdtempSync(join(tmpdir(), 'mfakit-binaries-'));
});

afterEach(() => {
  rmSync(nodeModules, { recursive: true, force: true });
});

/** A file of `bytes` bytes (sparse: it takes no disk space) at a path relative to node_modules. */
function place(relative: string, bytes: number): string {
  const file = join(nodeModules, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, '#!/usr/bin/env node\n// placeholder\n');
  if (bytes > 0) truncateSync(file, bytes);
  return file;
}

const REAL = 50_000_000;
const PLACEHOLDER = 0;

describe.each(RUNTIMES)('finding %s', (runtime) => {
  const [platformPackage, ...rest] = binaryCandidates(runtime);
  const wrapper = rest.at(-1)!;

  it('takes the platform package binary when no postinstall ran', () => {
    const binary = place(platformPackage!, REAL);
    place(wrapper, PLACEHOLDER);
    expect(findRuntime(runtime, nodeModules)).toBe(binary);
  });

  it('takes the main package binary where a postinstall moved it there', () => {
    const binary = place(wrapper, REAL);
    expect(findRuntime(runtime, nodeModules)).toBe(binary);
  });

  it('finds nothing when only a placeholder or shim is installed', () => {
    place(wrapper, PLACEHOLDER);
    expect(findRuntime(runtime, nodeModules)).toBeNull();
  });
});
