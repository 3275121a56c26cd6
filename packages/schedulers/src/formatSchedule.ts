import { compileSpec, definitionOf } from './schedule';
import type { ScheduleSpec } from './types';

/** Options of {@link formatSchedule}. */
export interface FormatScheduleOptions {
  /**
   * The base value the reader will pass to `parseSchedule` (e.g. the `--lr` written beside
   * the schedule): a spec whose `initial` equals it (or has none) can use the short form.
   * Default: none (only specs without `initial` get a short form).
   */
  initial?: number;
}

/**
 * Writes a spec as text that {@link parseSchedule} reads back to the same values: the
 * short form (`step:5:0.5`) when one can say everything the spec says, JSON otherwise (a
 * `sequence`, a `product`, fields the short form lacks, an `initial` other than
 * `options.initial`, a required argument left to its default, or an optional argument given after one that is omitted). Validates
 * first (same errors as `schedule`, starting `formatSchedule:`).
 *
 * @example
 * formatSchedule({ type: 'step', stepSize: 5, gamma: 0.5 }); // 'step:5:0.5'
 * formatSchedule({ type: 'cosine', tMax: 100, initial: 0.1 }, { initial: 0.1 }); // 'cosine:100'
 * formatSchedule({ type: 'cosine', tMax: 100, initial: 0.1 }); // '{"type":"cosine","tMax":100,"initial":0.1}'
 */
export function formatSchedule(spec: ScheduleSpec, options: FormatScheduleOptions = {}): string {
  compileSpec('formatSchedule', spec, undefined, 1);
  return shortForm(spec as unknown as Record<string, unknown>, options.initial) ?? JSON.stringify(spec);
}

function shortForm(spec: Record<string, unknown>, initial: number | undefined): string | undefined {
  const short = definitionOf(spec.type)?.short;
  if (short === undefined) return undefined;
  if (spec.initial !== undefined && spec.initial !== initial) return undefined;
  const fields = short.args.map((a) => a.field);
  for (const key of Object.keys(spec)) {
    if (key !== 'type' && key !== 'initial' && spec[key] !== undefined && !fields.includes(key)) return undefined;
  }
  const parts = [short.names[0] as string];
  let omitted = false;
  for (const [i, arg] of short.args.entries()) {
    const value = spec[arg.field];
    if (value === undefined) {
      if (i < short.required) return undefined; // a required argument left to its default
      omitted = true;
      continue;
    }
    if (omitted) return undefined; // a later argument after an omitted one
    parts.push(Array.isArray(value) ? value.map(String).join(',') : String(value));
  }
  return parts.join(':');
}
