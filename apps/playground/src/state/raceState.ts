import { racePresets } from '@descent/race';
import { decodeValue, encodeValue, joinQuery } from './query';
import { canonicalRun, decodeRun, encodeRun, type OptimizerCatalog, type RunSpec } from './runSpec';

/** What the race codec needs to know about the surfaces. */
export interface SurfaceCatalog {
  /** Names of the surfaces, the default first. */
  surfaceNames(): readonly string[];
  /** The view box of a surface (start points outside it are refused). */
  viewBoxOf(name: string): { xMin: number; xMax: number; yMin: number; yMax: number } | undefined;
  /** The default start point of a surface. */
  startOf(name: string): readonly [number, number];
  /** The lr tuned for optimizer `name` (with `options`) on a surface; undefined when it is the registry's default (links leave defaults out). */
  learningRate(surface: string, name: string, options: Readonly<Record<string, unknown>>): number | undefined;
}

/** Everything the race view shows; the URL hash holds exactly this. */
export interface RaceState {
  surface: string;
  /** Start point (x, y). */
  start: [number, number];
  /** Steps each optimizer takes. */
  steps: number;
  /** Standard deviation of the Gaussian noise added to each gradient component (0: exact gradients). */
  noise: number;
  /** Seed of the gradient noise. */
  seed: number;
  /** Animation speed, steps per frame. */
  speed: number;
  /**
   * Animation position (the playhead): the paths are drawn up to this step, in [0, steps].
   * `steps`, the whole paths, is what a change shows and what a link without `frame` means.
   */
  frame: number;
  runs: RunSpec[];
  /** Index of the run whose basin-of-attraction map is shown, or -1 for none. */
  basin: number;
  /** The lecture scene (a key of `racePresets`) the race was loaded from, whose caption is shown; '' for none. */
  preset: string;
  /** Step mode: arrows for the gradient, the momentum and the step at each racer's point. */
  arrows: boolean;
}

export const RACE_LIMITS = { steps: [1, 5000], noise: [0, 100], speed: [1, 100], runs: 8 } as const;

/** The classic four, each at the lr tuned for `surface`: SGD, momentum 0.9, RMSProp and Adam. */
export function defaultRuns(surfaces: SurfaceCatalog, surface: string): RunSpec[] {
  const runs: RunSpec[] = [
    { name: 'sgd', options: {}, schedule: '' },
    { name: 'sgd', options: { momentum: 0.9 }, schedule: '' },
    { name: 'rmsprop', options: {}, schedule: '' },
    { name: 'adam', options: {}, schedule: '' },
  ];
  return runs.map((run) => withLearningRate(surfaces, surface, run));
}

/** `run` with the lr tuned for `surface` (other options kept; no lr when the tuned one is the registry's default). */
export function withLearningRate(surfaces: SurfaceCatalog, surface: string, run: RunSpec): RunSpec {
  const { lr: _previous, ...rest } = run.options;
  const lr = surfaces.learningRate(surface, run.name, rest);
  return { ...run, options: lr === undefined ? rest : { lr, ...rest } };
}

/** The race a first visit shows: the classic four on the default surface, at its learning rates. */
export function defaultRace(surfaces: SurfaceCatalog): RaceState {
  const surface = surfaces.surfaceNames()[0] ?? 'rosenbrock';
  const [x, y] = surfaces.startOf(surface);
  return { surface, start: [x, y], steps: 500, noise: 0, seed: 1, speed: 4, frame: 500, runs: defaultRuns(surfaces, surface), basin: -1, preset: '', arrows: false };
}

/** The race of lecture scene `name` (a key of `racePresets`): its surface, start, steps, noise and racers, with its caption. */
export function presetRace(name: string, surfaces: SurfaceCatalog, optimizers: OptimizerCatalog): RaceState {
  const preset = racePresets[name];
  if (preset === undefined) return defaultRace(surfaces);
  const runs = preset.racers.map((r) => canonicalRun({ name: r.name, options: { ...(r.options as RunSpec['options']) }, schedule: r.schedule ?? '' }, optimizers.optionsOf(r.name) ?? []));
  const [x, y] = preset.start;
  return { ...defaultRace(surfaces), surface: preset.surface, start: [x, y], steps: preset.steps, noise: preset.noise ?? 0, seed: preset.seed ?? 0, frame: preset.steps, runs, preset: name };
}

/** The hash of a race: `race?surface=...&start=x,y&steps=...&noise=...&seed=...&speed=...&frame=k&opt=...&opt=...&basin=i` (`frame` only before the end). */
export function encodeRace(state: RaceState, optimizers: OptimizerCatalog): string {
  const pairs: Array<[string, string]> = [
    ['surface', encodeValue(state.surface)],
    ['start', `${String(state.start[0])},${String(state.start[1])}`],
    ['steps', String(state.steps)],
    ['noise', String(state.noise)],
    ['seed', String(state.seed)],
    ['speed', String(state.speed)],
  ];
  if (state.frame < state.steps) pairs.push(['frame', String(state.frame)]);
  for (const run of state.runs) pairs.push(['opt', encodeRun(run, optimizers.optionsOf(run.name) ?? [])]);
  if (state.basin >= 0) pairs.push(['basin', String(state.basin)]);
  if (state.preset !== '') pairs.push(['preset', encodeValue(state.preset)]);
  if (state.arrows) pairs.push(['arrows', '1']);
  return `race?${joinQuery(pairs)}`;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function readNumber(raw: string, label: string, range: readonly [number, number], integer: boolean, problems: string[]): number | undefined {
  const text = decodeValue(raw) ?? '';
  const value = NUMBER.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(value) || value < range[0] || value > range[1] || (integer && !Number.isInteger(value))) {
    problems.push(`${label}=${text}: expected ${integer ? 'an integer' : 'a number'} in [${range[0]}, ${range[1]}], using the default`);
    return undefined;
  }
  return value;
}

/**
 * Reads a race from hash pairs. Every field is read on its own: a broken one takes its
 * default and adds a line to `problems`, so a hand-edited link never gives a blank page.
 * No `opt` at all gives the default runs; `opt`s that are all broken give none.
 */
export function decodeRace(
  pairs: ReadonlyArray<readonly [string, string]>,
  surfaces: SurfaceCatalog,
  optimizers: OptimizerCatalog,
): { state: RaceState; problems: string[] } {
  const problems: string[] = [];
  // A link naming a lecture scene starts from that scene; its other fields override it.
  const presetName = decodeValue(pairs.find(([key]) => key === 'preset')?.[1] ?? '') ?? '';
  const state = racePresets[presetName] === undefined ? defaultRace(surfaces) : presetRace(presetName, surfaces, optimizers);
  const runs: RunSpec[] = [];
  let sawRun = false;
  let startText: string | undefined;
  let basin: number | undefined;
  let frame: number | undefined;
  for (const [key, raw] of pairs) {
    switch (key) {
      case 'surface': {
        const name = decodeValue(raw) ?? '';
        if (surfaces.viewBoxOf(name) === undefined) problems.push(`surface '${name}' is unknown, using ${state.surface}`);
        else {
          state.surface = name;
          const [x, y] = surfaces.startOf(name);
          state.start = [x, y];
        }
        break;
      }
      case 'start':
        startText = decodeValue(raw) ?? raw;
        break;
      case 'steps':
        state.steps = readNumber(raw, 'steps', RACE_LIMITS.steps, true, problems) ?? state.steps;
        break;
      case 'noise':
        state.noise = readNumber(raw, 'noise', RACE_LIMITS.noise, false, problems) ?? state.noise;
        break;
      case 'seed':
        state.seed = readNumber(raw, 'seed', [0, 2 ** 32 - 1], true, problems) ?? state.seed;
        break;
      case 'speed':
        state.speed = readNumber(raw, 'speed', RACE_LIMITS.speed, true, problems) ?? state.speed;
        break;
      case 'opt': {
        sawRun = true;
        if (runs.length >= RACE_LIMITS.runs) {
          problems.push(`at most ${RACE_LIMITS.runs} optimizers race; the rest were left out`);
          break;
        }
        const run = decodeRun(raw, optimizers, `optimizer ${runs.length + 1}`, problems);
        if (run !== undefined) runs.push(run);
        break;
      }
      case 'frame':
        frame = readNumber(raw, 'frame', [0, RACE_LIMITS.steps[1]], true, problems);
        break;
      case 'basin':
        basin = readNumber(raw, 'basin', [-1, RACE_LIMITS.runs - 1], true, problems);
        break;
      case 'arrows':
        state.arrows = readNumber(raw, 'arrows', [0, 1], true, problems) === 1;
        break;
      case 'preset': {
        const name = decodeValue(raw) ?? '';
        if (racePresets[name] === undefined) problems.push(`preset '${name}' is unknown, no caption`);
        else state.preset = name;
        break;
      }
      default:
        problems.push(`unknown field '${key}' ignored`);
    }
  }
  if (startText !== undefined) {
    const box = surfaces.viewBoxOf(state.surface);
    const parts = startText.split(',').map((t) => (NUMBER.test(t.trim()) ? Number(t) : NaN));
    const [x, y] = parts as [number, number];
    const ok = parts.length === 2 && Number.isFinite(x) && Number.isFinite(y) && box !== undefined && x >= box.xMin && x <= box.xMax && y >= box.yMin && y <= box.yMax;
    if (ok) state.start = [x, y];
    else problems.push(`start=${startText}: expected x,y inside the surface's view, using (${state.start.join(', ')})`);
  }
  if (sawRun) state.runs = runs;
  else if (state.preset === '') state.runs = defaultRuns(surfaces, state.surface);
  state.frame = state.steps;
  if (frame !== undefined) {
    if (frame <= state.steps) state.frame = frame;
    else problems.push(`frame=${frame}: past the last step (${state.steps}), showing the whole paths`);
  }
  if (basin !== undefined) {
    if (basin < state.runs.length) state.basin = basin;
    else problems.push(`basin=${basin}: there is no optimizer ${basin + 1}, map off`);
  }
  return { state, problems };
}
