/* global fetch, setTimeout, console, process */
// Serving the built app and starting Chromium, for the benchmarks and the end-to-end tests
// (e2e/browser.ts) alike: `vite preview` on a free port, and Debian's Chromium (through
// playwright-core) headless with a fresh profile.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Debian's Chromium, or `DESCENT_CHROMIUM`. */
export const CHROMIUM = process.env.DESCENT_CHROMIUM ?? '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Serves the built app in `dist` (an absolute path) with `vite preview` and starts Chromium
 * with a fresh profile. `close()` ends both and removes the profile.
 *
 * @example
 * const { url, context, close } = await startPreview(join(root, 'dist'));
 */
export async function startPreview(dist) {
  const port = await freePort();
  const server = spawn(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--outDir', dist, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: root, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() - started > 60_000 || server.exitCode !== null) {
      server.kill();
      throw new Error('vite preview did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const profile = mkdtempSync(join(tmpdir(), 'descent-chromium-'));
  let context;
  try {
    // A fresh profile directory each time (playwright passes it as --user-data-dir).
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

/**
 * {@link startPreview} of `distName/` (a folder of the app, `dist` by default) for a
 * benchmark: exits with a message when the build is missing.
 *
 * @example
 * const { url, context, close } = await startBench();
 */
export async function startBench(distName = 'dist') {
  const dist = join(root, distName);
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`bench: ${distName}/ is missing; run \`pnpm --filter playground build\` first`);
    process.exit(1);
  }
  return startPreview(dist);
}
