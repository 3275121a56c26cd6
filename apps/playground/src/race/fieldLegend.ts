import { formatNumber } from '../ui/h';
import { viridis } from '../ui/colourScale';
import type { ContourField } from './contourField';

/**
 * Draws the colour scale of a contour field: one swatch per band, bottom to top, and every
 * third band edge's f value beside it.
 *
 * @example
 * drawFieldLegend(legendCanvas, field);
 */
export function drawFieldLegend(legend: HTMLCanvasElement, contour: ContourField): void {
  const ctx = legend.getContext('2d');
  if (ctx === null) return;
  const w = legend.width;
  const hgt = legend.height;
  ctx.clearRect(0, 0, w, hgt);
  const bands = contour.levels.length - 1;
  for (let b = 0; b < bands; b++) {
    ctx.fillStyle = viridis((b + 0.5) / bands);
    ctx.fillRect(0, hgt - ((b + 1) / bands) * hgt, 14, hgt / bands + 0.5);
  }
  ctx.fillStyle = '#c9d1d9';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (let b = 0; b <= bands; b += 3) {
    const y = Math.min(hgt - 6, Math.max(6, hgt - (b / bands) * hgt));
    ctx.fillText(formatNumber(contour.levels[b] as number), 18, y);
  }
}
