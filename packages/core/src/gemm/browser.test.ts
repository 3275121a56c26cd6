import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserGemmReport } from './browserPage';

// The WebAssembly SIMD products with a Web Worker on shared memory, in Debian's Chromium
// (headless, driven by playwright-core). Shared memory needs a cross-origin isolated page,
// so a local server sends the two headers a host must send.
const CHROMIUM = process.env.DESCENT_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let server: Server | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;
let report: BrowserGemmReport;
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set DESCENT_CHROMIUM)`);
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./browserPage.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  server = createServer((request, response) => {
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    if (request.url === '/page.js') {
      response.setHeader('Content-Type', 'text/javascript');
      response.end(script);
    } else {
      response.setHeader('Content-Type', 'text/html');
      response.end('<!doctype html><title>descent gemm</title><script src="/page.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  profile = mkdtempSync(join(tmpdir(), 'descent-gemm-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  report = (await page.evaluate('runBrowserGemm()')) as BrowserGemmReport;
}, 120_000);

afterAll(async () => {
  await context?.close();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
});

describe('matrix products in Chromium, on a Web Worker', () => {
  it('the page is cross-origin isolated: SIMD, relaxed SIMD and shared memory, one worker started', () => {
    expect(report.crossOriginIsolated).toBe(true);
    expect(report.features).toEqual({ simd: true, relaxedSimd: true, sharedMemory: true });
    expect(report.threads).toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  it('every transpose case matches the float64 reference on every shape', () => {
    expect(report.results).toHaveLength(7);
    for (const r of report.results) {
      expect(r.worst, `${r.label}: ${r.where}`).toBeLessThanOrEqual(1);
      expect(r.operandsKept, r.label).toBe(true);
    }
  });
});
