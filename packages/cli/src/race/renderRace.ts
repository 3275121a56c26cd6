import { sampleGrid, surfaceLevels } from '@descent/race';
import type { Surface, Trajectory } from '@descent/race';
import { rasterizeContours } from '../render/contours';
import { svgToPng } from '../render/svgToPng';
import type { PngImage } from '../render/svgToPng';
import { stopwatch } from '../render/stopwatch';
import type { Timing } from '../render/stopwatch';
import { vegaLiteToSvg } from '../render/vegaLiteToSvg';
import { lossChart } from './lossChart';
import { raceAnimation } from './raceAnimation';
import type { AnimationOptions } from './raceAnimation';
import { racePicture, racerColors } from './racePicture';

/** Options of {@link renderRace}. */
export interface RenderRaceOptions {
  /** Side of the contour plot in pixels (the grid is `size` x `size`). Default 400. */
  size?: number;
  /** Contour levels. Default 24. */
  levels?: number;
  /** Picture title. Default: the surface's. */
  title?: string;
  /** Make the animated GIF too; `false` skips it. Default `{}` (60 frames). */
  animation?: AnimationOptions | false;
  /** Make the loss-against-step chart too. Default true. */
  lossChart?: boolean;
}

/** Everything a race draws, with the time each part took (milliseconds). */
export interface RaceRendering {
  svg: string;
  png: PngImage;
  gif?: Uint8Array;
  lossSvg?: string;
  lossPng?: PngImage;
  /** Wall and CPU time of each part; a part not made has zeros. */
  timings: { grid: Timing; picture: Timing; animation: Timing; lossChart: Timing };
}

/**
 * Draws a race: the surface sampled on a `size` x `size` grid, coloured by log-spaced
 * bands (linear on a surface without minima), the trajectories on top (Vega-Lite to SVG,
 * resvg to PNG), the animated GIF and the loss chart.
 *
 * @example
 * const { svg, png, gif } = await renderRace(beale, trajectories, { size: 400 });
 */
export async function renderRace(surface: Surface, trajectories: readonly Trajectory[], options: RenderRaceOptions = {}): Promise<RaceRendering> {
  const size = options.size ?? 400;
  const count = options.levels ?? 24;
  const none: Timing = { wall: 0, cpu: 0 };
  let stop = stopwatch();
  const grid = sampleGrid((x, y) => surface.f(x, y), surface.viewBox, size, size);
  const { floor, levels } = surfaceLevels(surface, grid, count);
  const raster = rasterizeContours(grid, levels, floor);
  const timings = { grid: stop(), picture: none, animation: none, lossChart: none };

  stop = stopwatch();
  const title = options.title === undefined ? {} : { title: options.title };
  const picture = await racePicture(surface, raster, trajectories, title);
  const png = svgToPng(picture.svg);
  timings.picture = stop();

  const out: RaceRendering = { svg: picture.svg, png, timings };
  if (options.animation !== false) {
    stop = stopwatch();
    const bare = await racePicture(surface, raster, trajectories, { ...title, trajectories: false });
    const [left, top] = bare.toPixel(surface.viewBox.xMin, surface.viewBox.yMax);
    const [right, bottom] = bare.toPixel(surface.viewBox.xMax, surface.viewBox.yMin);
    const clip = { left: Math.round(left), top: Math.round(top), right: Math.round(right), bottom: Math.round(bottom) };
    out.gif = raceAnimation(svgToPng(bare.svg), bare, trajectories, racerColors(trajectories.length), clip, options.animation ?? {});
    timings.animation = stop();
  }
  if (options.lossChart !== false) {
    stop = stopwatch();
    out.lossSvg = await vegaLiteToSvg(lossChart(surface, trajectories));
    out.lossPng = svgToPng(out.lossSvg);
    timings.lossChart = stop();
  }
  return out;
}
