import { DescentError } from '@descent/core';
import { parseSetting, splitAlternatives } from './parseSetting';
import { settingSpecs } from './settingSpecs';
import type { ConfigFile } from './readConfigFile';

/**
 * How errors name a setting that came from a config file: `config file e.yaml: field
 * 'optimizerOptions.betas'` (or `'sweep.lr'`).
 */
export function configFieldLabel(config: ConfigFile, field: string): string {
  return `config file ${config.path}: field '${field}'`;
}

/**
 * The alternatives of every setting that was given, by key: from the flags typed on the
 * command line (they win; `flags` holds those typed, as text, by key, as commander's
 * `opts()` gives them: the experiment flags have no defaults), else the config file's
 * `sweep:` section, else its plain fields.
 * With `lists: false` (train) each setting must have exactly one value.
 *
 * @param labels - filled with how errors should name each setting taken from the config
 *   file (see `configFieldLabel`); settings from flags are named by their flag.
 * @example
 * collectSettings('sweep', { lr: '0.01,0.1' }, undefined, { lists: true }).get('lr'); // [0.01, 0.1]
 * @throws DescentError `INVALID_ARGUMENT` naming the flag or field
 */
export function collectSettings(name: string, flags: Readonly<Record<string, unknown>>, config: ConfigFile | undefined, options: { lists: boolean }, labels?: Map<string, string>): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  if (!options.lists && config !== undefined && Object.keys(config.sweep).length > 0) {
    throw new DescentError('INVALID_ARGUMENT', `${name}: config field 'sweep' lists alternatives, which only 'descent sweep' runs`, { details: { field: 'sweep' } });
  }
  for (const spec of settingSpecs.values()) {
    const given = flags[spec.key];
    if (given !== undefined) {
      const text = given === true ? 'true' : String(given);
      const parts = options.lists ? splitAlternatives(spec, text) : [text];
      if (!options.lists && !spec.listValued && spec.kind !== 'string' && text.includes(',')) {
        throw new DescentError('INVALID_ARGUMENT', `${name}: ${spec.flag} takes one value, got '${text}' (for a grid of runs use 'descent sweep')`, { details: { field: spec.flag } });
      }
      out.set(spec.key, dedupe(parts.map((p) => parseSetting(name, spec, p))));
    } else if (config?.sweep[spec.key] !== undefined) {
      out.set(spec.key, dedupe(config.sweep[spec.key]!));
      labels?.set(spec.key, configFieldLabel(config, `sweep.${spec.key}`));
    } else if (config?.settings[spec.key] !== undefined) {
      out.set(spec.key, [config.settings[spec.key]]);
      labels?.set(spec.key, configFieldLabel(config, config.fields[spec.key] ?? spec.key));
    }
  }
  return out;
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
