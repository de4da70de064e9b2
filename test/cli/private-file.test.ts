// `mfakit qr --png/--svg` writes an image that carries the secret. It must end as a new file of mode
// 600 whatever was at the path, and must never write through a symbolic link or into a special file.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { writePrivateFile } from '../../src/cli/files.js';
import { mfakit, requireBuiltCli } from './run.js';

const URI = 'otpauth://totp/Acme:ada?secret=KRSXG5CTMVRXEZLUKRSXG5CT&issuer=Acme';
const root = mkdtempSync(join(tmpdir(), 'mfakit-private-'));
let count = 0;

/** A new empty directory for one test, so that leftover temporary files can be counted. */
function freshDir(): string {
  const dir = join(root, `t${count++}`);
  mkdirSync(dir);
  return dir;
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('writePrivateFile', () => {
  it('creates a new file with mode 600 and nothing else in the directory', () => {
    const dir = freshDir();
    writePrivateFile(join(dir, 'new.svg'), '<svg/>');
    expect(mode(join(dir, 'new.svg'))).toBe(0o600);
    expect(readFileSync(join(dir, 'new.svg'), 'utf8')).toBe('<svg/>');
    expect(readdirSync(dir)).toEqual(['new.svg']);
  });

  it('replaces an existing world-readable file, which ends with mode 600', () => {
    const dir = freshDir();
    const file = join(dir, 'old.png');
    writeFileSync(file, 'old contents that are longer than the new ones');
    chmodSync(file, 0o644);
    writePrivateFile(file, new Uint8Array([1, 2, 3]));
    expect(mode(file)).toBe(0o600);
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['old.png']);
  });

  it('refuses a symbolic link, leaving the link and its target untouched', () => {
    const dir = freshDir();
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'do not touch');
    chmodSync(target, 0o644);
    const link = join(dir, 'link.svg');
    symlinkSync(target, link);
    expect(() => writePrivateFile(link, '<svg/>')).toThrow(UsageError);
    expect(() => writePrivateFile(link, '<svg/>')).toThrow(/symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('do not touch');
    expect(mode(target)).toBe(0o644);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readdirSync(dir).sort()).toEqual(['link.svg', 'target.txt']);
  });

  it('refuses a dangling symbolic link without creating its target', () => {
    const dir = freshDir();
    const link = join(dir, 'dangling.png');
    symlinkSync(join(dir, 'created-through-link.png'), link);
    expect(() => writePrivateFile(link, 'x')).toThrow(/symbolic link/);
    expect(readdirSync(dir)).toEqual(['dangling.png']);
  });

  it('refuses a directory', () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'sub.svg'));
    expect(() => writePrivateFile(join(dir, 'sub.svg'), 'x')).toThrow(/a directory/);
    expect(readdirSync(join(dir, 'sub.svg'))).toEqual([]);
  });

  it.runIf(spawnSync('mkfifo', ['--version']).status === 0)(
    'refuses a FIFO instead of blocking on it',
    () => {
      const dir = freshDir();
      const fifo = join(dir, 'pipe.svg');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      expect(() => writePrivateFile(fifo, 'x')).toThrow(/not a regular file/);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    },
  );

  it('reports a missing directory as a UsageError and leaves no temporary file', () => {
    const dir = freshDir();
    expect(() => writePrivateFile(join(dir, 'missing', 'a.svg'), 'x')).toThrow(/cannot write .*ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('mfakit qr writes privately', () => {
  beforeAll(requireBuiltCli);

  it('--png through a symbolic link is refused (exit 2) and the linked file is untouched', () => {
    const dir = freshDir();
    const target = join(dir, 'important.txt');
    writeFileSync(target, 'keep me');
    symlinkSync(target, join(dir, 'enrol.png'));
    const run = mfakit(['qr', URI, '--png', join(dir, 'enrol.png')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^mfakit: refusing to write .*enrol\.png: it is a symbolic link\n$/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('--svg over an existing 644 file leaves a 600 file', () => {
    const dir = freshDir();
    const file = join(dir, 'enrol.svg');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    expect(mfakit(['qr', URI, '--svg', file]).status).toBe(0);
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^<svg /);
  });
});
