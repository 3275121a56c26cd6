import type { Surface, Trajectory } from '@descent/race';
import { optimizerCatalog } from '../catalog';
import { encodeRace, type RaceState } from '../state/raceState';
import type { RunSpec } from '../state/runSpec';
import { download } from '../ui/h';
import { runLabel } from '../ui/runLabel';

/**
 * The race as JSON: the link that reopens it, the state, the surface, and every run's
 * points (step, x, y, f, lr) with its outcome.
 *
 * @example
 * const json = raceJson(state, surface, trajectories);
 */
export function raceJson(state: RaceState, surface: Surface, trajectories: readonly Trajectory[]): unknown {
  return {
    format: 'descent-race',
    version: 1,
    link: `${location.origin}${location.pathname}#${encodeRace(state, optimizerCatalog)}`,
    state,
    surface: { name: surface.name, title: surface.title, formula: surface.formula, minima: surface.minima },
    runs: trajectories.map((t, i) => ({
      label: runLabel(state.runs[i] as RunSpec),
      ...state.runs[i],
      outcome: t.outcome,
      error: t.error ?? null,
      diverged: t.diverged,
      points: Array.from({ length: t.steps + 1 }, (_, k) => ({ step: k, x: t.xs[k], y: t.ys[k], f: t.losses[k], lr: t.lrs[k] })),
    })),
  };
}

/** Downloads the race as `descent-race-<surface>.json`. */
export function exportJson(state: RaceState, surface: Surface, trajectories: readonly Trajectory[]): void {
  download(new Blob([JSON.stringify(raceJson(state, surface, trajectories), null, 1)], { type: 'application/json' }), `descent-race-${state.surface}.json`);
}

/** Downloads the stage canvas as `descent-race-<surface>.png`. */
export function exportPng(canvas: HTMLCanvasElement, surfaceName: string): void {
  canvas.toBlob((blob) => {
    if (blob !== null) download(blob, `descent-race-${surfaceName}.png`);
  }, 'image/png');
}
