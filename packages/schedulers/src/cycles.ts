import { positive, positiveInteger, type Definition } from './definition';

interface Phase {
  end: number;
  from: number;
  to: number;
}

/**
 * `oneCycle` (torch OneCycleLR; Smith & Topin 2018), with torch's phase boundaries:
 * phase 1 ends at step `pctStart * totalSteps - 1`, (three-phase: phase 2 at
 * `2 * pctStart * totalSteps - 2`), the last at `totalSteps - 1`; within a phase the value
 * moves from `from` to `to` by half a cosine or a line.
 *
 * Differs from torch at one point: torch accepts step `totalSteps` (one past the last phase)
 * and extrapolates the last phase there (a value above the minimum with `'cos'`, a negative
 * learning rate with `'linear'`), and raises after it. Here every step `>= totalSteps - 1`
 * holds the final value `maxLr / divFactor / finalDivFactor`.
 */
export const oneCycleDefinition: Definition = {
  type: 'oneCycle',
  usesInitial: false,
  short: {
    names: ['onecycle', 'one-cycle'],
    args: [{ field: 'maxLr', kind: 'number' }, { field: 'totalSteps', kind: 'number' }, { field: 'pctStart', kind: 'number' }],
    required: 2,
  },
  compile(reader) {
    const maxLr = reader.number('maxLr', positive);
    const given = reader.optionalNumber('totalSteps', positiveInteger);
    const epochs = reader.optionalNumber('epochs', positiveInteger);
    const stepsPerEpoch = reader.optionalNumber('stepsPerEpoch', positiveInteger);
    let totalSteps: number;
    if (given !== undefined) {
      if (epochs !== undefined || stepsPerEpoch !== undefined) {
        reader.fail('INVALID_SCHEDULE', 'totalSteps', 'given alone, not with epochs and stepsPerEpoch', given);
      }
      totalSteps = given;
    } else {
      if (epochs === undefined) return reader.fail('INVALID_SCHEDULE', 'totalSteps', 'given (or epochs and stepsPerEpoch)', undefined);
      if (stepsPerEpoch === undefined) return reader.fail('INVALID_SCHEDULE', 'stepsPerEpoch', 'given with epochs', undefined);
      totalSteps = epochs * stepsPerEpoch;
    }
    const pctStart = reader.number('pctStart', { min: 0, max: 1, minExclusive: true, maxExclusive: true, default: 0.3 });
    const annealStrategy = reader.choice('annealStrategy', ['cos', 'linear'] as const, 'cos');
    const divFactor = reader.number('divFactor', { ...positive, default: 25 });
    const finalDivFactor = reader.number('finalDivFactor', { ...positive, default: 1e4 });
    const threePhase = reader.boolean('threePhase', false);
    reader.finish();

    const initialLr = maxLr / divFactor;
    const minLr = initialLr / finalDivFactor;
    const last = totalSteps - 1;
    const rise = pctStart * totalSteps - 1;
    const phases: Phase[] = threePhase
      ? [
          { end: rise, from: initialLr, to: maxLr },
          { end: 2 * pctStart * totalSteps - 2, from: maxLr, to: initialLr },
          { end: last, from: initialLr, to: minLr },
        ]
      : [
          { end: rise, from: initialLr, to: maxLr },
          { end: last, from: maxLr, to: minLr },
        ];
    // Every phase must span some steps, or torch's formula divides by zero (or runs backwards).
    const upper = threePhase ? (totalSteps + 1) / (2 * totalSteps) : 1;
    if (!(rise > 0) || !(pctStart < upper)) {
      reader.fail('INVALID_HYPERPARAMETER', 'pctStart', `a number in (${1 / totalSteps}, ${upper}) for totalSteps ${totalSteps}${threePhase ? ' and threePhase' : ''} (every phase at least one step)`, pctStart);
    }
    const anneal =
      annealStrategy === 'cos'
        ? (from: number, to: number, pct: number) => to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1)
        : (from: number, to: number, pct: number) => (to - from) * pct + from;
    return (step) => {
      const s = Math.min(step, last);
      let start = 0;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i] as Phase;
        if (s <= phase.end || i === phases.length - 1) return anneal(phase.from, phase.to, (s - start) / (phase.end - start));
        start = phase.end;
      }
      return minLr; // unreachable: the last phase always returns
    };
  },
};

/**
 * `cyclic` (torch CyclicLR; Smith 2017), torch's formula:
 * `cycle = floor(1 + step / (up + down))`, `x = 1 + step / (up + down) - cycle`, the
 * triangle height `x / ratio` going up and `(x - 1) / (ratio - 1)` going down
 * (`ratio = up / (up + down)`), scaled by 1 (`triangular`), `1 / 2^(cycle - 1)`
 * (`triangular2`) or `gamma^step` (`exp_range`). torch's `cycleMomentum` is a second
 * `cyclic` spec on the momentum with `baseLr` and `maxLr` swapped.
 */
export const cyclicDefinition: Definition = {
  type: 'cyclic',
  usesInitial: false,
  short: {
    names: ['cyclic'],
    args: [
      { field: 'baseLr', kind: 'number' },
      { field: 'maxLr', kind: 'number' },
      { field: 'stepSizeUp', kind: 'number' },
      { field: 'mode', kind: 'word' },
    ],
    required: 2,
  },
  compile(reader) {
    const baseLr = reader.number('baseLr');
    const maxLr = reader.number('maxLr');
    const stepSizeUp = reader.number('stepSizeUp', { ...positiveInteger, default: 2000 });
    const stepSizeDown = reader.number('stepSizeDown', { ...positiveInteger, default: stepSizeUp });
    const mode = reader.choice('mode', ['triangular', 'triangular2', 'exp_range'] as const, 'triangular');
    const gamma = reader.number('gamma', { min: 0, minExclusive: true, max: 1, default: 1 });
    reader.finish();
    const totalSize = stepSizeUp + stepSizeDown;
    const ratio = stepSizeUp / totalSize;
    return (step) => {
      const cycle = Math.floor(1 + step / totalSize);
      const x = 1 + step / totalSize - cycle;
      const scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
      const height = (maxLr - baseLr) * scale;
      if (mode === 'triangular') return baseLr + height;
      if (mode === 'triangular2') return baseLr + height / 2 ** (cycle - 1);
      return baseLr + height * gamma ** step;
    };
  },
};
