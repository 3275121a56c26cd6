import { positive, positiveInteger, readInitial, type Definition } from './definition';
import type { ScheduleType } from './types';

/*
 * Decays written in closed form. torch computes most of these in a "chainable" form
 * (multiplying the previous learning rate by a factor at each `step()`), which drifts by
 * rounding and, worse, compounds with any other change made to the learning rate. The
 * closed forms below agree with torch's sequences within 1e-15 relative on the fixtures.
 */

/** `constant`: `initial`. */
export const constantDefinition: Definition = {
  type: 'constant',
  usesInitial: true,
  short: { names: ['constant'], args: [], required: 0 },
  compile(reader, context) {
    const initial = readInitial(reader, context);
    reader.finish();
    return () => initial;
  },
};

/** `step` (torch StepLR): `initial * gamma^floor(step / stepSize)`. */
export const stepDefinition: Definition = {
  type: 'step',
  usesInitial: true,
  short: { names: ['step'], args: [{ field: 'stepSize', kind: 'number' }, { field: 'gamma', kind: 'number' }], required: 1 },
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const stepSize = reader.number('stepSize', positiveInteger);
    const gamma = reader.number('gamma', { ...positive, default: 0.1 });
    reader.finish();
    return (step) => initial * gamma ** Math.floor(step / stepSize);
  },
};

/** `multiStep` (torch MultiStepLR): `initial * gamma^(number of milestones <= step)`. */
export const multiStepDefinition: Definition = {
  type: 'multiStep',
  usesInitial: true,
  short: { names: ['multistep'], args: [{ field: 'milestones', kind: 'list' }, { field: 'gamma', kind: 'number' }], required: 1 },
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const milestones = reader.milestones('milestones');
    const gamma = reader.number('gamma', { ...positive, default: 0.1 });
    reader.finish();
    return (step) => initial * gamma ** countAtOrBelow(milestones, step);
  },
};

/** How many of the increasing `milestones` are `<= step` (binary search; torch's `bisect_right`). */
export function countAtOrBelow(milestones: readonly number[], step: number): number {
  let lo = 0;
  let hi = milestones.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((milestones[mid] as number) <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A geometric decay `initial * rate^step` whose rate (> 0, required) is the field `field`:
 * torch's ExponentialLR and MultiplicativeLR with a constant factor are this one sequence
 * under two names.
 */
function geometricDefinition(type: ScheduleType, field: string, names: string[]): Definition {
  return {
    type,
    usesInitial: true,
    short: { names, args: [{ field, kind: 'number' }], required: 1 },
    compile(reader, context) {
      const initial = readInitial(reader, context);
      const rate = reader.number(field, positive);
      reader.finish();
      return (step) => initial * rate ** step;
    },
  };
}

/** `exponential` (torch ExponentialLR): `initial * gamma^step`. */
export const exponentialDefinition: Definition = /* @__PURE__ */ geometricDefinition('exponential', 'gamma', ['exp', 'exponential']);

/** `multiplicative` (torch MultiplicativeLR with a constant factor): `initial * factor^step`. */
export const multiplicativeDefinition: Definition = /* @__PURE__ */ geometricDefinition('multiplicative', 'factor', ['mult', 'multiplicative']);

/** `inverseTime` (Keras InverseTimeDecay): `initial / (1 + decayRate * step / decaySteps)`. */
export const inverseTimeDefinition: Definition = {
  type: 'inverseTime',
  usesInitial: true,
  short: { names: ['invtime', 'inverse-time'], args: [{ field: 'decayRate', kind: 'number' }, { field: 'decaySteps', kind: 'number' }], required: 1 },
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const decayRate = reader.number('decayRate', { min: 0 });
    const decaySteps = reader.number('decaySteps', { ...positiveInteger, default: 1 });
    const staircase = reader.boolean('staircase', false);
    reader.finish();
    return staircase
      ? (step) => initial / (1 + decayRate * Math.floor(step / decaySteps))
      : (step) => initial / (1 + (decayRate * step) / decaySteps);
  },
};

/**
 * `polynomial` (torch PolynomialLR, plus optax's end value):
 * `etaMin + (initial - etaMin) * (1 - min(step, totalIters) / totalIters)^power`.
 */
export const polynomialDefinition: Definition = {
  type: 'polynomial',
  usesInitial: true,
  short: {
    names: ['poly', 'polynomial'],
    args: [{ field: 'totalIters', kind: 'number' }, { field: 'power', kind: 'number' }, { field: 'etaMin', kind: 'number' }],
    required: 1,
  },
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const totalIters = reader.number('totalIters', { ...positiveInteger, default: 5 });
    const power = reader.number('power', { ...positive, default: 1 });
    const etaMin = reader.number('etaMin', { default: 0 });
    reader.finish();
    return (step) => etaMin + (initial - etaMin) * (1 - Math.min(step, totalIters) / totalIters) ** power;
  },
};
