/** One point of a grid: its settings and a folder name made of the settings that vary. */
export interface GridPoint {
  name: string;
  settings: Record<string, unknown>;
}

function label(value: unknown): string {
  if (Array.isArray(value)) return value.map(label).join('x');
  if (typeof value === 'object' && value !== null) return label(JSON.stringify(value));
  const text = String(value).replace(/[^A-Za-z0-9.+-]+/g, '-').replace(/^-+|-+$/g, '');
  return text === '' ? 'value' : text.slice(0, 40);
}

/** What a run's folder name is made of: the characters {@link expandGrid} uses, never a path (no `/`, no leading dot). */
export const RUN_NAME = /^[A-Za-z0-9+_-][A-Za-z0-9.+_-]{0,199}$/;

/**
 * The cartesian product of every setting's alternatives, in the order given (the first
 * setting varies slowest). Each point is named after the settings that vary, e.g.
 * `lr-0.01_momentum-0.9`; a grid of one point is named `run`.
 *
 * @example
 * expandGrid(new Map([['lr', [0.01, 0.1]], ['epochs', [2]]])).map((p) => p.name); // ['lr-0.01', 'lr-0.1']
 */
export function expandGrid(alternatives: ReadonlyMap<string, readonly unknown[]>): GridPoint[] {
  let points: Array<Record<string, unknown>> = [{}];
  for (const [key, values] of alternatives) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  const varying = [...alternatives].filter(([, values]) => values.length > 1).map(([key]) => key);
  const used = new Set<string>();
  return points.map((settings, i) => {
    let name = varying.length === 0 ? 'run' : varying.map((key) => `${key}-${label(settings[key])}`).join('_');
    if (used.has(name)) name = `${name}_${i + 1}`;
    used.add(name);
    return { name, settings };
  });
}
