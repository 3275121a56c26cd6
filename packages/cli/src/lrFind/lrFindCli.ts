import { DescentError } from '@descent/core';
import { Trainer, initBackend } from '@descent/train';
import { backendChoices, isBackendChoice } from '@descent/train/backends';
import { datasetNames } from '../data/datasetNames';
import { loadData } from '../data/loadData';
import { parseNumber, parsePositiveInt, parseSeed } from '../options/flagValues';
import type { OptimizerSpec } from '../options/optimizerSpec';
import { parseSetting } from '../options/parseSetting';
import { optimizerSpecSetting } from '../options/settingSpecs';
import { svgToPng } from '../render/svgToPng';
import { textPlot } from '../render/textPlot';
import { vegaLiteToSvg } from '../render/vegaLiteToSvg';
import { writeFiles } from '../render/writeFiles';
import { lrFindChart } from './lrFindChart';
import { rangeTestGamma, smoother, suggestLr } from './rangeTest';
import type { LrSuggestion, RangeTestPoint } from './rangeTest';

/** The flags of `descent lr-find`, as text. */
export interface LrFindFlags {
  optimizer?: string;
  startLr?: string;
  endLr?: string;
  steps?: string;
  batchSize?: string;
  hidden?: string;
  dataset?: string;
  data?: string;
  limitTrain?: string;
  seed?: string;
  backend?: string;
  diverge?: string;
  /** Smoothing of the loss: the EMA factor in [0, 1). */
  smoothing?: string;
  out?: string | false;
  json?: boolean;
}

/** What `descent lr-find` found. */
export interface LrFindResult {
  points: RangeTestPoint[];
  suggestion: LrSuggestion | null;
  /** Why the test ended before `--steps`, if it did. */
  stoppedEarly: string | null;
  /** The report for the terminal. */
  report: string;
  /** Everything, as JSON. */
  json: Record<string, unknown>;
  files: string[];
}


function parseHidden(text: string): number[] {
  const sizes = text.split(',').map((s) => s.trim());
  if (sizes.length === 0 || sizes.some((s) => !/^\d+$/.test(s) || Number(s) < 1)) {
    throw new DescentError('INVALID_ARGUMENT', `lr-find: --hidden must be positive integers separated by commas (e.g. 200 or 512,256), got '${text}'`);
  }
  return sizes.map(Number);
}

/**
 * `descent lr-find`: the learning-rate range test (Smith 2017). Trains the MLP on MNIST
 * (or a 2D set) with the optimizer's lr growing exponentially from `--start-lr` to
 * `--end-lr` over `--steps` updates, one batch each, smooths the batch losses, stops
 * early once the smoothed loss exceeds `--diverge` times its minimum (or turns NaN), and
 * suggests a learning rate (`suggestLr`). Writes `lr-find.json`, `lr-find.svg` and
 * `lr-find.png` into `--out`.
 *
 * @throws DescentError for bad flags (checked before any data is loaded) or a missing dataset.
 * @example
 * const { suggestion } = await lrFindCli({ startLr: '1e-5', endLr: '10', steps: '100' });
 */
export async function lrFindCli(flags: LrFindFlags): Promise<LrFindResult> {
  const spec = parseSetting('lr-find', optimizerSpecSetting, flags.optimizer ?? 'sgd') as OptimizerSpec;
  if ('lr' in spec.options) {
    throw new DescentError('INVALID_ARGUMENT', `lr-find: --optimizer must not set lr (the range test sets it), got '${flags.optimizer}'`);
  }
  const startLr = parseNumber('lr-find', '--start-lr', flags.startLr ?? '1e-5', 0, true);
  const endLr = parseNumber('lr-find', '--end-lr', flags.endLr ?? '10', 0, true);
  if (endLr <= startLr) throw new DescentError('INVALID_ARGUMENT', `lr-find: --end-lr must be greater than --start-lr (${startLr}), got ${endLr}`);
  const steps = parsePositiveInt('lr-find', '--steps', flags.steps ?? '100');
  if (steps < 10) throw new DescentError('INVALID_ARGUMENT', `lr-find: --steps must be at least 10, got ${steps}`);
  const batchSize = parsePositiveInt('lr-find', '--batch-size', flags.batchSize ?? '64');
  const hidden = parseHidden(flags.hidden ?? '200');
  const seed = parseSeed('lr-find', flags.seed ?? '0');
  const diverge = parseNumber('lr-find', '--diverge', flags.diverge ?? '4', 1, true);
  const smoothing = parseNumber('lr-find', '--smoothing', flags.smoothing ?? '0.9', 0);
  if (smoothing >= 1) throw new DescentError('INVALID_ARGUMENT', `lr-find: --smoothing must be in [0, 1), got ${smoothing}`);
  const backend = flags.backend ?? 'auto';
  if (!isBackendChoice(backend)) throw new DescentError('INVALID_ARGUMENT', `lr-find: --backend must be one of ${backendChoices.join(', ')}, got '${flags.backend}'`);
  const dataset = flags.dataset ?? 'mnist';
  if (!datasetNames.includes(dataset)) throw new DescentError('INVALID_ARGUMENT', `lr-find: --dataset must be one of ${datasetNames.join(', ')}, got '${dataset}'`);
  const limitTrain = flags.limitTrain === undefined ? undefined : parsePositiveInt('lr-find', '--limit-train', flags.limitTrain);

  const loaded = await loadData(
    'lr-find',
    { dataset, ...(flags.data === undefined ? {} : { data: flags.data }), ...(limitTrain === undefined ? {} : { limitTrain }), limitTest: 1 },
    { shared: false, seed },
  );
  const info = await initBackend(backend);
  const train = loaded.data.train;
  const batchesPerEpoch = Math.ceil(train.count / batchSize);
  const trainer = new Trainer(
    {
      hidden,
      optimizer: spec.name,
      optimizerOptions: { ...spec.options, lr: startLr },
      schedule: { type: 'exponential', gamma: rangeTestGamma(startLr, endLr, steps) },
      scheduleUnit: 'step',
      epochs: Math.ceil(steps / batchesPerEpoch),
      batchSize,
      seed,
      classes: loaded.classes,
      syncEvery: 1,
      dataset,
    },
    { train },
  );
  const points: RangeTestPoint[] = [];
  const smooth = smoother(smoothing);
  let best = Infinity;
  let stoppedEarly: string | null = null;
  try {
    const result = await trainer.run({
      onStep: ({ step, loss, lr }) => {
        if (points.length >= steps || stoppedEarly !== null) return;
        const smoothed = smooth(loss);
        points.push({ step, lr, loss, smoothed });
        best = Math.min(best, smoothed);
        if (!Number.isFinite(smoothed)) stoppedEarly = `loss became ${smoothed} at step ${step} (lr ${lr.toExponential(2)})`;
        else if (step > 10 && smoothed > diverge * best) {
          stoppedEarly = `smoothed loss ${smoothed.toFixed(3)} exceeded ${diverge} x its minimum ${best.toFixed(3)} at step ${step} (lr ${lr.toExponential(2)})`;
        }
        if (stoppedEarly !== null || points.length >= steps) trainer.stop();
      },
    });
    if (result.diverged !== null && stoppedEarly === null) {
      stoppedEarly = `the loss or a gradient became non-finite at step ${result.diverged.step}`;
    }
  } finally {
    trainer.dispose();
  }
  const suggestion = suggestLr(points, { beta: smoothing });
  const title = `${spec.label} on ${dataset} (${train.count} images, batch ${batchSize})`;
  const json = {
    format: 'descent-lr-find',
    version: 1,
    optimizer: spec.name,
    options: spec.options,
    dataset,
    trainCount: train.count,
    hidden,
    batchSize,
    seed,
    startLr,
    endLr,
    steps,
    smoothing,
    diverge,
    backend: info.backend,
    stoppedEarly,
    suggestion,
    points,
  };
  // The text chart's top is the loss before it started falling: the explosion is clipped.
  const lowest = points.reduce((i, p, j) => (p.smoothed < points[i]!.smoothed ? j : i), 0);
  const yMax = Math.max(...points.slice(0, lowest + 1).map((p) => p.smoothed)) * 1.02;
  const lines = [
    `lr-find   ${title}, backend ${info.backend}`,
    `lr        ${startLr.toExponential(1)} -> ${endLr.toExponential(1)} over ${steps} steps; ran ${points.length}${stoppedEarly === null ? '' : `, stopped early: ${stoppedEarly}`}`,
    '',
    'smoothed loss against learning rate (log axis):',
    textPlot(
      points.map((p) => p.smoothed),
      { width: 64, height: 8, yMax, xLabels: [points[0]?.lr.toExponential(0) ?? '', points[points.length - 1]?.lr.toExponential(0) ?? ''] },
    ),
    '',
    suggestion === null
      ? 'no suggestion: too few steps ran before the loss exploded; lower --start-lr or raise --steps.'
      : `suggested lr ${suggestion.suggested.toExponential(2)} (${suggestion.rule})\n${suggestion.explanation}`,
  ];
  let files: string[] = [];
  if (flags.out !== false) {
    const svg = await vegaLiteToSvg(lrFindChart(points, suggestion, title));
    files = writeFiles(flags.out ?? 'lr-find', {
      'lr-find.json': JSON.stringify(json, null, 1),
      'lr-find.svg': svg,
      'lr-find.png': svgToPng(svg).png,
    });
  }
  return { points, suggestion, stoppedEarly, report: lines.join('\n'), json, files };
}
