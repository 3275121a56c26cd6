import { encode } from 'fast-png';
import { View, parse, scheme } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { plainFormula } from '@descent/race';
import type { Surface, Trajectory, ViewBox } from '@descent/race';
import type { ContourRaster } from '../render/contours';

/** Colours of the racers, in order (Vega's `tableau10`, which stands out on `viridis`). */
export function racerColors(count: number): string[] {
  const colors = scheme('tableau10') as string[];
  return Array.from({ length: count }, (_, i) => colors[i % colors.length]!);
}

/** The race picture as SVG, with what is needed to draw into its pixels (the animation). */
export interface RacePicture {
  svg: string;
  /** Size of the whole picture in pixels (plot, axes, legend, title). */
  width: number;
  height: number;
  /** Pixel position of a point of the plane in the picture. */
  toPixel(x: number, y: number): [number, number];
}

/**
 * The steps of a trajectory worth drawing in a `width` x `height` plot of `box`: each point
 * at least half a pixel from the last one kept (first and last always kept). A racer that
 * settles on a minimum takes hundreds of steps inside one pixel; dropping them keeps the
 * picture the same and Vega's work small.
 */
export function visibleSteps(t: Trajectory, box: ViewBox, width: number, height: number): number[] {
  const sx = width / (box.xMax - box.xMin);
  const sy = height / (box.yMax - box.yMin);
  const kept = [0];
  let [lx, ly] = [t.xs[0]! * sx, t.ys[0]! * sy];
  for (let i = 1; i < t.steps; i++) {
    const x = t.xs[i]! * sx;
    const y = t.ys[i]! * sy;
    if ((x - lx) ** 2 + (y - ly) ** 2 >= 0.25 || !Number.isFinite(x + y)) {
      kept.push(i);
      lx = x;
      ly = y;
    }
  }
  if (t.steps > 0) kept.push(t.steps);
  return kept;
}

function rasterUrl(raster: ContourRaster): string {
  const png = encode({ width: raster.width, height: raster.height, data: raster.rgba, channels: 4 });
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}

/**
 * The race over the filled log-spaced contours of the surface: a Vega-Lite layered chart
 * whose first layer is the contour raster (one image pixel per plot pixel), then each
 * trajectory as a line, the start, the final points, and the surface's minima.
 *
 * @param options.trajectories - set to `false` to draw the surface alone (the animation's background).
 * @example
 * const picture = await racePicture(beale, raster, trajectories, { title: 'Beale' });
 */
export async function racePicture(
  surface: Surface,
  raster: ContourRaster,
  trajectories: readonly Trajectory[],
  options: { title?: string; trajectories?: boolean } = {},
): Promise<RacePicture> {
  const box: ViewBox = surface.viewBox;
  const labels = trajectories.map((t) => t.label);
  const colors = racerColors(labels.length);
  const drawPaths = options.trajectories !== false;
  const path = drawPaths
    ? trajectories.flatMap((t) => visibleSteps(t, box, raster.width, raster.height).map((i) => ({ racer: t.label, step: i, x: t.xs[i]!, y: t.ys[i]! })))
    : [];
  const finals = drawPaths ? trajectories.filter((t) => !t.diverged).map((t) => ({ racer: t.label, x: t.xs[t.steps]!, y: t.ys[t.steps]! })) : [];
  const start = trajectories[0] === undefined ? [] : [{ x: trajectories[0].xs[0]!, y: trajectories[0].ys[0]! }];
  const x = { field: 'x', type: 'quantitative', scale: { domain: [box.xMin, box.xMax], nice: false, zero: false }, axis: { title: 'x', grid: false } } as const;
  const y = { field: 'y', type: 'quantitative', scale: { domain: [box.yMin, box.yMax], nice: false, zero: false }, axis: { title: 'y', grid: false } } as const;
  const color = {
    field: 'racer',
    type: 'nominal',
    title: 'optimizer',
    scale: { domain: labels, range: colors },
    legend: { labelLimit: 260, symbolType: 'stroke', symbolStrokeWidth: 3 },
  } as const;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: raster.width,
    height: raster.height,
    background: 'white',
    title: { text: options.title ?? surface.title ?? 'race', subtitle: plainFormula(surface.formula ?? '') },
    layer: [
      {
        data: { values: [{ x: box.xMin, y: box.yMax, url: rasterUrl(raster) }] },
        mark: { type: 'image', width: raster.width, height: raster.height, align: 'left', baseline: 'top', aspect: false, aria: false },
        encoding: { x, y, url: { field: 'url', type: 'nominal' } },
      },
      {
        // A white casing under each path keeps every colour readable on every band.
        data: { values: path },
        mark: { type: 'line', strokeWidth: 4.5, stroke: 'white', opacity: 0.85, clip: true, aria: false },
        encoding: { x, y, order: { field: 'step', type: 'quantitative' }, detail: { field: 'racer' } },
      },
      {
        data: { values: path },
        mark: { type: 'line', strokeWidth: 2, clip: true, aria: false },
        encoding: { x, y, color, order: { field: 'step', type: 'quantitative' }, detail: { field: 'racer' } },
      },
      {
        data: { values: finals },
        mark: { type: 'point', filled: true, size: 60, stroke: 'white', strokeWidth: 1, opacity: 1, clip: true, aria: false },
        encoding: { x, y, color },
      },
      {
        data: { values: start },
        mark: { type: 'point', shape: 'circle', size: 110, filled: false, stroke: 'white', strokeWidth: 2.5, clip: true, aria: false },
        encoding: { x, y },
      },
      {
        data: { values: surface.minima.map((m) => ({ x: m.x, y: m.y, kind: m.kind })) },
        mark: { type: 'point', shape: 'cross', size: 160, filled: true, fill: 'white', stroke: 'black', strokeWidth: 0.8, opacity: 1, clip: true, aria: false },
        encoding: { x, y },
      },
    ],
    config: { view: { stroke: null }, font: 'DejaVu Sans' },
  } as unknown as TopLevelSpec;
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    await view.runAsync();
    const svg = await view.toSVG();
    const [ox, oy] = view.origin();
    const sx = view.scale('x') as (v: number) => number;
    const sy = view.scale('y') as (v: number) => number;
    const size = /width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
    return {
      svg,
      width: Number(size?.[1] ?? 0),
      height: Number(size?.[2] ?? 0),
      toPixel: (px, py) => [ox + sx(px), oy + sy(py)],
    };
  } finally {
    view.finalize();
  }
}
