import type { StepArrow } from '@descent/race';
import type { ToPixels } from './pathLayer';

/** How each arrow kind is drawn (the legend uses the same). */
export const ARROW_STYLES: Readonly<Record<StepArrow['kind'], { dash: number[]; width: number; words: string }>> = {
  gradient: { dash: [5, 3], width: 1.5, words: 'gradient step −ν∇' },
  momentum: { dash: [1.5, 2.5], width: 2, words: 'momentum (μv, −νm̂)' },
  step: { dash: [], width: 3, words: 'actual step Δθ' },
};

/** One racer's arrows at its current point, and Nesterov's look-ahead point. */
export interface RacerArrows {
  colour: string;
  arrows: readonly StepArrow[];
  lookahead: readonly [number, number] | null;
}

/** Longest and shortest arrow on screen, in CSS pixels. */
const LONGEST = 150;
const STEP_LENGTH = 70;

/**
 * The common scale of one racer's arrows: its actual step drawn 70 CSS px long (the
 * gradient when there is no step), so that a step of 1e-4 and one of 1 can both be seen;
 * every arrow of the racer is scaled alike, so their sum still closes (momentum + gradient =
 * step for SGD with momentum). An arrow that would be longer than 150 px is cut there and
 * ends in a bar.
 *
 * @example
 * arrowScale(racer, toPx, 2); // 512: the arrows are drawn 512 times their length
 */
export function arrowScale(racer: RacerArrows, toPx: ToPixels, ratio: number): number {
  const reference = racer.arrows.find((a) => a.kind === 'step') ?? racer.arrows[0];
  if (reference === undefined) return 1;
  const [ax, ay] = toPx(reference.from[0], reference.from[1]);
  const [bx, by] = toPx(reference.to[0], reference.to[1]);
  const length = Math.hypot(bx - ax, by - ay);
  return length > 0 && Number.isFinite(length) ? (STEP_LENGTH * ratio) / length : 1;
}

function arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, ratio: number, cut: boolean): void {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.setLineDash([]);
  const head = 8 * ratio;
  ctx.beginPath();
  if (cut) {
    ctx.moveTo(x1 + head * 0.6 * Math.cos(angle + Math.PI / 2), y1 + head * 0.6 * Math.sin(angle + Math.PI / 2));
    ctx.lineTo(x1 + head * 0.6 * Math.cos(angle - Math.PI / 2), y1 + head * 0.6 * Math.sin(angle - Math.PI / 2));
    ctx.stroke();
    return;
  }
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(angle - 0.4), y1 - head * Math.sin(angle - 0.4));
  ctx.lineTo(x1 - head * Math.cos(angle + 0.4), y1 - head * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fill();
}

/**
 * Draws the step mode at each racer's current point: the gradient step `−ν∇` (dashed), the
 * momentum carried over (dotted) and the actual step `Δθ` (solid, thick), scaled by
 * {@link arrowScale} and labelled at their tips; Nesterov's look-ahead point θ̃ as a ring.
 * Returns each racer's scale.
 *
 * @example
 * const scales = drawStepArrows(ctx, racers, toPx, 2);
 */
export function drawStepArrows(ctx: CanvasRenderingContext2D, racers: readonly RacerArrows[], toPx: ToPixels, ratio: number): number[] {
  ctx.font = `${12 * ratio}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  return racers.map((racer) => {
    const scale = arrowScale(racer, toPx, ratio);
    const place = (from: readonly [number, number], to: readonly [number, number]): { x0: number; y0: number; x1: number; y1: number; cut: boolean } => {
      const [x0, y0] = toPx(from[0], from[1]);
      const [tx, ty] = toPx(to[0], to[1]);
      let dx = (tx - x0) * scale;
      let dy = (ty - y0) * scale;
      const length = Math.hypot(dx, dy);
      const cut = length > LONGEST * ratio;
      if (cut) {
        dx *= (LONGEST * ratio) / length;
        dy *= (LONGEST * ratio) / length;
      }
      return { x0, y0, x1: x0 + dx, y1: y0 + dy, cut };
    };
    for (const a of racer.arrows) {
      const style = ARROW_STYLES[a.kind];
      const { x0, y0, x1, y1, cut } = place(a.from, a.to);
      if (!Number.isFinite(x1) || !Number.isFinite(y1)) continue;
      // A dark halo under each arrow keeps it readable on the bright end of the colour scale.
      ctx.strokeStyle = 'rgba(13, 17, 23, 0.8)';
      ctx.lineWidth = (style.width + 2) * ratio;
      ctx.setLineDash(style.dash.map((d) => d * ratio));
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
      ctx.strokeStyle = racer.colour;
      ctx.fillStyle = racer.colour;
      ctx.lineWidth = style.width * ratio;
      ctx.setLineDash(style.dash.map((d) => d * ratio));
      arrow(ctx, x0, y0, x1, y1, ratio, cut);
      ctx.fillText(a.text, x1 + 6 * ratio, y1 - 6 * ratio);
    }
    if (racer.lookahead !== null) {
      const momentum = racer.arrows.find((a) => a.kind === 'momentum');
      if (momentum !== undefined) {
        const { x1, y1 } = place(momentum.from, racer.lookahead);
        ctx.setLineDash([]);
        ctx.strokeStyle = racer.colour;
        ctx.lineWidth = 2 * ratio;
        ctx.beginPath();
        ctx.arc(x1, y1, 6 * ratio, 0, 2 * Math.PI);
        ctx.stroke();
        ctx.fillStyle = racer.colour;
        ctx.fillText('θ̃ look-ahead', x1 + 9 * ratio, y1 + 10 * ratio);
      }
    }
    ctx.setLineDash([]);
    return scale;
  });
}
