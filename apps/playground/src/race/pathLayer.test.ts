import { describe, expect, it } from 'vitest';
import { getSurface } from '@descent/datasets';
import { runRace } from '@descent/race';
import { drawPaths, type ToPixels } from './pathLayer';

/** The vertices of every stroked path (the canvas is Chromium's in the end-to-end tests; here only what is asked of it). */
function recordPaths(draw: (ctx: CanvasRenderingContext2D) => void): Array<Array<[number, number]>> {
  const paths: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  const ctx = {
    canvas: { width: 660, height: 660 },
    beginPath: () => (current = []),
    moveTo: (x: number, y: number) => current.push([x, y]),
    lineTo: (x: number, y: number) => current.push([x, y]),
    stroke: () => paths.push(current),
    arc: () => undefined,
    fill: () => undefined,
    fillText: () => undefined,
  };
  draw(ctx as unknown as CanvasRenderingContext2D);
  return paths;
}

describe('drawPaths', () => {
  const surface = getSurface('rosenbrock');
  const [sgd] = runRace({ surface, start: [-1.5, 2], steps: 500, racers: [{ name: 'sgd', options: { lr: 1e-3 }, label: 'SGD' }] });
  const b = surface.viewBox;
  const toPx: ToPixels = (x, y) => [((x - b.xMin) / (b.xMax - b.xMin)) * 660, ((b.yMax - y) / (b.yMax - b.yMin)) * 660];

  it('draws a vertex only where the path has moved half a pixel since the last one, always the first and the last', () => {
    const [path] = recordPaths((ctx) => drawPaths(ctx, [sgd!], 500, toPx, 1));
    const all = Array.from({ length: 501 }, (_, k) => toPx(sgd!.xs[k]!, sgd!.ys[k]!));
    expect(path![0]).toEqual(all[0]);
    expect(path!.at(-1)).toEqual(all[500]);
    // SGD at 1e-3 crawls along the valley: about half of its 500 steps are under half a pixel.
    expect(path!.length).toBeLessThan(all.length * 0.6);
    for (let k = 1; k < path!.length - 1; k++) {
      const [x0, y0] = path![k - 1]!;
      const [x1, y1] = path![k]!;
      expect(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))).toBeGreaterThanOrEqual(0.5);
    }
    // Every point left out is within half a pixel (on each axis) of the vertex drawn before it.
    let j = 0;
    for (const [x, y] of all) {
      if (j + 1 < path!.length && x === path![j + 1]![0] && y === path![j + 1]![1]) j++;
      expect(Math.max(Math.abs(x - path![j]![0]), Math.abs(y - path![j]![1]))).toBeLessThan(0.5 + 1e-9);
    }
  });

  it('keeps every vertex of a path whose steps are all longer than half a pixel, and stops at the playhead', () => {
    const big: ToPixels = (x, y) => [x * 1e6, y * 1e6];
    const [path] = recordPaths((ctx) => drawPaths(ctx, [sgd!], 120, big, 1));
    expect(path).toEqual(Array.from({ length: 121 }, (_, k) => big(sgd!.xs[k]!, sgd!.ys[k]!)));
  });
});
