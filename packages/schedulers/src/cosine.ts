import { positiveInteger, readInitial, type Definition } from './definition';

/** `etaMin + (top - etaMin) * (1 + cos(pi * t / period)) / 2`: SGDR's eq. (5). */
function cosineBetween(top: number, etaMin: number, t: number, period: number): number {
  return etaMin + ((top - etaMin) * (1 + Math.cos((Math.PI * t) / period))) / 2;
}

/**
 * `cosine` (torch CosineAnnealingLR), closed form. torch 1.13 computes the same curve
 * recursively from the previous learning rate (`get_lr`), which drifts by rounding and
 * compounds with any other change to the learning rate; its own docs give this closed form
 * as the definition. Past `tMax` the cosine continues (periodic, period `2 * tMax`), as
 * torch's does.
 */
export const cosineDefinition: Definition = {
  type: 'cosine',
  usesInitial: true,
  short: { names: ['cosine'], args: [{ field: 'tMax', kind: 'number' }, { field: 'etaMin', kind: 'number' }], required: 1 },
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const tMax = reader.number('tMax', positiveInteger);
    const etaMin = reader.number('etaMin', { default: 0 });
    reader.finish();
    return (step) => cosineBetween(initial, etaMin, step, tMax);
  },
};

/**
 * `cosineWarmRestarts` (torch CosineAnnealingWarmRestarts; SGDR, Loshchilov & Hutter 2017):
 * period `i` lasts `t0 * tMult^i` steps; within it the value is a cosine from `initial` down
 * towards `etaMin`. The period is found by walking the periods (O(log step) for tMult > 1)
 * in integers, not by torch's `log` formula of `step(epoch)`, which misplaces some
 * restarts by rounding (t0 1, tMult 3: step 121 lands in period 4 instead of 5).
 */
export const cosineWarmRestartsDefinition: Definition = {
  type: 'cosineWarmRestarts',
  usesInitial: true,
  short: {
    names: ['sgdr', 'cosine-restarts'],
    args: [{ field: 't0', kind: 'number' }, { field: 'tMult', kind: 'number' }, { field: 'etaMin', kind: 'number' }],
    required: 1,
  },
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const t0 = reader.number('t0', positiveInteger);
    const tMult = reader.number('tMult', { integer: true, min: 1, default: 1 });
    const etaMin = reader.number('etaMin', { default: 0 });
    reader.finish();
    if (tMult === 1) return (step) => cosineBetween(initial, etaMin, step % t0, t0);
    return (step) => {
      let tCur = step;
      let period = t0;
      while (tCur >= period) {
        tCur -= period;
        period *= tMult;
      }
      return cosineBetween(initial, etaMin, tCur, period);
    };
  },
};

/**
 * `warmupCosine`: linear from `initial * startFactor` (step 0) to `initial` (step
 * `warmupSteps`), cosine down to `etaMin` at `totalSteps`, `etaMin` after (optax
 * `warmup_cosine_decay_schedule`, whose `decay_steps` is our `totalSteps`).
 */
export const warmupCosineDefinition: Definition = {
  type: 'warmupCosine',
  usesInitial: true,
  short: {
    names: ['warmup-cosine'],
    args: [{ field: 'warmupSteps', kind: 'number' }, { field: 'totalSteps', kind: 'number' }, { field: 'etaMin', kind: 'number' }],
    required: 2,
  },
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const warmupSteps = reader.number('warmupSteps', { integer: true, min: 0 });
    const totalSteps = reader.number('totalSteps', { integer: true, min: warmupSteps, minExclusive: true });
    const startFactor = reader.number('startFactor', { min: 0, max: 1, default: 0 });
    const etaMin = reader.number('etaMin', { default: 0 });
    reader.finish();
    const decaySteps = totalSteps - warmupSteps;
    return (step) => {
      if (step < warmupSteps) return initial * (startFactor + ((1 - startFactor) * step) / warmupSteps);
      if (step >= totalSteps) return etaMin;
      return cosineBetween(initial, etaMin, step - warmupSteps, decaySteps);
    };
  },
};
