import type { SpecReader } from './specReader';
import type { Schedule, ScheduleType } from './types';

/** What a definition's `compile` gets besides the spec's fields. */
export interface CompileContext {
  /** The `initial` a spec without one takes: its enclosing sequence's, else 1. */
  readonly initial: number;
  /** Compiles a nested spec (for `sequence` and `product`). */
  compile(spec: unknown, path: string, initial: number): Schedule;
}

/** One positional argument of a short form such as `step:5:0.5`. */
export interface ShortArgument {
  field: string;
  /** `number`: a decimal number; `list`: comma-separated numbers; `word`: a bare string. */
  kind: 'number' | 'list' | 'word';
}

/** The command-line / URL form of a schedule type: `name:arg:arg`, the first `required` arguments mandatory. */
export interface ShortForm {
  /** Accepted names, lower case; the first is the one written. */
  names: readonly string[];
  args: readonly ShortArgument[];
  required: number;
}

/**
 * One schedule type: how to validate and build it from its spec, and its short form.
 * `compile` reads every field through the reader (which rejects unread ones) and returns a
 * function of a step already known to be an integer >= 0.
 */
export interface Definition {
  readonly type: ScheduleType;
  /** False for absolute schedules (`oneCycle`, `cyclic`), which have no `initial` field. */
  readonly usesInitial: boolean;
  readonly short?: ShortForm;
  compile(reader: SpecReader, context: CompileContext): Schedule;
}

/** Reads `initial` (any finite number; default from the context). */
export function readInitial(reader: SpecReader, context: CompileContext): number {
  return reader.number('initial', { default: context.initial });
}

/** `{ integer: true, min: 0, minExclusive: true }`, the rule of periods and step counts. */
export const positiveInteger = { integer: true, min: 0, minExclusive: true } as const;
/** `{ min: 0, minExclusive: true }`, the rule of multiplicative factors. */
export const positive = { min: 0, minExclusive: true } as const;
