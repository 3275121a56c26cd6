import { existsSync, statSync } from 'node:fs';
import { DescentError, describeValue, rethrowIn } from '@descent/core';
import { formatSchedule, parseSchedule, schedule } from '@descent/schedulers';
import type { ScheduleSpec } from '@descent/schedulers';
import { flagInteger, flagNumber } from '../options/parseFlag';
import { svgToPng } from '../render/svgToPng';
import { textPlot } from '../render/textPlot';
import { vegaLiteToSvg } from '../render/vegaLiteToSvg';
import { writeFiles } from '../render/writeFiles';
import { scheduleChart } from './scheduleChart';

/** The flags of `descent schedule`, as text. */
export interface ScheduleFlags {
  steps?: string;
  lr?: string;
  log?: boolean;
  width?: string;
  height?: string;
  out?: string;
  json?: boolean;
}

/** What `descent schedule` computed. */
export interface ScheduleResult {
  spec: ScheduleSpec;
  /** The spec as `formatSchedule` writes it (short form where one exists). */
  text: string;
  values: number[];
  /** The report for the terminal (or JSON with `--json`). */
  report: string;
  files: string[];
}

const MAX_STEPS = 10_000_000;

function format(value: number): string {
  if (value === 0) return '0';
  const a = Math.abs(value);
  return a >= 1e4 || a < 1e-3 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/** True when the spec's values are learning rates: an absolute schedule, or one given an `initial`; otherwise a multiplier. */
function scalesAValue(spec: ScheduleSpec, initial: number | undefined): boolean {
  return spec.type === 'oneCycle' || spec.type === 'cyclic' || initial !== undefined || 'initial' in spec;
}

/** The steps to show when `--steps` is not given: the spec's own length where it has one, else 100. */
function defaultSteps(spec: ScheduleSpec): number {
  const s = spec as unknown as Record<string, unknown>;
  // oneCycle ends at totalSteps - 1; warmupCosine reaches etaMin at totalSteps.
  if (typeof s.totalSteps === 'number') return spec.type === 'oneCycle' ? s.totalSteps : s.totalSteps + 1;
  if (typeof s.epochs === 'number' && typeof s.stepsPerEpoch === 'number') return s.epochs * s.stepsPerEpoch;
  if (typeof s.tMax === 'number') return s.tMax + 1;
  return 100;
}

/**
 * `descent schedule SPEC`: evaluates any schedule spec of `@descent/schedulers` (short
 * form or JSON) at steps 0..N-1, renders it in the terminal, and with `--out` writes
 * `schedule.svg`, `schedule.png` and `schedule.json`.
 *
 * @throws ScheduleError / DescentError for a malformed spec or flag.
 * @example
 * const { report } = await scheduleCli('warmup-cosine:500:10000', { lr: '0.1' });
 */
export async function scheduleCli(specText: string, flags: ScheduleFlags): Promise<ScheduleResult> {
  // A learning rate is never negative (torch's optimizers refuse one).
  const initial = flags.lr === undefined ? undefined : flagNumber('schedule', '--lr', flags.lr, 0);
  let spec: ScheduleSpec;
  let fn: (step: number) => number;
  try {
    spec = parseSchedule(specText, initial === undefined ? {} : { initial });
    fn = schedule(spec);
  } catch (error) {
    throw rethrowIn('schedule: SPEC', error, 'INVALID_SCHEDULE', { field: 'SPEC' });
  }
  const steps = flags.steps === undefined ? defaultSteps(spec) : flagInteger('schedule', '--steps', flags.steps, 1, MAX_STEPS);
  if (steps > MAX_STEPS) throw new DescentError('INVALID_ARGUMENT', `schedule: the spec's length ${steps} is over ${MAX_STEPS} steps: pass --steps`, { details: { field: '--steps' } });
  const width = flags.width === undefined ? 64 : flagInteger('schedule', '--width', flags.width, 8, 1000);
  const height = flags.height === undefined ? 8 : flagInteger('schedule', '--height', flags.height, 2, 200);
  const values = Array.from({ length: steps }, (_, i) => fn(i));
  const text = formatSchedule(spec, initial === undefined ? {} : { initial });

  let lo = 0;
  let hi = 0;
  values.forEach((v, i) => {
    if (v < values[lo]!) lo = i;
    if (v > values[hi]!) hi = i;
  });
  const marks = [...new Set([0, 0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * (steps - 1))))];
  const report = flags.json === true
    ? JSON.stringify({ spec, text, steps, values }, null, 1)
    : [
        `schedule  ${text}`,
        `spec      ${JSON.stringify(spec)}`,
        `steps     0..${steps - 1}`,
        `value     start ${format(values[0]!)}, max ${format(values[hi]!)} at step ${hi}, min ${format(values[lo]!)} at step ${lo}, end ${format(values[steps - 1]!)}`,
        '',
        textPlot(values, { width, height, logY: flags.log === true, xLabels: ['0', String(steps - 1)] }),
        '',
        ...marks.map((s) => `  step ${String(s).padStart(String(steps - 1).length)}  ${format(values[s]!)}`),
      ].join('\n');

  let files: string[] = [];
  if (flags.out !== undefined) {
    if (existsSync(flags.out) && !statSync(flags.out).isDirectory()) throw new DescentError('INVALID_ARGUMENT', `schedule: --out must be a folder, got ${describeValue(flags.out)} (a file)`, { details: { field: '--out' } });
    const svg = await vegaLiteToSvg(scheduleChart(values, { title: initial === undefined ? text : `${text} (lr ${initial})`, yTitle: scalesAValue(spec, initial) ? 'learning rate' : 'value', logY: flags.log === true }));
    files = writeFiles(flags.out, {
      'schedule.svg': svg,
      'schedule.png': svgToPng(svg).png,
      'schedule.json': JSON.stringify({ spec, text, steps, values }),
    });
  }
  return { spec, text, values, report, files };
}
