import type { BasinMap, Surface, Trajectory } from '@descent/race';
import { h } from '../ui/h';
import { runColour } from '../ui/runLabel';
import { drawBasin } from './basinLayer';
import { contourField, type ContourField } from './contourField';
import { drawFieldLegend } from './fieldLegend';

/** What the field shows. */
export interface FieldScene {
  surface: Surface;
  trajectories: readonly Trajectory[];
  /** Paths are drawn up to this step. */
  playhead: number;
  start: readonly [number, number];
  basin: BasinMap | undefined;
}

/** What the pointer and the keys on the field ask for. */
export interface FieldActions {
  /** A new start point (click, drag, arrow keys). */
  moveStart(x: number, y: number): void;
  /** Space: play or pause. */
  togglePlay(): void;
}

/**
 * The stage: filled contours of the surface (rendered once per surface and size), the basin
 * map, the minima (a star for a global one, a ring for a local one), every path up to the
 * playhead with its head, and the start. Click or drag sets the start; arrow keys move it by
 * 1% of the view (10% with Shift); Space plays.
 *
 * @example
 * const field = new FieldCanvas({ moveStart, togglePlay });
 * field.draw({ surface, trajectories, playhead: 500, start: [-1, 1], basin: undefined });
 */
export class FieldCanvas {
  readonly canvas = h('canvas', { class: 'field', tabindex: 0, role: 'img', 'aria-label': 'loss surface; click or drag to set the start point, arrow keys move it, space plays' });
  readonly legend = h('canvas', { class: 'legend', width: 64, height: 400, role: 'img', 'aria-label': 'colour scale of the loss' });
  readonly element = h('div', { class: 'canvas-row' }, this.canvas, this.legend);
  private field: { key: string; canvas: HTMLCanvasElement; contour: ContourField } | undefined;
  private scene: FieldScene | undefined;

  constructor(actions: FieldActions) {
    let dragging = false;
    const setFrom = (event: PointerEvent): void => {
      const b = this.scene?.surface.viewBox;
      if (b === undefined) return;
      const rect = this.canvas.getBoundingClientRect();
      const x = b.xMin + ((event.clientX - rect.left) / rect.width) * (b.xMax - b.xMin);
      const y = b.yMax - ((event.clientY - rect.top) / rect.height) * (b.yMax - b.yMin);
      const round = (v: number, span: number): number => Number(v.toFixed(Math.max(0, 3 - Math.floor(Math.log10(span)))));
      actions.moveStart(round(Math.min(b.xMax, Math.max(b.xMin, x)), b.xMax - b.xMin), round(Math.min(b.yMax, Math.max(b.yMin, y)), b.yMax - b.yMin));
    };
    this.canvas.addEventListener('pointerdown', (event) => {
      dragging = true;
      this.canvas.setPointerCapture(event.pointerId);
      setFrom(event);
    });
    this.canvas.addEventListener('pointermove', (event) => {
      if (dragging) setFrom(event);
    });
    const end = (): void => {
      dragging = false;
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.canvas.addEventListener('keydown', (event) => {
      const scene = this.scene;
      if (scene === undefined) return;
      const b = scene.surface.viewBox;
      const fraction = event.shiftKey ? 0.1 : 0.01;
      const dx = fraction * (b.xMax - b.xMin);
      const dy = fraction * (b.yMax - b.yMin);
      const moves: Record<string, [number, number]> = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy] };
      const move = moves[event.key];
      if (move !== undefined) {
        event.preventDefault();
        const nx = Math.min(b.xMax, Math.max(b.xMin, scene.start[0] + move[0]));
        const ny = Math.min(b.yMax, Math.max(b.yMin, scene.start[1] + move[1]));
        actions.moveStart(Number(nx.toPrecision(6)), Number(ny.toPrecision(6)));
      } else if (event.key === ' ') {
        event.preventDefault();
        actions.togglePlay();
      }
    });
  }

  /** The contour field at `width` x `height`, rendered on first use (its time as the `race:field` measure). */
  private fieldFor(surface: Surface, width: number, height: number): { canvas: HTMLCanvasElement; contour: ContourField } {
    const key = `${surface.name}|${width}x${height}`;
    if (this.field?.key === key) return this.field;
    const t0 = performance.now();
    const contour = contourField(surface, surface.viewBox, width, height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    (canvas.getContext('2d') as CanvasRenderingContext2D).putImageData(new ImageData(contour.pixels as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
    performance.measure('race:field', { start: t0, detail: { width, height } });
    this.field = { key, canvas, contour };
    drawFieldLegend(this.legend, contour);
    return this.field;
  }

  /** Sizes the canvas to its row (at most 640 CSS px, the surface's aspect) and the device's pixel ratio. */
  private resize(surface: Surface): number {
    const b = surface.viewBox;
    const aspect = (b.yMax - b.yMin) / (b.xMax - b.xMin);
    const cssWidth = Math.max(160, Math.min(640, (this.element.clientWidth || 480) - 80));
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    const width = Math.round(cssWidth * ratio);
    const height = Math.round(cssWidth * aspect * ratio);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.canvas.style.width = `${cssWidth}px`;
      this.canvas.style.height = `${cssWidth * aspect}px`;
      this.legend.height = height;
      this.legend.style.height = `${cssWidth * aspect}px`;
      this.legend.width = Math.round(64 * ratio);
      this.legend.style.width = '64px';
    }
    return ratio;
  }

  /** Draws `scene` (or the last one again); its time is the `race:draw` measure. */
  draw(scene: FieldScene | undefined = this.scene): void {
    if (scene === undefined) return;
    this.scene = scene;
    const t0 = performance.now();
    const { surface } = scene;
    const ratio = this.resize(surface);
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    const { width: w, height: hgt } = this.canvas;
    // The field at the canvas's resolution up to 800 px, scaled up beyond that.
    const scale = Math.min(1, 800 / Math.max(w, hgt));
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.fieldFor(surface, Math.round(w * scale), Math.round(hgt * scale)).canvas, 0, 0, w, hgt);
    if (scene.basin !== undefined) drawBasin(ctx, scene.basin, w, hgt);
    const b = surface.viewBox;
    const clamp = (v: number): number => Math.max(-1e5, Math.min(1e5, v));
    const toPx = (x: number, y: number): [number, number] => [clamp(((x - b.xMin) / (b.xMax - b.xMin)) * w), clamp(((b.yMax - y) / (b.yMax - b.yMin)) * hgt)];
    ctx.lineWidth = 2 * ratio;
    ctx.strokeStyle = '#ffffff';
    for (const m of surface.minima) {
      const [px, py] = toPx(m.x, m.y);
      ctx.beginPath();
      if (m.kind === 'global') {
        for (let k = 0; k < 4; k++) {
          const a = (k * Math.PI) / 4;
          ctx.moveTo(px - 7 * ratio * Math.cos(a), py - 7 * ratio * Math.sin(a));
          ctx.lineTo(px + 7 * ratio * Math.cos(a), py + 7 * ratio * Math.sin(a));
        }
      } else ctx.arc(px, py, 5 * ratio, 0, 2 * Math.PI);
      ctx.stroke();
    }
    scene.trajectories.forEach((t, i) => {
      const end = Math.min(t.steps, scene.playhead);
      ctx.strokeStyle = runColour(i);
      ctx.fillStyle = runColour(i);
      ctx.beginPath();
      for (let k = 0; k <= end; k++) {
        const [px, py] = toPx(t.xs[k] as number, t.ys[k] as number);
        if (k === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.stroke();
      const [hx, hy] = toPx(t.xs[end] as number, t.ys[end] as number);
      ctx.beginPath();
      ctx.arc(hx, hy, 4 * ratio, 0, 2 * Math.PI);
      ctx.fill();
      if (t.diverged && end === t.steps) {
        ctx.font = `${12 * ratio}px system-ui, sans-serif`;
        ctx.fillText('✕ diverged', Math.max(4, Math.min(w - 80 * ratio, hx + 6)), Math.max(14, Math.min(hgt - 4, hy)));
      }
    });
    const [sx, sy] = toPx(scene.start[0], scene.start[1]);
    ctx.fillStyle = '#ffffff';
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 1.5 * ratio;
    ctx.beginPath();
    ctx.arc(sx, sy, 6 * ratio, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    performance.measure('race:draw', { start: t0 });
  }
}
