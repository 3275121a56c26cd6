import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { APP_ROOT, E2E_DIST } from './browser';

/**
 * Builds the app into its own folder before the end-to-end tests, so they always test the
 * current source and never race a `vite build` of `dist/` running beside them.
 */
export default function setup(): void {
  execFileSync(process.execPath, [join(APP_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', E2E_DIST, '--emptyOutDir', '--logLevel', 'warn'], { cwd: APP_ROOT, stdio: 'inherit' });
}
