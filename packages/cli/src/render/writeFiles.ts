import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescentError } from '@descent/core';

/**
 * Writes every file into `dir` (created if needed) so that none is ever half-written:
 * each goes to a temporary name first and is renamed once all are written.
 *
 * @returns the paths written.
 * @throws DescentError `IO_ERROR` when the directory or a file cannot be written (temporary files are removed).
 * @example
 * writeFiles('out', { 'race.json': json, 'race.png': png });
 */
export function writeFiles(dir: string, files: Readonly<Record<string, string | Uint8Array>>): string[] {
  const staged: Array<[string, string]> = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      const temporary = `${path}.tmp-${process.pid}`;
      writeFileSync(temporary, content);
      staged.push([temporary, path]);
    }
  } catch (error) {
    for (const [temporary] of staged) rmSync(temporary, { force: true });
    throw new DescentError('IO_ERROR', `writeFiles: cannot write into '${dir}': ${(error as Error).message}`, { cause: error });
  }
  for (const [temporary, path] of staged) renameSync(temporary, path);
  return staged.map(([, path]) => path);
}
