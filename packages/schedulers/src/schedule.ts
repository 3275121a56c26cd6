import { productDefinition, sequenceDefinition } from './composite';
import { cosineDefinition, cosineWarmRestartsDefinition, warmupCosineDefinition } from './cosine';
import { cyclicDefinition, oneCycleDefinition } from './cycles';
import {
  constantDefinition,
  exponentialDefinition,
  inverseTimeDefinition,
  multiStepDefinition,
  multiplicativeDefinition,
  polynomialDefinition,
  stepDefinition,
} from './decay';
import type { CompileContext, Definition } from './definition';
import { ScheduleError, describeValue } from './errors';
import { SpecReader } from './specReader';
import { linearWarmupDefinition, constantWarmupDefinition } from './warmup';
import type { Schedule, ScheduleSpec, ScheduleType } from './types';

/** Every definition, in the order of the README's table. */
const definitions: readonly Definition[] = [
  constantDefinition,
  stepDefinition,
  multiStepDefinition,
  exponentialDefinition,
  inverseTimeDefinition,
  polynomialDefinition,
  cosineDefinition,
  cosineWarmRestartsDefinition,
  linearWarmupDefinition,
  constantWarmupDefinition,
  oneCycleDefinition,
  cyclicDefinition,
  multiplicativeDefinition,
  sequenceDefinition,
  productDefinition,
  warmupCosineDefinition,
];

const byType = new Map<string, Definition>(definitions.map((d) => [d.type, d]));

/**
 * The valid `type` names of a {@link ScheduleSpec}, for error messages and help texts.
 *
 * @example
 * console.log(`--schedule: one of ${scheduleTypes.join(', ')}`);
 */
export const scheduleTypes: readonly ScheduleType[] = Object.freeze(definitions.map((d) => d.type));

/** The definition of `type`, or undefined. @internal */
export function definitionOf(type: unknown): Definition | undefined {
  return typeof type === 'string' ? byType.get(type) : undefined;
}

/** Every definition. @internal */
export function allDefinitions(): readonly Definition[] {
  return definitions;
}

/**
 * How deep schedules may nest inside `sequence` and `product` (the spec at the top is depth 1).
 * A bound, so that a spec nested thousands deep gets an error instead of a stack overflow
 * (each step of a nested schedule also recurses once per level).
 */
export const MAX_SCHEDULE_NESTING = 32;

/** Validates `spec` (found at `path`, `depth` levels down) and builds its raw function (steps unchecked). @internal */
export function compileSpec(fn: string, spec: unknown, path: string | undefined, initial: number, depth = 1): Schedule {
  if (depth > MAX_SCHEDULE_NESTING) {
    throw new ScheduleError('INVALID_SCHEDULE', `${fn}: schedules are nested more than ${MAX_SCHEDULE_NESTING} deep (sequence and product inside each other)`, {
      details: { field: path ?? 'spec', max: MAX_SCHEDULE_NESTING },
    });
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ScheduleError('INVALID_SCHEDULE', `${fn}: ${path ?? 'spec'} must be an object with a type, got ${describeValue(spec)}`, {
      details: { field: path ?? 'spec', value: spec },
    });
  }
  const type = (spec as { type?: unknown }).type;
  const definition = definitionOf(type);
  if (definition === undefined) {
    const field = path === undefined ? 'type' : `${path}.type`;
    throw new ScheduleError('INVALID_SCHEDULE', `${fn}: ${field} must be one of ${scheduleTypes.join(', ')}, got ${describeValue(type)}`, {
      details: { field, value: type },
    });
  }
  const context: CompileContext = {
    initial,
    compile: (child, childPath, childInitial) => compileSpec(fn, child, childPath, childInitial, depth + 1),
  };
  return definition.compile(new SpecReader(fn, path ?? definition.type, spec as Record<string, unknown>), context);
}

/**
 * Builds the schedule a spec describes, after validating every field. The result is a pure
 * function of the step (an integer >= 0; anything else throws `INVALID_ARGUMENT`).
 *
 * Specs (fields in torch's names, camelCase; defaults in brackets; `initial` [1] is the base
 * value of every type but `oneCycle` and `cyclic`, so a spec without it is a multiplier):
 * - `constant`
 * - `step`: stepSize, gamma [0.1]
 * - `multiStep`: milestones, gamma [0.1]
 * - `exponential`: gamma
 * - `inverseTime`: decayRate, decaySteps [1], staircase [false]
 * - `polynomial`: totalIters [5], power [1], etaMin [0]
 * - `cosine`: tMax, etaMin [0]
 * - `cosineWarmRestarts`: t0, tMult [1], etaMin [0]
 * - `linearWarmup`: startFactor [1/3], endFactor [1], totalIters [5]
 * - `constantWarmup`: factor [1/3], totalIters [5]
 * - `oneCycle`: maxLr, totalSteps (or epochs and stepsPerEpoch), pctStart [0.3],
 *   annealStrategy ['cos'], divFactor [25], finalDivFactor [1e4], threePhase [false]
 * - `cyclic`: baseLr, maxLr, stepSizeUp [2000], stepSizeDown [stepSizeUp],
 *   mode ['triangular' | 'triangular2' | 'exp_range'], gamma [1]
 * - `multiplicative`: factor
 * - `sequence`: schedules, milestones
 * - `product`: schedules
 * - `warmupCosine`: warmupSteps, totalSteps, startFactor [0], etaMin [0]
 *
 * Errors: `INVALID_SCHEDULE` for a wrong structure (unknown type or field, missing field,
 * wrong JSON type), `INVALID_HYPERPARAMETER` for a value out of range, e.g.
 * `schedule: step.stepSize must be a positive integer, got 0`.
 *
 * @example
 * const lr = schedule({ type: 'step', stepSize: 10, gamma: 0.5, initial: 0.1 }); // halve every 10 epochs
 * lr(25); // 0.025
 * const warm = schedule({
 *   type: 'product', initial: 0.1,
 *   schedules: [{ type: 'linearWarmup', totalIters: 5 }, { type: 'cosine', tMax: 100 }],
 * });
 */
export function schedule(spec: ScheduleSpec): Schedule {
  return checked('schedule', compileSpec('schedule', spec, undefined, 1));
}

/** Wraps a raw schedule so that it rejects steps that are not integers >= 0. @internal */
export function checked(fn: string, raw: Schedule): Schedule {
  return (step: number) => {
    if (!Number.isInteger(step) || step < 0) {
      throw new ScheduleError('INVALID_ARGUMENT', `${fn}: step must be an integer >= 0, got ${describeValue(step)}`, {
        details: { field: 'step', value: step },
      });
    }
    return raw(step);
  };
}
