import { ScheduleError, describeValue } from './errors';
import { compileSpec, definitionOf } from './schedule';
import { allUsages, shortFormNamed, usage } from './shortForm';
import type { ScheduleSpec } from './types';

const decimal = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ScheduleError('INVALID_SCHEDULE', `parseSchedule: ${message}`, details === undefined ? undefined : { details });
}

/** Options of {@link parseSchedule}. */
export interface ParseScheduleOptions {
  /**
   * The base value (e.g. the `--lr` given beside the schedule) put into the spec's
   * `initial` when the text does not set it. Ignored by `oneCycle` and `cyclic`, which set
   * their own values. Default: none (the spec stays a multiplier).
   */
  initial?: number;
}

/**
 * Reads a schedule spec from text: JSON (`{"type":"cosine","tMax":100}`) or the short form
 * used on command lines and in URLs, `name:arg:arg` with optional trailing arguments:
 *
 * | short form | spec |
 * |---|---|
 * | `constant` | `{type:'constant'}` |
 * | `step:5:0.5` (stepSize[:gamma]) | `{type:'step', stepSize:5, gamma:0.5}` |
 * | `multistep:30,60:0.1` (milestones[:gamma]) | `{type:'multiStep', milestones:[30,60], gamma:0.1}` |
 * | `exp:0.95` (gamma) | `{type:'exponential', gamma:0.95}` |
 * | `invtime:0.5:10` (decayRate[:decaySteps]) | `{type:'inverseTime', decayRate:0.5, decaySteps:10}` |
 * | `poly:100:2` (totalIters[:power[:etaMin]]) | `{type:'polynomial', totalIters:100, power:2}` |
 * | `cosine:100:0.001` (tMax[:etaMin]) | `{type:'cosine', tMax:100, etaMin:0.001}` |
 * | `sgdr:10:2` (t0[:tMult[:etaMin]]) | `{type:'cosineWarmRestarts', t0:10, tMult:2}` |
 * | `warmup:5:0.1` (totalIters[:startFactor]) | `{type:'linearWarmup', totalIters:5, startFactor:0.1}` |
 * | `constant-warmup:5:0.25` (totalIters[:factor]) | `{type:'constantWarmup', totalIters:5, factor:0.25}` |
 * | `onecycle:0.1:1000` (maxLr:totalSteps[:pctStart]) | `{type:'oneCycle', maxLr:0.1, totalSteps:1000}` |
 * | `cyclic:0.001:0.1:500:triangular2` (baseLr:maxLr[:stepSizeUp[:mode]]) | `{type:'cyclic', ...}` |
 * | `mult:0.97` (factor) | `{type:'multiplicative', factor:0.97}` |
 * | `warmup-cosine:500:10000` (warmupSteps:totalSteps[:etaMin]) | `{type:'warmupCosine', warmupSteps:500, totalSteps:10000}` |
 *
 * Names are case-insensitive and each type's own name works too (`multiStep:30,60`).
 * `sequence` and `product` have no short form: write them as JSON. The result is validated
 * as {@link schedule} does (same codes), with messages starting `parseSchedule:`.
 *
 * @param text JSON or a short form.
 * @param options `initial`: base value filled in when the spec omits it.
 * @returns A new spec; `schedule(parseSchedule(t))` builds it.
 * @example
 * parseSchedule('step:5:0.5', { initial: 0.1 }); // { type: 'step', stepSize: 5, gamma: 0.5, initial: 0.1 }
 * parseSchedule('{"type":"cosine","tMax":100}'); // { type: 'cosine', tMax: 100 }
 */
export function parseSchedule(text: string, options: ParseScheduleOptions = {}): ScheduleSpec {
  if (typeof text !== 'string') {
    throw new ScheduleError('INVALID_ARGUMENT', `parseSchedule: text must be a string, got ${describeValue(text)}`, { details: { field: 'text', value: text } });
  }
  const initial = options.initial;
  if (initial !== undefined && (typeof initial !== 'number' || !Number.isFinite(initial))) {
    throw new ScheduleError('INVALID_ARGUMENT', `parseSchedule: options.initial must be a finite number, got ${describeValue(initial)}`, {
      details: { field: 'options.initial', value: initial },
    });
  }
  const trimmed = text.trim();
  let spec: Record<string, unknown>;
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (cause) {
      throw new ScheduleError('INVALID_SCHEDULE', `parseSchedule: invalid JSON (${(cause as Error).message}), got ${describeValue(trimmed)}`, {
        cause,
        details: { value: trimmed },
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) invalid(`expected a JSON object, got ${describeValue(parsed)}`);
    spec = parsed as Record<string, unknown>;
  } else {
    spec = parseShort(trimmed);
  }
  const definition = definitionOf(spec.type);
  if (initial !== undefined && definition?.usesInitial === true && spec.initial === undefined) spec.initial = initial;
  compileSpec('parseSchedule', spec, undefined, 1);
  return spec as unknown as ScheduleSpec;
}

function parseShort(text: string): Record<string, unknown> {
  const [name = '', ...args] = text.split(':');
  const found = shortFormNamed(name);
  if (found === undefined) {
    invalid(`unknown schedule ${describeValue(name)} in ${describeValue(text)}; expected JSON or one of ${allUsages().join(', ')}`, { value: text });
  }
  const { definition, short } = found;
  if (args.length < short.required || args.length > short.args.length) {
    invalid(`${describeValue(text)} does not match ${usage(short)}`, { value: text });
  }
  const spec: Record<string, unknown> = { type: definition.type };
  args.forEach((raw, i) => {
    const arg = short.args[i];
    if (arg === undefined) return;
    const field = `${definition.type}.${arg.field}`;
    if (arg.kind === 'word') {
      spec[arg.field] = raw;
    } else if (arg.kind === 'list') {
      spec[arg.field] = raw.split(',').map((item, j) => {
        if (!decimal.test(item)) invalid(`${field}[${j}] must be a number, got ${describeValue(item)} (usage ${usage(short)})`, { field, value: item });
        return Number(item);
      });
    } else {
      if (!decimal.test(raw)) invalid(`${field} must be a number, got ${describeValue(raw)} (usage ${usage(short)})`, { field, value: raw });
      spec[arg.field] = Number(raw);
    }
  });
  return spec;
}
