import { View, parse } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite specification to an SVG document, headless (no browser, no
 * canvas): Vega-Lite compiles it to Vega, Vega's scenegraph is serialised to SVG.
 *
 * @example
 * const svg = await vegaLiteToSvg({ data: { values }, mark: 'line', encoding: { ... } });
 */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
