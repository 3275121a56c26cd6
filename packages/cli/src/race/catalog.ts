import { DescentError } from '@descent/core';
import type { CpuTensor } from '@descent/core';
import { getSurface, surfaceNames, withNoise } from '@descent/datasets';
import type { Surface } from '@descent/datasets';
import { createOptimizer, optimizerAliases, optimizerNames, optimizers } from '@descent/optimizers';
import type { Optimizer, OptimizerEntry } from '@descent/optimizers';
import { parseOptimizerSpec } from './parseOptimizerSpec';
import type { OptimizerSpec, OptionShape } from './parseOptimizerSpec';

/** Every name `--optimizer` accepts: the registry's algorithms and its aliases (`momentum`, `nesterov`). */
export function racerNames(): string[] {
  return [...optimizerNames, ...Object.keys(optimizerAliases)];
}

function optionShapes(name: string): readonly OptionShape[] | undefined {
  const key = name.toLowerCase();
  const base = optimizerAliases[key]?.[0] ?? key;
  return (optimizers as Record<string, OptimizerEntry | undefined>)[base]?.options;
}

/**
 * Parses `--optimizer NAME[:KEY=VALUE,...]` against the `@descent/optimizers` registry.
 *
 * @example
 * racerSpec('momentum:lr=0.01,momentum=0.9');
 */
export function racerSpec(text: string): OptimizerSpec {
  return parseOptimizerSpec(text, optionShapes, racerNames());
}

/** Builds a racer's optimizer through the registry (`createOptimizer`), which validates its options. */
export function createRacer(spec: OptimizerSpec, params: Record<string, CpuTensor>): Optimizer {
  return createOptimizer(spec.name, params, spec.options);
}

/**
 * The surface called `name`, with Gaussian gradient noise of `noise` std when > 0.
 *
 * @throws DescentError `INVALID_ARGUMENT` naming the known surfaces.
 */
export function raceSurface(name: string): Surface {
  if (!(surfaceNames as readonly string[]).includes(name)) {
    throw new DescentError('INVALID_ARGUMENT', `race: unknown surface '${name}', expected one of ${surfaceNames.join(', ')}`);
  }
  return getSurface(name);
}

/** `surface` with seeded gradient noise (each racer gets the same noise stream). */
export function noisySurface(surface: Surface, std: number, seed: number): Surface {
  return withNoise(surface, { std, seed });
}
