import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The end-to-end tests spawn the built binary; build it when a fresh checkout has none.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (!existsSync(`${root}dist/bin.js`) || !existsSync(`${root}dist/sweepWorker.js`)) {
    execFileSync('npx', ['tsup'], { cwd: root, stdio: 'inherit' });
  }
}
