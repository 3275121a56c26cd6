import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';

function same(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * How to run descent again, as the user did, for the hints it prints (`continue with: ...`):
 * `npx @descent/cli` under npx or `npm exec`; `descent` when that name on `PATH` is this
 * program (a global or linked install);
 * else `node <path of the script>` (a checkout). Never `npx descent`, which fetches an
 * unrelated npm package.
 *
 * @example
 * `continue with: ${invocation()} train --out runs/a --resume`; // 'node dist/bin.js train ...' from a checkout
 */
export function invocation(env: Readonly<Record<string, string | undefined>> = process.env, script: string | undefined = process.argv[1]): string {
  if (script === undefined) return 'descent';
  // npx and `npm exec` (a local install, or none): the scoped name is the one that always runs this package.
  if (env.npm_command === 'exec') return 'npx @descent/cli';
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, 'descent');
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    if (same(candidate, script)) return 'descent';
  }
  const path = relative(process.cwd(), script);
  const shown = path.startsWith('..') || path === '' ? script : path;
  return `node ${/[\s'"$]/.test(shown) ? `'${shown.replace(/'/g, "'\\''")}'` : shown}`;
}
