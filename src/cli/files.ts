// Writing a file that carries a secret (a QR code of a Key URI). The file is always a new one,
// created by us with mode 600 and renamed into place, so an existing file's looser mode is never
// kept and a symbolic link planted at the path is never followed.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from './errors.js';

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'write failed';
}

function describeKind(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/** Refuses a path that exists and is anything but a regular file (a link, a directory, a FIFO…). */
function checkTarget(path: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw new UsageError(`cannot write ${path}: ${errorCode(error)}`);
  }
  if (!stats.isFile()) throw new UsageError(`refusing to write ${path}: it is ${describeKind(stats)}`);
}

/**
 * Writes `data` to `path` as a file readable and writable by its owner only (mode 600).
 *
 * The data goes to a new file in the same directory, created exclusively (`wx`) with mode 600,
 * synced, then renamed over `path`. An existing regular file is replaced, not written through, so it
 * ends with mode 600 whatever its mode was, and its other hard links keep their old contents. A path
 * that is a symbolic link, a directory or another special file is refused; a link put there between
 * the check and the rename is replaced, not followed, since rename never follows the new name.
 *
 * @param path - the file to write
 * @param data - its contents
 * @throws {UsageError} when the path is not a regular file or the file cannot be written
 */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  checkTarget(path);
  const temporary = join(dirname(path), `.mfakit-${randomBytes(8).toString('hex')}.tmp`);
  let fd: number | undefined;
  let created = false;
  try {
    fd = openSync(temporary, 'wx', 0o600);
    created = true;
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    if (created) unlinkQuietly(temporary);
    throw new UsageError(`cannot write ${path}: ${errorCode(error)}`);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or the directory became unwritable: nothing more can be done about it here.
  }
}
