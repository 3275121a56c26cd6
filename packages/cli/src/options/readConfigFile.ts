import { readFileSync } from 'node:fs';
import { DescentError } from '@descent/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { optimizerNames } from '@descent/optimizers';
import { specKeys } from './optimizerSpec';
import { settingSpecs } from './settingSpecs';
import type { SettingSpec } from './settingSpecs';

/** What a config file holds: settings, a sweep grid, and where to write. */
export interface ConfigFile {
  /** Single values by setting key (`lr`, `batchSize`, ...), optimizer options flattened in. */
  settings: Record<string, unknown>;
  /** Alternatives by setting key (the `sweep:` section). */
  sweep: Record<string, unknown[]>;
  /** The file's path, as given. */
  path: string;
  /**
   * Where each of `settings` was written in the file, by key: `lr`, or
   * `optimizerOptions.betas` (errors name the field as the file spells it).
   */
  fields: Record<string, string>;
  out?: string;
  workers?: number;
}

function schemaOf(spec: SettingSpec): z.ZodType {
  const bounded = (s: z.ZodNumber): z.ZodNumber => {
    let out = s;
    if (spec.min !== undefined) out = spec.minExclusive === true ? out.gt(spec.min) : out.gte(spec.min);
    if (spec.max !== undefined) out = spec.maxExclusive === true ? out.lt(spec.max) : out.lte(spec.max);
    return out;
  };
  switch (spec.kind) {
    case 'string':
      return spec.key === 'schedule' ? z.union([z.string().min(1), z.record(z.string(), z.unknown())]) : z.string().min(1);
    case 'number':
      return bounded(z.number());
    case 'integer':
      // Safe integers only: 1e300 is an integer to JavaScript, but not one a seed can hold.
      return bounded(z.number().int().gte(spec.min ?? -Number.MAX_SAFE_INTEGER).lte(Number.MAX_SAFE_INTEGER));
    case 'boolean':
      return z.boolean();
    case 'choice':
      return z.enum(spec.choices as [string, ...string[]]);
    case 'integerList': {
      const widths = z.array(bounded(z.number().int())).min(1);
      const most = spec.maxLength;
      const list = most === undefined ? widths : widths.check(z.refine((v) => v.length <= most, { abort: true, error: (issue) => `at most ${most} hidden layers, got ${(issue.input as unknown[]).length}` }));
      return z.preprocess((v) => (typeof v === 'number' ? [v] : v), list);
    }
    case 'numberPair':
      return z.tuple([z.number(), z.number()]);
    case 'optimizerSpec':
      // A config file gives an optimizer as its name (\`optimizer\`) and its options as fields.
      return z.string().min(1);
  }
}

function settingsShape(wrap: (s: z.ZodType) => z.ZodType): Record<string, z.ZodType> {
  return Object.fromEntries([...settingSpecs.values()].map((spec) => [spec.key, wrap(schemaOf(spec)).optional()]));
}

const fileSchema = z.strictObject({
  ...settingsShape((s) => s),
  optimizerOptions: z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.tuple([z.number(), z.number()])])).optional(),
  out: z.string().min(1).optional(),
  workers: z.number().int().min(1).optional(),
  sweep: z.strictObject(settingsShape((s) => z.array(s).min(1))).optional(),
});

function pathText(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out === '' ? '(top level)' : out;
}

/**
 * Reads an experiment from a JSON or YAML file (by extension; `.yml`/`.yaml` are YAML,
 * anything else is tried as JSON then YAML) and validates it with zod. Fields are the
 * flags in camelCase (`batchSize`, `limitTrain`, `lr`, `betas: [0.9, 0.999]`), plus
 * `optimizerOptions`, `out`, `workers`, and `sweep: { lr: [0.01, 0.1] }` for grids.
 *
 * @example
 * readConfigFile('train', 'experiment.yaml').settings.lr; // 0.1
 * @throws DescentError `NOT_FOUND` (no such file), `INVALID_ARGUMENT` naming the field,
 *   e.g. `train: config experiment.yaml: field 'sweep.lr[1]' ...`
 */
export function readConfigFile(command: string, path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DescentError('NOT_FOUND', `${command}: cannot read config file ${path}: ${(error as Error).message}`, { details: { field: '--config' } });
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (jsonError) {
    if (/\.json$/i.test(path)) throw new DescentError('INVALID_ARGUMENT', `${command}: config file ${path} is not valid JSON: ${(jsonError as Error).message}`);
    try {
      raw = parseYaml(text);
    } catch (error) {
      throw new DescentError('INVALID_ARGUMENT', `${command}: config file ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
    const field = keys.length > 0 ? pathText([...issue.path, keys[0]!]) : pathText(issue.path);
    const hint = keys.length > 0 ? ` (known fields: ${[...settingSpecs.keys(), 'optimizerOptions', 'out', 'workers', 'sweep'].join(', ')})` : '';
    throw new DescentError('INVALID_ARGUMENT', `${command}: config file ${path}: field '${field}': ${issue.message}${hint}`, {
      details: { field, issues: parsed.error.issues.map((i) => ({ path: pathText(i.path), message: i.message })) },
    });
  }
  const { optimizerOptions, out, workers, sweep, ...settings } = parsed.data as Record<string, unknown> & {
    optimizerOptions?: Record<string, unknown>;
    out?: string;
    workers?: number;
    sweep?: Record<string, unknown[]>;
  };
  const merged: Record<string, unknown> = { ...(optimizerOptions ?? {}), ...settings };
  for (const key of Object.keys(optimizerOptions ?? {})) {
    const owner = optimizerNames.find((name) => specKeys(name).some((k) => k.key === key || k.key.startsWith(`${key}.`)));
    if (!settingSpecs.has(key) && owner !== undefined) {
      throw new DescentError('INVALID_ARGUMENT', `${command}: config file ${path}: field 'optimizerOptions.${key}' has no flag; give it in the optimizer's spec, e.g. optimizer: '${owner}:${key}=...'`, {
        details: { field: `optimizerOptions.${key}` },
      });
    }
    if (!settingSpecs.has(key)) {
      throw new DescentError('INVALID_ARGUMENT', `${command}: config file ${path}: field 'optimizerOptions.${key}' is not an option of any optimizer`, {
        details: { field: `optimizerOptions.${key}` },
      });
    }
  }
  const normalise = (key: string, value: unknown): unknown => (key === 'hidden' && typeof value === 'number' ? [value] : value);
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(optimizerOptions ?? {})) if (value !== undefined) fields[key] = `optimizerOptions.${key}`;
  for (const [key, value] of Object.entries(settings)) if (value !== undefined) fields[key] = key;
  const result: ConfigFile = {
    settings: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined).map(([k, v]) => [k, normalise(k, v)])),
    sweep: Object.fromEntries(Object.entries(sweep ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, v.map((x) => normalise(k, x))])),
    path,
    fields,
  };
  if (out !== undefined) result.out = out;
  if (workers !== undefined) result.workers = workers;
  return result;
}
