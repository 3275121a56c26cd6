import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePage, openChromiumPage } from '../testing/chromiumPage';
import type { ChromiumPage } from '../testing/chromiumPage';
import { data, edges, expectClose, f32, opInputs, ops } from './ops';
import type { ConformanceReport } from './webglPage';

// The conformance suite on tfjs's webgl backend, in a real browser: Debian's Chromium
// (headless, software WebGL 2 through SwiftShader) driven by playwright-core. The page is
// `webglPage.ts`, bundled here with esbuild; the references are computed in Node.
let browser: ChromiumPage | undefined;
let report: ConformanceReport;
let consoleErrors: string[] = [];

beforeAll(async () => {
  const script = await bundlePage(fileURLToPath(new URL('./webglPage.ts', import.meta.url)));
  browser = await openChromiumPage('descent-core-chromium-');
  consoleErrors = browser.consoleErrors;
  await browser.page.setContent('<!doctype html><title>descent core conformance</title>');
  await browser.page.addScriptTag({ content: script });
  report = (await browser.page.evaluate('runConformance()')) as ConformanceReport;
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('backend tfjs-webgl, in Chromium', () => {
  it('runs on tfjs-webgl, without console errors', () => {
    expect(report.backend).toBe('tfjs-webgl');
    expect(report.renderer).not.toBe('unknown');
    expect(consoleErrors).toEqual([]);
  });

  it.each(ops.map((op) => op.name))('%s matches the float64 reference', (name) => {
    const op = ops.find((o) => o.name === name)!;
    const result = report.results.find((r) => r.name === name)!;
    const { xs, ys, zs } = opInputs(op);
    expectClose(result.out, op.ref(xs, ys, zs));
    expectClose(result.yAfter, ys, 0, 0);
  });

  it('maximum and sign on edge values: infinities, zeros, NaN', () => {
    expectClose(report.edges.maximum, f32(edges.maxX.map((v, i) => Math.max(Math.fround(v), Math.fround(edges.maxY[i]!)))), 0, 0);
    expectClose(report.edges.sign, edges.signExpected, 0, 0);
  });

  it('reductions: sumSquares, maxAbs, allFinite', () => {
    const xs = f32(data(4));
    const sum = xs.reduce((s, v) => s + v * v, 0);
    expect(Math.abs(report.reductions.sumSquares - sum)).toBeLessThan(1e-5 * sum);
    expect(report.reductions.maxAbs).toBeCloseTo(Math.max(...xs.map(Math.abs)), 6);
    expect(report.reductions.allFinite).toEqual([true, false, false]);
    expect(Math.abs(report.reductions.listSumSquares - 2 * sum)).toBeLessThan(2e-5 * sum);
    expect(report.reductions.listAllFinite).toEqual([true, false, true]);
    expect(report.reductions.overflowingSumIsFinite).toBe(true);
  });

  it('1,000 Adam-like steps leave tf.memory().numTensors unchanged and update the variable in place', () => {
    expect(report.leak.after).toBe(report.leak.before);
    expect(report.leak.variableMatches).toBe(true);
    expect(report.leak.finite).toBe(true);
  });
});
