import type { BasinMap, Surface, Trajectory } from '@descent/race';
import { h } from '../ui/h';
import { drawBasin } from './basinLayer';
import { contourField, type ContourField } from './contourField';
import { drawFieldLegend } from './fieldLegend';
import { drawLegend, drawPaths, pathPoints, type LegendRow } from './pathLayer';
import { drawStepArrows, type RacerArrows } from './stepLayer';

/** What the field shows. */
export interface FieldScene {
  surface: Surface;
  trajectories: readonly Trajectory[];
  /** Paths are drawn up to this step. */
  playhead: number;
  start: readonly [number, number];
  basin: BasinMap | undefined;
  /** The legend drawn inside the figure: the runs, and in step mode the arrow kinds. */
  legend: readonly LegendRow[];
  /** Step mode: each racer's arrows at its current point; undefined when off. */
  arrows: readonly RacerArrows[] | undefined;
}

/** How near the start marker (CSS px) a touch must land to drag it rather than scroll the page. */
const TOUCH_GRAB = 28;

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
 * playhead with its numbered head, the step mode's arrows, the start, and the legend inside
 * the figure; the colour bar beside it. Sharp at any device pixel ratio. Click or drag sets
 * the start (a touch drags it only from the start marker, elsewhere the page scrolls, a tap
 * sets it); arrow keys move it by 1% of the view (10% with Shift); Space plays.
 *
 * @example
 * const field = new FieldCanvas({ moveStart, togglePlay });
 * field.draw({ surface, trajectories, playhead: 500, start: [-1, 1], basin: undefined, legend: [], arrows: undefined });
 */
export class FieldCanvas {
  readonly canvas = h('canvas', { class: 'field', tabindex: 0, role: 'img', 'aria-label': 'loss surface; click or drag to set the start point, arrow keys move it, space plays' });
  readonly legend = h('canvas', { class: 'legend', width: 64, height: 400, role: 'img', 'aria-label': 'colour scale of the loss' });
  readonly element = h('div', { class: 'canvas-row' }, this.canvas, this.legend);
  private field: { key: string; canvas: HTMLCanvasElement; contour: ContourField } | undefined;
  private scene: FieldScene | undefined;
  /** The row's width, from a ResizeObserver: reading clientWidth on every draw would force a layout. */
  private rowWidth = 0;
  /** The field whose colour bar is drawn ('' after a resize). */
  private legendOf = '';

  /** The scale of each racer's arrows in the last step-mode drawing (for the readout). */
  arrowScales: number[] = [];

  constructor(actions: FieldActions) {
    new ResizeObserver((entries) => {
      this.rowWidth = entries[0]?.contentRect.width ?? this.rowWidth;
      this.draw();
    }).observe(this.element);
    let dragging = false;
    let tap: { x: number; y: number } | undefined;
    const setFrom = (event: { clientX: number; clientY: number }): void => {
      const b = this.scene?.surface.viewBox;
      if (b === undefined) return;
      const rect = this.canvas.getBoundingClientRect();
      const x = b.xMin + ((event.clientX - rect.left) / rect.width) * (b.xMax - b.xMin);
      const y = b.yMax - ((event.clientY - rect.top) / rect.height) * (b.yMax - b.yMin);
      const round = (v: number, span: number): number => Number(v.toFixed(Math.max(0, 3 - Math.floor(Math.log10(span)))));
      actions.moveStart(round(Math.min(b.xMax, Math.max(b.xMin, x)), b.xMax - b.xMin), round(Math.min(b.yMax, Math.max(b.yMin, y)), b.yMax - b.yMin));
    };
    // Touch: a finger that lands on the start marker drags it; anywhere else the page scrolls
    // (touch-action: pan-y), and a tap without a move sets the start.
    this.canvas.addEventListener(
      'touchstart',
      (event) => {
        const touch = event.touches[0];
        if (touch !== undefined && event.touches.length === 1 && this.nearStart(touch.clientX, touch.clientY)) event.preventDefault();
      },
      { passive: false },
    );
    this.canvas.addEventListener('pointerdown', (event) => {
      if (event.pointerType === 'touch' && !this.nearStart(event.clientX, event.clientY)) {
        tap = { x: event.clientX, y: event.clientY };
        return;
      }
      dragging = true;
      this.canvas.setPointerCapture(event.pointerId);
      setFrom(event);
    });
    this.canvas.addEventListener('pointermove', (event) => {
      if (dragging) setFrom(event);
      else if (tap !== undefined && Math.hypot(event.clientX - tap.x, event.clientY - tap.y) > 8) tap = undefined;
    });
    this.canvas.addEventListener('pointerup', (event) => {
      if (tap !== undefined && !dragging) setFrom(event);
      dragging = false;
      tap = undefined;
    });
    this.canvas.addEventListener('pointercancel', () => {
      dragging = false;
      tap = undefined;
    });
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

  /** Whether a point of the page (CSS px) is on the start marker. */
  private nearStart(clientX: number, clientY: number): boolean {
    const scene = this.scene;
    if (scene === undefined) return false;
    const b = scene.surface.viewBox;
    const rect = this.canvas.getBoundingClientRect();
    const sx = rect.left + ((scene.start[0] - b.xMin) / (b.xMax - b.xMin)) * rect.width;
    const sy = rect.top + ((b.yMax - scene.start[1]) / (b.yMax - b.yMin)) * rect.height;
    return Math.hypot(clientX - sx, clientY - sy) <= TOUCH_GRAB;
  }

  /** The contour field at `width` x `height`, rendered on first use (its time as the `race:field` measure). */
  private fieldFor(surface: Surface, width: number, height: number): { canvas: HTMLCanvasElement; contour: ContourField } {
    const key = `${surface.name}|${width}x${height}`;
    if (this.field?.key === key) return this.field;
    const t0 = performance.now();
    const contour = contourField(surface, surface.viewBox, width, height);
    // The bitmap of the last field is reused at the same size (a new canvas and context
    // per surface would cost more than the pixels).
    let canvas = this.field?.canvas;
    if (canvas === undefined || canvas.width !== width || canvas.height !== height) {
      canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
    }
    (canvas.getContext('2d', { alpha: false }) as CanvasRenderingContext2D).putImageData(new ImageData(contour.pixels as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
    performance.measure('race:field', { start: t0, detail: { width, height } });
    this.field = { key, canvas, contour };
    return this.field;
  }

  /**
   * Sizes the canvas to its row (the width left by the colour bar, at most 660 CSS px tall,
   * the surface's aspect) at the device's pixel ratio, canvas and colour
   * bar alike; touches the layout only when the size changes.
   */
  private resize(surface: Surface): number {
    const b = surface.viewBox;
    const aspect = (b.yMax - b.yMin) / (b.xMax - b.xMin);
    const bar = window.innerWidth < 600 ? 52 : 72;
    const available = (this.rowWidth || this.element.clientWidth || 480) - bar - 8;
    // At most 660 CSS px tall: a laptop screen shows it whole with the controls above (not
    // the window's height, which a full-page screenshot or a phone's toolbar changes).
    const tall = 660;
    const cssWidth = Math.floor(Math.max(160, Math.min(available, tall / aspect)));
    const cssHeight = Math.round(cssWidth * aspect);
    const ratio = Math.min(window.devicePixelRatio || 1, 3);
    const width = Math.round(cssWidth * ratio);
    const height = Math.round(cssHeight * ratio);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.canvas.style.width = `${cssWidth}px`;
      this.canvas.style.height = `${cssHeight}px`;
      this.legend.width = Math.round(bar * ratio);
      this.legend.height = height;
      this.legend.style.width = `${bar}px`;
      this.legend.style.height = `${cssHeight}px`;
      this.legendOf = '';
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
    // Opaque: the field covers every pixel, so the canvas need not be blended over the page.
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (ctx === null) return;
    const { width: w, height: hgt } = this.canvas;
    // The field at the canvas's resolution up to 900 px, scaled up beyond that.
    const scale = Math.min(1, 900 / Math.max(w, hgt));
    ctx.imageSmoothingEnabled = true;
    const field = this.fieldFor(surface, Math.round(w * scale), Math.round(hgt * scale));
    ctx.drawImage(field.canvas, 0, 0, w, hgt);
    const legendKey = `${surface.name}|${this.legend.width}x${this.legend.height}`;
    if (this.legendOf !== legendKey) {
      drawFieldLegend(this.legend, field.contour, ratio);
      this.legendOf = legendKey;
    }
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
    drawPaths(ctx, scene.trajectories, scene.playhead, toPx, ratio);
    this.arrowScales = scene.arrows === undefined ? [] : drawStepArrows(ctx, scene.arrows, toPx, ratio);
    const [sx, sy] = toPx(scene.start[0], scene.start[1]);
    ctx.fillStyle = '#ffffff';
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 1.5 * ratio;
    ctx.beginPath();
    ctx.arc(sx, sy, 6 * ratio, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    const minima = surface.minima.map((m) => toPx(m.x, m.y));
    drawLegend(ctx, scene.legend, ratio, pathPoints(scene.trajectories, scene.playhead, toPx, [[sx, sy], ...minima, ...minima]));
    performance.measure('race:draw', { start: t0 });
  }
}
