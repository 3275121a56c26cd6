import { decodeValue, encodeValue } from './query';
import { formatOptionValue, parseOptionValue, sameOptionValue, type OptionDescriptor, type OptionValue } from './optionValue';

/** One optimizer as the playground configures it: its name, the options changed from their defaults, a schedule. */
export interface RunSpec {
  /** A name in the `@descent/optimizers` registry, e.g. `adam`. */
  name: string;
  /** Options that differ from the optimizer's defaults. */
  options: Record<string, OptionValue>;
  /** A schedule of the learning rate in `parseSchedule`'s text form; `''` for a constant lr. */
  schedule: string;
}

/** What the codecs need to know about the optimizers and schedules. */
export interface OptimizerCatalog {
  /** Option descriptors of each optimizer, by name. */
  optionsOf(name: string): readonly OptionDescriptor[] | undefined;
  /** An error message when `text` is not a valid schedule for base lr `lr`, else undefined. */
  checkSchedule(text: string, lr: number): string | undefined;
}

/** The lr a run uses (its own value or the optimizer's default). */
export function runLr(run: RunSpec, specs: readonly OptionDescriptor[]): number {
  const own = run.options.lr;
  if (typeof own === 'number') return own;
  const spec = specs.find((s) => s.name === 'lr');
  return typeof spec?.default === 'number' ? spec.default : 1e-3;
}

/** `adam;lr=0.01;betas=0.9,0.99;schedule=step:100:0.5` (options at their default are left out). */
export function encodeRun(run: RunSpec, specs: readonly OptionDescriptor[]): string {
  const parts = [encodeValue(run.name)];
  for (const spec of specs) {
    const value = run.options[spec.name];
    if (value === undefined || sameOptionValue(value, spec.default as OptionValue)) continue;
    parts.push(`${encodeValue(spec.name)}=${encodeValue(formatOptionValue(value))}`);
  }
  if (run.schedule !== '') parts.push(`schedule=${encodeValue(run.schedule)}`);
  return parts.join(';');
}

/**
 * Reads a run from its URL text. Broken parts fall back (an unknown option is dropped, a bad
 * value takes the default, a bad schedule becomes constant) and each is reported in `problems`;
 * an unknown optimizer gives `undefined`.
 */
export function decodeRun(text: string, catalog: OptimizerCatalog, label: string, problems: string[]): RunSpec | undefined {
  const parts = text.split(';');
  const name = decodeValue(parts[0] ?? '') ?? '';
  const specs = catalog.optionsOf(name);
  if (specs === undefined) {
    problems.push(`${label}: unknown optimizer '${name}', left out`);
    return undefined;
  }
  const run: RunSpec = { name, options: {}, schedule: '' };
  let scheduleText = '';
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeValue(eq < 0 ? part : part.slice(0, eq)) ?? part;
    const raw = eq < 0 ? undefined : decodeValue(part.slice(eq + 1));
    if (key === 'schedule') {
      scheduleText = raw ?? '';
      continue;
    }
    const spec = specs.find((s) => s.name === key);
    if (spec === undefined) {
      problems.push(`${label} (${name}): unknown option '${key}', ignored`);
      continue;
    }
    const value = raw === undefined ? undefined : parseOptionValue(raw, spec);
    if (value === undefined) {
      problems.push(`${label} (${name}): ${key}=${raw ?? ''} is not a valid value, using the default ${formatOptionValue(spec.default as OptionValue)}`);
      continue;
    }
    run.options[key] = value;
  }
  if (scheduleText !== '' && scheduleText !== 'constant') {
    const error = catalog.checkSchedule(scheduleText, runLr(run, specs));
    if (error === undefined) run.schedule = scheduleText;
    else problems.push(`${label} (${name}): schedule '${scheduleText}' is invalid (${error}), using a constant lr`);
  }
  return canonicalRun(run, specs);
}

/**
 * The run with options equal to their default removed, so that two runs that behave the same
 * compare equal (and a link round trip gives back the same state).
 */
export function canonicalRun(run: RunSpec, specs: readonly OptionDescriptor[]): RunSpec {
  const options: Record<string, OptionValue> = {};
  for (const [key, value] of Object.entries(run.options)) {
    const spec = specs.find((s) => s.name === key);
    if (spec !== undefined && sameOptionValue(value, spec.default as OptionValue)) continue;
    options[key] = value;
  }
  return { name: run.name, options, schedule: run.schedule };
}
