import { gif as gifenc } from '../render/gif';
import { IndexedCanvas } from '../render/indexedCanvas';
import type { Clip } from '../render/indexedCanvas';
import type { PngImage } from '../render/svgToPng';
import type { RacePicture } from './racePicture';
import type { Trajectory } from '@descent/race';

/** Options of {@link raceAnimation}. */
export interface AnimationOptions {
  /** Frames, the last one showing the whole race. Default 60. */
  frames?: number;
  /** Milliseconds per frame. Default 60. */
  delay?: number;
  /** Milliseconds the last frame stays. Default 2000. */
  hold?: number;
}

function hexToRgb(hex: string): number[] {
  const n = parseInt(hex.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

/**
 * The race as an animated GIF: the picture of the surface (contours, axes, legend) drawn
 * once by Vega and resvg, then each frame paints the trajectories up to its step with a
 * dot at each racer's current position, and a bar along the bottom edge shows how far the
 * race has gone. Frames after the first carry only the pixels that
 * changed (the rest transparent), which keeps the file small.
 *
 * @param background - the race picture without trajectories, rasterised.
 * @param picture - its geometry (where a point of the plane falls in the picture).
 * @param colors - one `#rrggbb` per trajectory.
 * @example
 * const gif = raceAnimation(background, picture, trajectories, colors, plotClip, { frames: 60 });
 */
export function raceAnimation(
  background: PngImage,
  picture: RacePicture,
  trajectories: readonly Trajectory[],
  colors: readonly string[],
  clip: Clip,
  options: AnimationOptions = {},
): Uint8Array {
  const frames = Math.max(2, options.frames ?? 60);
  const delay = options.delay ?? 60;
  const hold = options.hold ?? 2000;
  const { width, height } = background;
  // Palette: the background's colours, then white (casing), each racer's colour, grey (the
  // progress bar along the bottom edge), and a transparent slot.
  const reserved = 3 + trajectories.length;
  const palette = gifenc.quantize(background.pixels, 256 - reserved);
  const white = palette.length;
  const racer = (i: number): number => white + 1 + i;
  const grey = white + 1 + trajectories.length;
  const transparent = grey + 1;
  palette.push([255, 255, 255], ...colors.map(hexToRgb), [110, 110, 110], [0, 0, 0]);
  const trail = new IndexedCanvas(width, height, gifenc.applyPalette(background.pixels, palette.slice(0, white)));
  const pixels = trajectories.map((t) => Array.from({ length: t.steps + 1 }, (_, i) => picture.toPixel(t.xs[i]!, t.ys[i]!)));
  const drawn = trajectories.map(() => 0);
  const maxSteps = Math.max(...trajectories.map((t) => t.steps));
  const gif = gifenc.GIFEncoder();
  let previous: Uint8Array | null = null;
  for (let k = 0; k < frames; k++) {
    const upTo = Math.round((k * maxSteps) / (frames - 1));
    trajectories.forEach((t, r) => {
      const path = pixels[r]!;
      const end = Math.min(upTo, t.steps);
      // The white casing of the new segments first, then their colour (and the previous
      // segment's again, which the casing's round cap has just covered).
      for (let i = drawn[r]!; i < end; i++) trail.segment(...path[i]!, ...path[i + 1]!, 2.2, white, clip);
      for (let i = Math.max(drawn[r]! - 1, 0); i < end; i++) trail.segment(...path[i]!, ...path[i + 1]!, 1.1, racer(r), clip);
      drawn[r] = Math.max(drawn[r]!, end);
    });
    const frame = trail.clone();
    // How far the race is: a bar along the bottom edge of the picture.
    const bar = Math.round((width * upTo) / Math.max(maxSteps, 1));
    for (let row = height - 3; row < height; row++) frame.pixels.fill(grey, row * width, row * width + bar);
    trajectories.forEach((t, r) => {
      const [x, y] = pixels[r]![Math.min(upTo, t.steps)]!;
      frame.disc(x, y, 5, white, clip);
      frame.disc(x, y, 3.8, racer(r), clip);
    });
    const last = k === frames - 1;
    if (previous === null) {
      gif.writeFrame(frame.pixels, width, height, { palette, delay, repeat: 0 });
    } else {
      const delta = new Uint8Array(frame.pixels.length);
      for (let i = 0; i < delta.length; i++) delta[i] = frame.pixels[i] === previous[i] ? transparent : frame.pixels[i]!;
      gif.writeFrame(delta, width, height, { delay: last ? hold : delay, transparent: true, transparentIndex: transparent, dispose: 1 });
    }
    previous = frame.pixels;
  }
  gif.finish();
  return gif.bytes();
}
