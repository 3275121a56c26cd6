import { countAtOrBelow } from './decay';
import { readInitial, type Definition } from './definition';
import type { Schedule } from './types';

/**
 * `sequence` (torch SequentialLR): `schedules[i]` is in force from `milestones[i - 1]` and
 * starts there at its own step 0. Children without `initial` take the sequence's.
 * torch's SequentialLR steps the incoming scheduler with a deprecated `step(0)` and starts
 * the first one before the sequence, which gives wrong values for several schedulers
 * (pytorch/pytorch#68979 and #76342); here the switch is exact by construction.
 */
export const sequenceDefinition: Definition = {
  type: 'sequence',
  usesInitial: true,
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const children = reader.specs('schedules');
    const milestones = reader.milestones('milestones', children.length - 1);
    reader.finish();
    const schedules = children.map(({ spec, path }) => context.compile(spec, path, initial));
    return (step) => {
      const i = countAtOrBelow(milestones, step);
      return (schedules[i] as Schedule)(i === 0 ? step : step - (milestones[i - 1] as number));
    };
  },
};

/**
 * `product`: `initial * schedules[0](step) * schedules[1](step) * ...`; children without
 * `initial` are multipliers (default 1): a `linearWarmup` factor times a `cosine` is the
 * usual use.
 */
export const productDefinition: Definition = {
  type: 'product',
  usesInitial: true,
  compile(reader, context) {
    const initial = readInitial(reader, context);
    const children = reader.specs('schedules');
    reader.finish();
    const schedules = children.map(({ spec, path }) => context.compile(spec, path, 1));
    return (step) => {
      let value = initial;
      for (const s of schedules) value *= s(step);
      return value;
    };
  },
};
