import { join } from 'node:path';
import { escapeHtml, htmlTable } from '../render/htmlTable';
import type { TopLevelSpec } from 'vega-lite';
import { lossText, percent } from '../formatMetrics';
import { svgToPng } from '../render/svgToPng';
import { vegaLiteToSvg } from '../render/vegaLiteToSvg';
import { signalsDelivered } from '../onInterrupt';
import { writeFileAtomic } from '../run/writeFileAtomic';
import { epochChartSpec, lrChartSpec } from './chartSpecs';
import type { ReferenceEpoch } from './chartSpecs';
import type { RunRecord } from './loadRuns';

/** A comparison row shown in the report (e.g. descent against PyTorch). */
export interface ComparisonRow {
  cells: string[];
}

/** Options of {@link renderReport}. */
export interface RenderReportOptions {
  /** Heading of the HTML page. Default `descent report`. */
  title?: string;
  /** An extra table (e.g. the lecture's comparison with PyTorch): header and rows. */
  comparison?: { caption: string; header: string[]; rows: string[][] };
  /** Reference curves drawn dashed beside the runs of the same name (e.g. PyTorch's). */
  reference?: { name: string; epochs: readonly ReferenceEpoch[] };
}

/** The files {@link renderReport} wrote, by chart. */
export interface ReportFiles {
  html: string;
  charts: Array<{ name: string; svg: string; png: string }>;
}

/** The runs table: one row per run, the same in the HTML report and on the terminal. */
export function runRows(runs: readonly RunRecord[]): { header: string[]; rows: string[][] } {
  const header = ['run', 'optimizer', 'lr', 'hidden', 'batch', 'epochs', 'status', 'train loss', 'test loss', 'test acc', 'seconds'];
  const rows = runs.map((run) => {
    const last = run.metrics[run.metrics.length - 1];
    const status = run.status === 'diverged' ? `diverged (step ${run.diverged?.step ?? '?'})` : run.status;
    return [
      run.name,
      run.train?.optimizer ?? '-',
      run.lr === undefined ? '-' : String(run.lr),
      run.train?.hidden.join(',') ?? '-',
      run.train === undefined ? '-' : String(run.train.batchSize),
      `${run.metrics.length}/${run.train?.epochs ?? '?'}`,
      status,
      lossText(last?.trainLoss),
      lossText(last?.testLoss),
      percent(last?.testAccuracy),
      run.summary === undefined ? '-' : run.summary.seconds.toFixed(1),
    ];
  });
  return { header, rows };
}

/**
 * Renders runs into a self-contained HTML report (charts inlined as SVG, no external
 * file or script) and each chart as SVG and PNG: `training-loss`, `test-accuracy`,
 * `test-loss`, and for sweeps over learning rates `loss-vs-lr` (log axis). Charts are
 * Vega-Lite specs rendered headless by Vega to SVG and rasterised by resvg with a bundled
 * font. Every file is written atomically.
 *
 * @example
 * const files = await renderReport(loadRuns(['runs/sweep']), 'runs/sweep');
 * files.html; // 'runs/sweep/report.html'
 */
export async function renderReport(runs: readonly RunRecord[], outDir: string, options: RenderReportOptions = {}): Promise<ReportFiles> {
  const specs: Array<{ name: string; spec: TopLevelSpec }> = [
    { name: 'training-loss', spec: epochChartSpec(runs, 'trainLoss', 'Training loss', options.reference) },
    { name: 'test-accuracy', spec: epochChartSpec(runs, 'testAccuracy', 'Test accuracy', options.reference) },
    { name: 'test-loss', spec: epochChartSpec(runs, 'testLoss', 'Test loss', options.reference) },
  ];
  const lr = lrChartSpec(runs);
  if (lr !== undefined) specs.push({ name: 'loss-vs-lr', spec: lr });
  const charts: ReportFiles['charts'] = [];
  const figures: string[] = [];
  for (const { name, spec } of specs) {
    const svg = await vegaLiteToSvg(spec);
    const { png } = svgToPng(svg, { scale: 2 });
    const svgPath = join(outDir, `${name}.svg`);
    const pngPath = join(outDir, `${name}.png`);
    writeFileAtomic(svgPath, svg);
    writeFileAtomic(pngPath, png);
    charts.push({ name, svg: svgPath, png: pngPath });
    figures.push(`<figure>${svg.replace(/^<\?xml[^>]*>\s*/, '')}</figure>`);
    // Rendering never leaves the microtask queue by itself: let the event loop poll between
    // charts, so that a Ctrl-C is handled now (its hint printed, a second one quits at once,
    // between two whole files) rather than once every chart is done.
    await signalsDelivered();
  }
  const title = options.title ?? 'descent report';
  const { header, rows } = runRows(runs);
  const comparison =
    options.comparison === undefined ? '' : `<h2>${escapeHtml(options.comparison.caption)}</h2>\n${htmlTable(options.comparison.header, options.comparison.rows)}`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: 'DejaVu Sans', system-ui, sans-serif; margin: 2rem auto; max-width: 1280px; color: #222; padding: 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: left; }
th { background: #f5f5f5; }
figure { display: inline-block; margin: 1rem 1rem 1rem 0; }
.muted { color: #777; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${runs.length} run${runs.length === 1 ? '' : 's'}, generated ${escapeHtml(new Date().toISOString())} by descent.</p>
<h2>Runs</h2>
${htmlTable(header, rows)}
${comparison}
<h2>Curves</h2>
${figures.join('\n')}
</body>
</html>
`;
  const htmlPath = join(outDir, 'report.html');
  writeFileAtomic(htmlPath, html);
  return { html: htmlPath, charts };
}

