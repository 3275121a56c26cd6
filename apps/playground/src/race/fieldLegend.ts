import { viridis } from '../ui/colourScale';
import type { ContourField } from './contourField';

/** `value` with `digits` significant digits, compact: 0.0012, 3.5e4, -16. */
function label(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a >= 1e4 || a < 1e-3) return value.toExponential(Math.max(0, digits - 1)).replace('e+', 'e');
  return Number(value.toPrecision(digits)).toString();
}

/**
 * The labels of band edges `edges` of `levels`: the fewest significant digits (2 to 6) at
 * which every label differs from its neighbours, so the bar never reads "-4 -4 -4".
 *
 * @example
 * edgeLabels([0, 0.5, 1.02, 1.04], [0, 1, 2, 3]); // ['0', '0.5', '1.02', '1.04']
 */
export function edgeLabels(levels: readonly number[], edges: readonly number[]): string[] {
  for (let digits = 2; digits <= 6; digits++) {
    const texts = edges.map((e) => label(levels[e] as number, digits));
    if (texts.every((t, i) => i === 0 || t !== texts[i - 1])) return texts;
  }
  return edges.map((e) => label(levels[e] as number, 6));
}

/**
 * Draws the colour scale of a contour field at the canvas's pixel ratio: one swatch per band,
 * bottom to top (equal heights: with quantile levels each band is an equal share of the
 * picture), and the f value at every band edge that has room (16 CSS px apart), each label
 * distinct from its neighbours.
 *
 * @example
 * drawFieldLegend(legendCanvas, field, devicePixelRatio);
 */
export function drawFieldLegend(legend: HTMLCanvasElement, contour: ContourField, ratio = 1): void {
  const ctx = legend.getContext('2d');
  if (ctx === null) return;
  const w = legend.width;
  const hgt = legend.height;
  ctx.clearRect(0, 0, w, hgt);
  const bands = contour.levels.length - 1;
  const swatch = 14 * ratio;
  for (let b = 0; b < bands; b++) {
    ctx.fillStyle = viridis((b + 0.5) / bands);
    const top = Math.floor(hgt - ((b + 1) / bands) * hgt);
    ctx.fillRect(0, top, swatch, Math.ceil(hgt - (b / bands) * hgt) - top);
  }
  const every = Math.max(1, Math.ceil((16 * ratio) / (hgt / bands)));
  const edges: number[] = [];
  for (let b = 0; b <= bands; b += every) edges.push(b);
  const texts = edgeLabels(contour.levels, edges);
  ctx.fillStyle = '#c9d1d9';
  ctx.font = `${11 * ratio}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  // From the top down, so the top edge's label (pushed inside the bar) wins over a neighbour it would overlap.
  let last = -Infinity;
  for (let i = edges.length - 1; i >= 0; i--) {
    const y = Math.min(hgt - 6 * ratio, Math.max(6 * ratio, hgt - ((edges[i] as number) / bands) * hgt));
    if (y - last < 13 * ratio) continue;
    last = y;
    ctx.fillRect(swatch, Math.round(y), 3 * ratio, Math.max(1, ratio));
    ctx.fillText(texts[i] as string, swatch + 5 * ratio, y, w - swatch - 6 * ratio);
  }
}
