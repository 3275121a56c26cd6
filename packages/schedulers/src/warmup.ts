import { positiveInteger, readInitial, type Definition } from './definition';

/**
 * `linearWarmup` (torch LinearLR), closed form: the factor
 * `startFactor + (endFactor - startFactor) * min(step, totalIters) / totalIters`, times
 * `initial`. torch 1.13 computes it recursively (ratio of consecutive factors), which
 * drifts by rounding; its values agree with this form within 1e-15 relative on the fixture.
 */
export const linearWarmupDefinition: Definition = {
  type: 'linearWarmup',
  usesInitial: true,
  short: { names: ['warmup', 'linear-warmup'], args: [{ field: 'totalIters', kind: 'number' }, { field: 'startFactor', kind: 'number' }], required: 1 },
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const startFactor = reader.number('startFactor', { min: 0, minExclusive: true, max: 1, default: 1 / 3 });
    const endFactor = reader.number('endFactor', { min: 0, max: 1, default: 1 });
    const totalIters = reader.number('totalIters', { ...positiveInteger, default: 5 });
    reader.finish();
    return (step) => initial * (startFactor + ((endFactor - startFactor) * Math.min(step, totalIters)) / totalIters);
  },
};

/** `constantWarmup` (torch ConstantLR): `initial * factor` for steps `< totalIters`, then `initial`. */
export const constantWarmupDefinition: Definition = {
  type: 'constantWarmup',
  usesInitial: true,
  short: { names: ['constant-warmup'], args: [{ field: 'totalIters', kind: 'number' }, { field: 'factor', kind: 'number' }], required: 1 },
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const factor = reader.number('factor', { min: 0, max: 1, default: 1 / 3 });
    const totalIters = reader.number('totalIters', { ...positiveInteger, default: 5 });
    reader.finish();
    return (step) => (step < totalIters ? initial * factor : initial);
  },
};
