import type { Trajectory } from '@descent/race';
import { runColour } from '../ui/runLabel';

/** Canvas pixels a point must be from the last one drawn to start a new segment (the end is always drawn). */
const MIN_SEGMENT = 0.5;

/** Maps a surface point to canvas pixels. */
export type ToPixels = (x: number, y: number) => [number, number];

/**
 * Draws every path up to the playhead and its head: a disc with a dark rim and the run's
 * number in it (visible on every colour of the field), and "✕ diverged" beside a run that
 * left. Sizes are CSS pixels times `ratio` (the canvas's device pixel ratio).
 *
 * @example
 * drawPaths(ctx, trajectories, 120, toPx, 2);
 */
export function drawPaths(ctx: CanvasRenderingContext2D, trajectories: readonly Trajectory[], playhead: number, toPx: ToPixels, ratio: number): void {
  const { width, height } = ctx.canvas;
  ctx.lineJoin = 'round';
  trajectories.forEach((t, i) => {
    if (t.outcome === 'refused') return;
    const end = Math.min(t.steps, playhead);
    ctx.strokeStyle = runColour(i);
    ctx.lineWidth = 2 * ratio;
    ctx.beginPath();
    let [lx, ly] = toPx(t.xs[0] as number, t.ys[0] as number);
    ctx.moveTo(lx, ly);
    for (let k = 1; k <= end; k++) {
      const [px, py] = toPx(t.xs[k] as number, t.ys[k] as number);
      if (k < end && Math.abs(px - lx) < MIN_SEGMENT && Math.abs(py - ly) < MIN_SEGMENT) continue;
      ctx.lineTo(px, py);
      lx = px;
      ly = py;
    }
    ctx.stroke();
  });
  // Heads over every path, last run on top.
  ctx.font = `bold ${10 * ratio}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  trajectories.forEach((t, i) => {
    if (t.outcome === 'refused') return;
    const end = Math.min(t.steps, playhead);
    const [hx, hy] = toPx(t.xs[end] as number, t.ys[end] as number);
    const x = Math.max(8 * ratio, Math.min(width - 8 * ratio, hx));
    const y = Math.max(8 * ratio, Math.min(height - 8 * ratio, hy));
    ctx.beginPath();
    ctx.arc(x, y, 7.5 * ratio, 0, 2 * Math.PI);
    ctx.fillStyle = runColour(i);
    ctx.fill();
    ctx.lineWidth = 1.5 * ratio;
    ctx.strokeStyle = '#0d1117';
    ctx.stroke();
    ctx.fillStyle = '#0d1117';
    ctx.fillText(String(i + 1), x, y + 0.5 * ratio);
    if (t.diverged && end === t.steps) {
      ctx.textAlign = 'left';
      ctx.font = `${12 * ratio}px system-ui, sans-serif`;
      ctx.fillStyle = runColour(i);
      ctx.fillText('✕ diverged', Math.min(width - 80 * ratio, x + 10 * ratio), y);
      ctx.textAlign = 'center';
      ctx.font = `bold ${10 * ratio}px system-ui, sans-serif`;
    }
  });
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
}

/** One row of the in-figure legend: a swatch (a numbered disc, or a line style) and a text. */
export interface LegendRow {
  text: string;
  colour: string;
  /** A numbered head (a run), or a line style (an arrow kind of the step mode). */
  mark: { number: number } | { dash: number[]; width: number };
}

/**
 * The legend inside the figure: a dark translucent box in the corner that covers the fewest
 * of the `avoid` points (the paths, heads, start and minima; top-left on a tie), one row per
 * run (its numbered head and label) and, in step mode, per arrow kind.
 *
 * @example
 * drawLegend(ctx, [{ text: 'SGD lr=0.01', colour: '#ff5a36', mark: { number: 1 } }], 2, points);
 */
export function drawLegend(ctx: CanvasRenderingContext2D, rows: readonly LegendRow[], ratio: number, avoid: ReadonlyArray<readonly [number, number]> = []): void {
  if (rows.length === 0) return;
  const small = ctx.canvas.width / ratio < 420;
  const font = (small ? 10.5 : 12) * ratio;
  const line = (small ? 15 : 17) * ratio;
  const pad = 6 * ratio;
  ctx.font = `${font}px system-ui, sans-serif`;
  const { width, height } = ctx.canvas;
  const maxText = width * 0.6;
  const textWidth = Math.min(maxText, Math.max(...rows.map((r) => ctx.measureText(r.text).width)));
  const boxWidth = pad * 2 + 26 * ratio + textWidth;
  const boxHeight = pad * 2 + line * rows.length;
  const corners: Array<[number, number]> = [
    [pad, pad],
    [width - pad - boxWidth, pad],
    [pad, height - pad - boxHeight],
    [width - pad - boxWidth, height - pad - boxHeight],
  ];
  const covered = ([x, y]: [number, number]): number => avoid.filter(([px, py]) => px >= x - 8 * ratio && px <= x + boxWidth + 8 * ratio && py >= y - 8 * ratio && py <= y + boxHeight + 8 * ratio).length;
  const [left, top] = corners.reduce((best, c) => (covered(c) < covered(best) ? c : best));
  ctx.fillStyle = 'rgba(13, 17, 23, 0.78)';
  ctx.fillRect(left, top, boxWidth, boxHeight);
  // The marks of every row, then every text: two font changes per legend, not two per row
  // (each one a font lookup for the canvas).
  const centreY = (k: number): number => top + pad + line * k + line / 2;
  const cx = left + pad + 8 * ratio;
  ctx.font = `bold ${9 * ratio}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  rows.forEach((row, k) => {
    const cy = centreY(k);
    if ('number' in row.mark) {
      ctx.beginPath();
      ctx.arc(cx, cy, 6.5 * ratio, 0, 2 * Math.PI);
      ctx.fillStyle = row.colour;
      ctx.fill();
      ctx.fillStyle = '#0d1117';
      ctx.fillText(String(row.mark.number), cx, cy + 0.5 * ratio);
    } else {
      ctx.strokeStyle = row.colour;
      ctx.lineWidth = row.mark.width * ratio;
      ctx.setLineDash(row.mark.dash.map((d) => d * ratio));
      ctx.beginPath();
      ctx.moveTo(cx - 8 * ratio, cy);
      ctx.lineTo(cx + 8 * ratio, cy);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  });
  ctx.textAlign = 'left';
  ctx.font = `${font}px system-ui, sans-serif`;
  ctx.fillStyle = '#e6edf3';
  rows.forEach((row, k) => ctx.fillText(row.text, left + pad + 22 * ratio, centreY(k), maxText));
  ctx.textBaseline = 'alphabetic';
}

/**
 * The pixels the legend should not cover: every few points of each path up to the playhead,
 * each head, and `extra` (the start, the minima).
 *
 * @example
 * const avoid = pathPoints(trajectories, 300, toPx, [toPx(...start)]);
 */
export function pathPoints(trajectories: readonly Trajectory[], playhead: number, toPx: ToPixels, extra: ReadonlyArray<readonly [number, number]>): Array<readonly [number, number]> {
  const points: Array<readonly [number, number]> = [...extra];
  for (const t of trajectories) {
    if (t.outcome === 'refused') continue;
    const end = Math.min(t.steps, playhead);
    const every = Math.max(1, Math.floor(end / 60));
    for (let k = 0; k <= end; k += every) points.push(toPx(t.xs[k] as number, t.ys[k] as number));
    // The head counts five times: covering it is worse than covering a stretch of path.
    const head = toPx(t.xs[end] as number, t.ys[end] as number);
    for (let k = 0; k < 5; k++) points.push(head);
  }
  return points;
}
