import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DescentError } from '@descent/core';

/**
 * Checks an output folder before anything is written, without changing anything: it must
 * not exist (or be empty) unless `resume` (it must then exist) or `force`, and it (or the
 * nearest existing parent) must be writable.
 *
 * @example
 * checkOutDir('train', 'runs/a', { resume: false, force: false });
 * @throws DescentError `INVALID_ARGUMENT` (exists; --resume of nothing; both flags), `IO_ERROR` (not writable)
 */
export function checkOutDir(command: string, dir: string, flags: { resume: boolean; force: boolean }): void {
  if (flags.resume && flags.force) throw new DescentError('INVALID_ARGUMENT', `${command}: --resume and --force exclude each other (continue the run, or start over)`, { details: { field: '--force' } });
  const exists = existsSync(dir);
  if (exists && !statSync(dir).isDirectory()) throw new DescentError('IO_ERROR', `${command}: --out must be a folder, got '${dir}' (a file)`, { details: { field: '--out' } });
  const empty = !exists || readdirSync(dir).length === 0;
  if (flags.resume && empty) throw new DescentError('NOT_FOUND', `${command}: --resume needs an existing run in --out, got '${dir}' (${exists ? 'empty' : 'no such folder'})`, { details: { field: '--out' } });
  if (!flags.resume && !flags.force && !empty) {
    throw new DescentError('INVALID_ARGUMENT', `${command}: output folder '${dir}' exists; pass --resume to continue it or --force to overwrite it`, { details: { field: '--out' } });
  }
  let probe = resolve(dir);
  while (!existsSync(probe)) probe = dirname(probe);
  // Creating (and removing) a folder is the only reliable test: access(W_OK) says yes to root on read-only mounts and /proc.
  try {
    rmSync(mkdtempSync(join(probe, '.descent-probe-')), { recursive: true, force: true });
  } catch (error) {
    throw new DescentError('IO_ERROR', `${command}: cannot write to --out '${dir}': '${probe}' is not writable (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      details: { field: '--out' },
    });
  }
}

/**
 * Creates the output folder after {@link checkOutDir} passed and every input was
 * validated: with `force`, an existing folder is emptied first.
 *
 * @example
 * createOutDir('train', 'runs/a', { force: true });
 * @throws DescentError `IO_ERROR` when the folder cannot be created
 */
export function createOutDir(command: string, dir: string, flags: { force: boolean }): void {
  try {
    if (flags.force && existsSync(dir)) {
      for (const entry of readdirSync(dir)) rmSync(resolve(dir, entry), { recursive: true, force: true });
    }
    makeDirectories(resolve(dir));
  } catch (error) {
    throw new DescentError('IO_ERROR', `${command}: cannot create --out '${dir}': ${(error as Error).message}`, { cause: error, details: { field: '--out' } });
  }
}

/** `runs/<command>-<YYYYMMDD-HHMMSS>`: the default output folder. */
export function defaultOutDir(command: string, now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `runs/${command}-${stamp}`;
}

/** `mkdir -p` one level at a time (Node's recursive mkdirSync can loop forever under /proc). */
function makeDirectories(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirectories(parent);
  mkdirSync(dir);
}
