/* global fetch, setTimeout, console, process */
// What the benchmarks share: `vite preview` of the built app on a free port, and Debian's
// Chromium (through playwright-core) headless with a fresh profile.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.DESCENT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Serves `distName/` (a folder of the app, `dist` by default) and starts Chromium. Exits with
 * a message when the build is missing. `close()` ends both and removes the profile.
 *
 * @returns {Promise<{ url: string, context: import('playwright-core').BrowserContext, close(): Promise<void> }>}
 * @example
 * const { url, context, close } = await startBench();
 */
export async function startBench(distName = 'dist') {
  const dist = join(root, distName);
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`bench: ${distName}/ is missing; run \`pnpm --filter playground build\` first`);
    process.exit(1);
  }
  const port = 4300 + Math.floor(Math.random() * 500);
  const server = spawn(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--outDir', dist, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: root, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 300) {
      server.kill();
      throw new Error('bench: vite preview did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const profile = mkdtempSync(join(tmpdir(), 'descent-bench-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (error) {
    server.kill();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    context,
    async close() {
      await context.close();
      server.kill();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
