import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePage, openChromiumPage } from '../testing/chromiumPage';
import type { ChromiumPage } from '../testing/chromiumPage';
import type { BrowserGemmReport } from './browserPage';

// The WebAssembly SIMD products with a Web Worker on shared memory, in Debian's Chromium
// (headless, driven by playwright-core). Shared memory needs a cross-origin isolated page,
// so a local server sends the two headers a host must send.
let server: Server | undefined;
let browser: ChromiumPage | undefined;
let report: BrowserGemmReport;
let consoleErrors: string[] = [];

beforeAll(async () => {
  const script = await bundlePage(fileURLToPath(new URL('./browserPage.ts', import.meta.url)));
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
  browser = await openChromiumPage('descent-gemm-chromium-');
  consoleErrors = browser.consoleErrors;
  await browser.page.goto(`http://127.0.0.1:${port}/`);
  report = (await browser.page.evaluate('runBrowserGemm()')) as BrowserGemmReport;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
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
