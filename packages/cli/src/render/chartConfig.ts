/** The font of every chart: DejaVu Sans, bundled (see `svgToPng`), so that text renders on machines without fonts. */
export const CHART_FONT = 'DejaVu Sans';

/**
 * The Vega-Lite `config` every chart of the reports shares: the font, light grid and frame,
 * titles anchored left.
 *
 * @example
 * const spec = { ...chart, config: chartConfig };
 */
export const chartConfig = {
  font: CHART_FONT,
  view: { stroke: '#ddd' },
  axis: { labelFont: CHART_FONT, titleFont: CHART_FONT, gridColor: '#eee' },
  legend: { labelFont: CHART_FONT, titleFont: CHART_FONT, labelLimit: 260 },
  title: { font: CHART_FONT, subtitleFont: CHART_FONT, anchor: 'start' as const },
};
