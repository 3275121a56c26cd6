import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestSource } from '@descent/test-utils/newestSource';

// Some tests run the built package in a fresh Node process (as a user imports it): build it
// when a fresh checkout has none, or when a source changed after the last build.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const built = join(root, 'dist', 'index.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource(join(root, 'src'))) {
    execFileSync('npx', ['tsup'], { cwd: root, stdio: 'inherit' });
  }
}
