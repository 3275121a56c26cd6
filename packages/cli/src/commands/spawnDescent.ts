import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built command line, `dist/bin.js` (tests that spawn it need `pnpm build` first). */
export const binPath = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/**
 * Runs `node dist/bin.js ...args` and returns its exit code and output: what a user sees.
 * Test helper; throws when the package has not been built.
 */
export function spawnDescent(args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(binPath)) throw new Error(`spawnDescent: ${binPath} does not exist; build the package first (pnpm build)`);
  const result = spawnSync(process.execPath, [binPath, ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
