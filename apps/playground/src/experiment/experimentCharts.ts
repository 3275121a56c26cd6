import { h } from '../ui/h';
import { LineChart, type ChartSeries } from '../ui/lineChart';
import { runColour, runLabel } from '../ui/runLabel';
import type { RunReference } from './lectureReference';
import { EMA, type RunProgress } from './runProgress';

const finite = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);
/**
 * The loss axis ends at this multiple of the largest first loss: a run that blows up (lr 10
 * reaches hundreds) is drawn along the top edge instead of squashing the others' curves.
 */
const LOSS_CEILING = 5;

/**
 * The experiment's two charts: the smoothed training loss per step (log axis) and the test
 * accuracy at the evaluation steps. A run that PyTorch replayed (same weights, same batches)
 * has PyTorch's curve beside it in its colour, dashed, drawn over the whole planned length
 * from the start, so the learner sees where the run is heading.
 */
export class ExperimentCharts {
  readonly element: HTMLElement;
  private readonly loss: LineChart;
  private readonly accuracy: LineChart;
  private readonly key: HTMLElement;

  constructor(evalImages: number) {
    const lossHost = h('div', { class: 'chart', id: 'exp-loss-chart' });
    const accuracyHost = h('div', { class: 'chart', id: 'exp-accuracy-chart' });
    this.loss = new LineChart(lossHost, { title: `training loss (batch cross-entropy, EMA ${EMA})`, xLabel: 'step', yLabel: 'loss', logY: true, height: 260 });
    this.accuracy = new LineChart(accuracyHost, { title: `test accuracy (${evalImages.toLocaleString('en-US')} test images)`, xLabel: 'step', yLabel: 'accuracy', logY: false, height: 260 });
    this.key = h('p', { class: 'chart-key', id: 'exp-chart-key' });
    this.element = h('div', {}, h('div', { class: 'charts' }, lossHost, accuracyHost), this.key);
  }

  /** Names the x axes after the epoch length. */
  setEpoch(stepsPerEpoch: number): void {
    for (const chart of [this.loss, this.accuracy]) chart.setXLabel(`step (1 epoch = ${stepsPerEpoch} steps)`);
  }

  /** Draws `runs` (and the references of those that have one) over `plannedSteps`. */
  render(runs: readonly RunProgress[], references: ReadonlyArray<RunReference | undefined>, plannedSteps: number): void {
    const referenced = references.filter((r): r is RunReference => r !== undefined);
    const span = Math.max(0, ...runs.map((r) => r.losses.length), ...referenced.map((r) => Math.min(plannedSteps, r.curve.losses.length)));
    const x = Array.from({ length: span }, (_, i) => i + 1);
    const label = (r: RunProgress, i: number): string => `${i + 1}. ${runLabel(r.spec)}`;
    const mark = (r: RunProgress): string => (r.divergedAt !== undefined ? ` ✕ diverged at ${r.divergedAt}` : r.blewUpAt !== undefined ? ` ✕ blew up at ${r.blewUpAt}` : '');
    const ceiling = LOSS_CEILING * Math.max(2.5, ...runs.map((r) => r.losses[0] ?? 0).filter(Number.isFinite));
    const clip = (v: number | undefined): number | null => {
      const y = finite(v);
      return y === null ? null : Math.min(y, ceiling);
    };
    const lossSeries: ChartSeries[] = [];
    runs.forEach((r, i) => {
      lossSeries.push({ label: `${label(r, i)}${mark(r)}`, colour: runColour(i), values: x.map((_, k) => clip(r.smoothed[k])) });
      const ref = references[i];
      if (ref !== undefined) lossSeries.push({ label: `${i + 1}. PyTorch`, colour: runColour(i), dash: true, values: x.map((_, k) => clip(ref.smoothed[k])) });
    });
    this.loss.update(x, lossSeries, ceiling);

    // Runs are evaluated at their own steps, PyTorch's replay at its: one x for both, lines across the gaps.
    const steps = new Set<number>();
    for (const r of runs) for (const e of r.evaluations) steps.add(e.step);
    for (const ref of referenced) for (const e of ref.curve.evaluations) if (e.step <= plannedSteps) steps.add(e.step);
    const evalX = [...steps].sort((a, b) => a - b);
    const accuracySeries: ChartSeries[] = [];
    runs.forEach((r, i) => {
      const at = new Map(r.evaluations.map((e) => [e.step, e.accuracy]));
      accuracySeries.push({ label: label(r, i), colour: runColour(i), spanGaps: true, values: evalX.map((s) => finite(at.get(s))) });
      const ref = references[i];
      if (ref !== undefined) {
        const refAt = new Map(ref.curve.evaluations.map((e) => [e.step, e.testAccuracy]));
        accuracySeries.push({ label: `${i + 1}. PyTorch`, colour: runColour(i), dash: true, spanGaps: true, values: evalX.map((s) => finite(refAt.get(s))) });
      }
    });
    this.accuracy.update(evalX, accuracySeries);
    const framework = referenced[0]?.framework;
    this.key.textContent =
      framework === undefined
        ? `Solid: the runs in this tab. A loss above ${LOSS_CEILING}× the start is drawn at the top edge.`
        : `Solid: the runs in this tab (a loss above ${LOSS_CEILING}× the start is drawn at the top edge). Dashed: ${framework}, the same runs replayed from the same initial weights on the same batches (its accuracy on all 10,000 test images).`;
  }
}
