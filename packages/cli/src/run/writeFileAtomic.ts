import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DescentError } from '@descent/core';

/** The temporary files {@link writeFileAtomic} makes: `.<name>.<pid>.<8 hex>.tmp`. */
const TEMPORARY = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

const REASONS: Readonly<Record<string, string>> = { ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EACCES: 'permission denied', EROFS: 'read-only file system' };

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Flushes a folder's entries (the rename) to disk; some file systems cannot, which is no error. */
function fsyncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR/EINVAL/EPERM: not supported here (Windows, some network file systems).
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes a file so that readers see the old content or the new, never a part, even after an
 * OS crash: the bytes go to a temporary file in the same folder (same filesystem), which is
 * fsynced, then renamed over the target (atomic on POSIX), then the folder is fsynced so that
 * the rename itself is on disk. The temporary file is removed if anything fails, and the
 * target keeps its old content.
 *
 * @example
 * writeFileAtomic('runs/a/summary.json', JSON.stringify(summary));
 * @throws DescentError `IO_ERROR` naming the path and why (`no space left on device (ENOSPC)`); the cause is the system error
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w');
    writeAll(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new DescentError('IO_ERROR', `writeFileAtomic: cannot write ${path}: ${REASONS[code] ?? (error as Error).message} (${code})`, { cause: error, details: { path, errno: code } });
  }
  fsyncFolder(dirname(path));
}

/** {@link writeFileAtomic} of `value` as indented JSON. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Removes the temporary files of {@link writeFileAtomic} that a killed process left in `dir`
 * (`--resume` does this before it continues); returns their names.
 *
 * @param target - only those of this file (a folder shared with other live processes, such as
 *   a sharded sweep's, holds theirs too). Default: every one.
 * @example
 * removeStaleTemporaries('runs/a'); // ['.checkpoint.json.4242.0a1b2c3d.tmp']
 */
export function removeStaleTemporaries(dir: string, target?: string): string[] {
  const stale = readdirSync(dir)
    .filter((name) => TEMPORARY.test(name) && (target === undefined || name.startsWith(`.${target}.`)))
    .sort();
  for (const name of stale) rmSync(join(dir, name), { force: true });
  return stale;
}
