import { join } from 'node:path';
import { escapeHtml, htmlTable } from '../render/htmlTable';
import type { TopLevelSpec } from 'vega-lite';
import { svgToPng } from '../render/svgToPng';
import { vegaLiteToSvg } from '../render/vegaLiteToSvg';
import { writeFileAtomic } from '../run/writeFileAtomic';
import { evaluationChartSpec, stepLossChartSpec } from './lectureCharts';
import type { LectureSetup } from './lectureSetup';
import type { Lesson } from './lessons';
import type { LectureCurve } from './trainLectureRun';

/** How close descent's and PyTorch's training losses stay on one run. */
export interface Closeness {
  name: string;
  /** Steps compared: the first `steps` (500, or fewer when a run is shorter). */
  steps: number;
  /** max |descent loss - PyTorch loss| over those steps. */
  maxLossDifference: number;
  /** Final test accuracy of each. */
  descentAccuracy: number;
  pytorchAccuracy: number;
}

/** max |loss difference| over the first `steps` steps of each run that PyTorch replayed. */
export function closeness(curves: readonly LectureCurve[], pytorch: readonly LectureCurve[], steps = 500): Closeness[] {
  return curves.flatMap((c) => {
    const p = pytorch.find((r) => r.name === c.name);
    if (p === undefined) return [];
    const n = Math.min(steps, c.losses.length, p.losses.length);
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(c.losses[i]! - Number(p.losses[i])));
    return [{ name: c.name, steps: n, maxLossDifference: max, descentAccuracy: c.evaluations.at(-1)?.testAccuracy ?? NaN, pytorchAccuracy: p.evaluations.at(-1)?.testAccuracy ?? NaN }];
  });
}

/** A lesson's value as text (4 significant digits; `-` when it could not be measured). */
export function valueText(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** One sentence per lesson: the claim, the number, and whether it shows (and whether PyTorch agrees). */
export function lessonSentence(lesson: Lesson): string {
  const seen = lesson.observed ? 'seen' : 'NOT seen on this setup';
  const torch = lesson.pytorch === null ? '' : `; PyTorch: ${valueText(lesson.pytorch.value)}, ${lesson.pytorch.observed ? 'seen' : 'not seen'}`;
  return `${lesson.observed ? '✓' : '✗'} ${lesson.claim} ${seen}: ${lesson.criterion} = ${valueText(lesson.value)}${torch}.`;
}

/** Options of {@link renderLectureReport}. */
export interface LectureReportInput {
  setup: LectureSetup;
  curves: readonly LectureCurve[];
  lessons: readonly Lesson[];
  /** PyTorch's replay of the same runs, drawn dashed. */
  pytorch?: { framework: string; curves: readonly LectureCurve[] };
  /** The heading. */
  title: string;
  /** One paragraph on the setup and why it was chosen. */
  about: string;
}

/**
 * Writes the lecture's report into `outDir`: `report.html` (charts inlined, a lessons
 * section with every claim, its criterion, descent's and PyTorch's value and verdict) and
 * each chart as SVG and PNG: `training-loss-steps` (every step, log axis), `test-loss`
 * (log axis), `test-accuracy`, `lr-decay` (lr 1 held against halved). Files are written
 * atomically.
 *
 * @example
 * const files = await renderLectureReport({ setup, curves, lessons, title, about }, 'runs/lecture');
 */
export async function renderLectureReport(input: LectureReportInput, outDir: string): Promise<{ html: string; charts: string[] }> {
  const reference = input.pytorch === undefined ? undefined : { name: input.pytorch.framework, curves: input.pytorch.curves };
  const decayRuns = input.curves.filter((c) => c.name === 'lr-1' || c.name === 'lr-1-halved');
  const specs: Array<{ name: string; spec: TopLevelSpec }> = [
    { name: 'training-loss-steps', spec: stepLossChartSpec(input.curves, reference) },
    { name: 'test-loss', spec: evaluationChartSpec(input.curves, 'testLoss', 'Test loss', reference, [`the whole test set, ${input.setup.evalsPerEpoch} times per epoch`]) },
    { name: 'test-accuracy', spec: evaluationChartSpec(input.curves, 'testAccuracy', 'Test accuracy', reference) },
  ];
  if (decayRuns.length === 2) {
    specs.push({ name: 'lr-decay', spec: evaluationChartSpec(decayRuns, 'testLoss', "The lecture's remedy: lr 1 held, and halved every epoch", reference, ['test loss']) });
  }
  const charts: string[] = [];
  const figures: string[] = [];
  for (const { name, spec } of specs) {
    const svg = await vegaLiteToSvg(spec);
    writeFileAtomic(join(outDir, `${name}.svg`), svg);
    writeFileAtomic(join(outDir, `${name}.png`), svgToPng(svg, { scale: 2 }).png);
    charts.push(name);
    figures.push(`<figure>${svg.replace(/^<\?xml[^>]*>\s*/, '')}</figure>`);
  }
  const lessonRows = input.lessons.map((l) => [
    l.claim,
    l.criterion,
    valueText(l.value),
    l.observed ? 'yes' : 'no',
    l.pytorch === null ? '-' : valueText(l.pytorch.value),
    l.pytorch === null ? '-' : l.pytorch.observed ? 'yes' : 'no',
  ]);
  const unseen = input.lessons.filter((l) => !l.observed);
  const honest =
    unseen.length === 0
      ? '<p>Every claim shows on this setup.</p>'
      : `<p><strong>Not seen on this setup:</strong> ${unseen.map((l) => escapeHtml(`${l.claim} (${valueText(l.value)}${l.pytorch === null ? '' : `; PyTorch ${valueText(l.pytorch.value)}`})`)).join('; ')}. The criteria were fixed before the runs; they are reported as they came out.</p>`;
  const close = input.pytorch === undefined ? [] : closeness(input.curves, input.pytorch.curves);
  const runRows = input.curves.map((c) => {
    const last = c.evaluations.at(-1);
    const near = close.find((r) => r.name === c.name);
    return [
      c.label,
      String(c.losses.length),
      last === undefined ? '-' : last.testLoss.toFixed(4),
      last === undefined ? '-' : `${(last.testAccuracy * 100).toFixed(2)}%`,
      near === undefined ? '-' : `${(near.pytorchAccuracy * 100).toFixed(2)}%`,
      near === undefined ? '-' : `${near.maxLossDifference.toExponential(2)} (first ${near.steps} steps)`,
      c.divergedAt === null ? '-' : `diverged at step ${c.divergedAt}`,
      c.seconds.toFixed(1),
    ];
  });
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>
body { font-family: 'DejaVu Sans', system-ui, sans-serif; margin: 2rem auto; max-width: 1280px; color: #222; padding: 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
figure { display: inline-block; margin: 1rem 1rem 1rem 0; }
.muted { color: #777; }
</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p>${escapeHtml(input.about)}</p>
<h2>Lessons</h2>
${htmlTable(['the lecture says', 'criterion (fixed in code)', 'descent', 'seen', input.pytorch?.framework ?? 'PyTorch', 'seen'], lessonRows)}
${honest}
<h2>Curves</h2>
${figures.join('\n')}
<h2>Runs</h2>
${htmlTable(['run', 'steps', 'final test loss', 'test acc', `${input.pytorch?.framework ?? 'PyTorch'} test acc`, 'max |loss - PyTorch loss|', 'status', 'train seconds'], runRows)}
<p class="muted">Generated ${escapeHtml(new Date().toISOString())} by descent lecture.</p>
</body>
</html>
`;
  const path = join(outDir, 'report.html');
  writeFileAtomic(path, html);
  return { html: path, charts };
}
