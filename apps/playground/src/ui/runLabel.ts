import { optimizerEntry } from '../catalog';
import { formatOptionValue, type OptionValue } from '../state/optionValue';
import type { RunSpec } from '../state/runSpec';

/** Eight colours that stay apart on the viridis field (Okabe-Ito, plus white). */
export const RUN_COLOURS = ['#ff5a36', '#ffffff', '#ff4fd8', '#ffd23f', '#00e5ff', '#ff9f1c', '#b388ff', '#7cff6b'] as const;

export function runColour(index: number): string {
  return RUN_COLOURS[index % RUN_COLOURS.length] as string;
}

function short(value: OptionValue): string {
  if (typeof value === 'number') return Number(value.toPrecision(3)).toString();
  return formatOptionValue(value);
}

/** `Adam lr=0.05 betas=0.9,0.99 · cosine:500`: the title and every option changed from its default. */
export function runLabel(run: RunSpec): string {
  const entry = optimizerEntry(run.name);
  const parts = [entry?.title ?? run.name];
  for (const [key, value] of Object.entries(run.options)) {
    const spec = entry?.options.find((s) => s.name === key);
    if (spec !== undefined && key !== 'lr' && formatOptionValue(spec.default as OptionValue) === formatOptionValue(value)) continue;
    parts.push(typeof value === 'boolean' ? (value ? key : `no ${key}`) : `${key}=${short(value)}`);
  }
  if (run.schedule !== '') parts.push(`· ${run.schedule}`);
  return parts.join(' ');
}
