import type { EpochMetrics } from '@descent/train';

/** `93.21%`, or `-` when absent. */
export function percent(value: number | undefined): string {
  return value === undefined ? '-' : `${(value * 100).toFixed(2)}%`;
}

/** A loss with 4 decimals, or `NaN`/`Infinity`/`-`. */
export function lossText(value: number | undefined): string {
  if (value === undefined) return '-';
  return Number.isFinite(value) ? value.toFixed(4) : String(value);
}

/**
 * One line per finished epoch, for logs and non-TTY output.
 *
 * @example
 * formatEpoch(metrics, 10, 'lr-0.1'); // 'lr-0.1  epoch 1/10  train loss 0.4321  test loss 0.2210  test acc 93.41%  11.8 s'
 */
export function formatEpoch(metrics: EpochMetrics, epochs: number, run?: string): string {
  const parts = [
    `epoch ${metrics.epoch}/${epochs}`,
    `train loss ${lossText(metrics.trainLoss)}`,
    `test loss ${lossText(metrics.testLoss)}`,
    `test acc ${percent(metrics.testAccuracy)}`,
    `${(metrics.seconds + metrics.evalSeconds).toFixed(1)} s`,
  ];
  return `${run === undefined ? '' : `${run}  `}${parts.join('  ')}`;
}

/**
 * A plain-text table with columns padded to their widest cell.
 *
 * @example
 * textTable([['run', 'acc'], ['lr-0.1', '97.1%']]);
 */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}
