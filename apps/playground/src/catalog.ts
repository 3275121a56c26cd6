import { optimizerAliases, optimizerNames, optimizers, type OptimizerEntry } from '@descent/optimizers';
import { parseSchedule, schedule } from '@descent/schedulers';
import { surfaceLr } from '@descent/race';
import { getSurface, surfaces } from '@descent/datasets';
import type { Surface } from '@descent/datasets';
import type { OptimizerCatalog } from './state/runSpec';
import type { SurfaceCatalog } from './state/raceState';
import type { OptionDescriptor } from './state/optionValue';

/** The surface a first visit shows. */
const FIRST_SURFACE = 'rosenbrock';

/** The registered optimizers (aliases such as `momentum` are presets in the UI, not names in links). */
export function optimizerEntry(name: string): OptimizerEntry | undefined {
  return (optimizers as Record<string, OptimizerEntry>)[name];
}

/** Optimizer names, in the registry's order. */
export const OPTIMIZER_NAMES: readonly string[] = optimizerNames;

/** Presets offered by the "add" menu: every algorithm plus the registry's aliases. */
export function presets(): Array<{ label: string; name: string; options: Record<string, unknown> }> {
  const list = optimizerNames.map((name) => ({ label: optimizers[name].title, name: name as string, options: {} as Record<string, unknown> }));
  for (const [alias, [name, options]] of Object.entries(optimizerAliases)) {
    list.splice(1, 0, { label: `SGD + ${alias}`, name, options: { ...options } });
  }
  return list;
}

/** Builds an lr schedule from its text, or throws the scheduler's error. */
export function buildSchedule(text: string, lr: number): (step: number) => number {
  return schedule(parseSchedule(text, { initial: lr }));
}

export const optimizerCatalog: OptimizerCatalog = {
  optionsOf(name) {
    return optimizerEntry(name)?.options as readonly OptionDescriptor[] | undefined;
  },
  checkSchedule(text, lr) {
    try {
      const fn = buildSchedule(text, lr);
      const first = fn(0);
      if (!Number.isFinite(first)) return `it gives ${first} at step 0`;
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  },
};

/** Surface names, the first one shown first. */
export function surfaceNames(): string[] {
  const names = Object.keys(surfaces);
  return names.includes(FIRST_SURFACE) ? [FIRST_SURFACE, ...names.filter((n) => n !== FIRST_SURFACE)] : names;
}

export function surfaceOf(name: string): Surface | undefined {
  return (surfaces as Record<string, Surface>)[name] === undefined ? undefined : getSurface(name);
}

export const surfaceCatalog: SurfaceCatalog = {
  surfaceNames,
  learningRate(surface, name, options) {
    const lr = surfaceLr(surface, name, options);
    return lr === optimizerEntry(name)?.defaults.lr ? undefined : lr;
  },
  viewBoxOf: (name) => surfaceOf(name)?.viewBox,
  startOf(name) {
    const surface = surfaceOf(name);
    const start = surface?.starts[0];
    if (start !== undefined) return [start[0], start[1]];
    if (surface === undefined) return [0, 0];
    const box = surface.viewBox;
    return [(box.xMin + box.xMax) / 2, (box.yMin + box.yMax) / 2];
  },
};
