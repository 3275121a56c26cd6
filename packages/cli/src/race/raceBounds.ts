import { DescentError } from '@descent/core';

/**
 * The largest race `descent race` runs, checked before any work. A racer's step costs about
 * 5-10 µs and each point it visits 32 bytes in memory and about 100 bytes in
 * trajectories.json and .csv, so a million points is a few seconds, 32 MB in memory and
 * ~100 MB of files. The pictures: `--size` pixels a side; the animation paints `--frames`
 * frames of `size`² pixels each.
 */
export const RACE_BOUNDS = Object.freeze({
  /** Most updates per racer. */
  steps: 1_000_000,
  /** Most points over all racers: (steps + 1) x racers. */
  points: 1_000_000,
  /** Largest side of the contour picture, in pixels. */
  size: 2000,
  /** Smallest side of the contour picture, in pixels (room for the axes). */
  minSize: 64,
  /** Most animation frames. */
  frames: 1000,
  /** Most pixels painted by the animation: frames x size². */
  animationPixels: 100_000_000,
});

/**
 * Checks the work and memory a race would take against {@link RACE_BOUNDS}.
 *
 * @throws DescentError `INVALID_ARGUMENT` naming the flags and the bound.
 * @example
 * checkRaceWork({ steps: 300, racers: 7, size: 400, frames: 60, animation: true });
 */
export function checkRaceWork(work: { steps: number; racers: number; size: number; frames: number; animation: boolean }): void {
  const points = (work.steps + 1) * work.racers;
  if (points > RACE_BOUNDS.points) {
    throw new DescentError(
      'INVALID_ARGUMENT',
      `race: --steps x racers must be at most ${RACE_BOUNDS.points.toLocaleString('en-US')} points (a few seconds and ~100 MB of files), got ${work.racers} racers x ${(work.steps + 1).toLocaleString('en-US')} points = ${points.toLocaleString('en-US')}; lower --steps or race fewer optimizers`,
    );
  }
  const pixels = work.frames * work.size * work.size;
  if (work.animation && pixels > RACE_BOUNDS.animationPixels) {
    throw new DescentError(
      'INVALID_ARGUMENT',
      `race: the animation's --frames x --size² must be at most ${RACE_BOUNDS.animationPixels.toLocaleString('en-US')} pixels, got ${work.frames} x ${work.size}² = ${pixels.toLocaleString('en-US')}; lower --frames or --size, or pass --no-animation`,
    );
  }
}
