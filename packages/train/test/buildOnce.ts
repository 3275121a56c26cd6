import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The newest modification time of the package's sources (tests aside), in ms. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

// Some tests run the built package in a fresh Node process (as a user imports it): build it
// when a fresh checkout has none, or when a source changed after the last build.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const built = join(root, 'dist', 'index.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource(join(root, 'src'))) {
    execFileSync('npx', ['tsup'], { cwd: root, stdio: 'inherit' });
  }
}
