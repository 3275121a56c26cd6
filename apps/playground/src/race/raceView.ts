import type { Surface } from '@descent/datasets';
import { presets, surfaceCatalog, surfaceNames, surfaceOf, optimizerCatalog } from '../catalog';
import { encodeRace, RACE_LIMITS, type RaceState } from '../state/raceState';
import { canonicalRun, type RunSpec } from '../state/runSpec';
import { download, formatNumber, h } from '../ui/h';
import { LineChart } from '../ui/lineChart';
import { basinMap, type BasinMap } from './basinMap';
import { viridis } from './colourScale';
import { computeRace, type Trajectory } from './computeRace';
import { contourField, type ContourField } from './contourField';
import { runCard, scheduleExamples, type RunCard } from './runCard';
import { runColour, runLabel } from './runLabel';

/** Colours of the basins, one per minimum of the surface. */
const BASIN_COLOURS = ['#e41a1c', '#377eb8', '#4daf4a', '#ff7f00', '#f781bf', '#a65628', '#984ea3', '#dddddd'];
const BASIN_GRID = 64;

/** A TeX formula as plain text: spacing commands dropped, a few symbols and squares written out. */
export function plainFormula(tex: string): string {
  return tex
    .replace(/\\[,;:!]/g, ' ')
    .replace(/\\(left|right)/g, '')
    .replace(/\\cdot/g, '·')
    .replace(/\\pi/g, 'π')
    .replace(/\\(sqrt|exp|cos|sin|ln|log)/g, '$1')
    .replace(/\^\{?2\}?/g, '²')
    .replace(/\^\{?3\}?/g, '³')
    .replace(/\^\{?4\}?/g, '⁴')
    .replace(/\\frac\{([^}]*)\}\{([^}]*)\}/g, '($1)/($2)')
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ');
}

/** Timings of the last recompute and field render, in ms (read by the benchmark). */
export interface RaceTimings {
  compute: number;
  draw: number;
  field: number;
  /** Loss chart and leaderboard. */
  results: number;
}

/** The race view: the surface with the optimizers' paths, their controls, the loss chart, the leaderboard. */
export class RaceView {
  readonly element: HTMLElement;
  state: RaceState;
  trajectories: Trajectory[] = [];
  playing = false;
  readonly timings: RaceTimings = { compute: 0, draw: 0, field: 0, results: 0 };
  basin: BasinMap | undefined;
  private surface: Surface;
  private field: { key: string; canvas: HTMLCanvasElement; contour: ContourField } | undefined;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLCanvasElement;
  private readonly runsHost: HTMLElement;
  private readonly board: HTMLTableSectionElement;
  private readonly chart: LineChart;
  private readonly controls: Record<string, HTMLInputElement | HTMLSelectElement | HTMLButtonElement | HTMLElement>;
  private cards: RunCard[] = [];
  private animationFrame = 0;
  private basinTimer: ReturnType<typeof setTimeout> | undefined;
  private basinKey = '';
  private urlTimer: ReturnType<typeof setTimeout> | undefined;
  private urlWritten = 0;
  private readonly onChange: (hash: string) => void;

  constructor(state: RaceState, onChange: (hash: string) => void) {
    this.state = state;
    this.onChange = onChange;
    this.surface = surfaceOf(state.surface) as Surface;
    this.canvas = h('canvas', { class: 'field', tabindex: 0, role: 'img', 'aria-label': 'loss surface; click or drag to set the start point, arrow keys move it, space plays' });
    this.legend = h('canvas', { class: 'legend', width: 64, height: 400, role: 'img', 'aria-label': 'colour scale of the loss' });
    this.runsHost = h('div', { class: 'runs' });
    this.board = h('tbody');
    const chartHost = h('div', { class: 'chart' });
    this.chart = new LineChart(chartHost, { title: 'f − f* per step (log scale)', xLabel: 'step', yLabel: 'f - f*', logY: true });

    const surfaceSelect = h('select', { id: 'surface' }, ...surfaceNames().map((name) => h('option', { value: name }, surfaceOf(name)?.title ?? name)));
    surfaceSelect.addEventListener('change', () => {
      const [x, y] = surfaceCatalog.startOf(surfaceSelect.value);
      this.update({ surface: surfaceSelect.value, start: [x, y] });
    });
    const steps = h('input', { type: 'number', id: 'steps', min: RACE_LIMITS.steps[0], max: RACE_LIMITS.steps[1], step: 1 });
    steps.addEventListener('change', () => {
      const n = Math.round(Number(steps.value));
      if (n >= RACE_LIMITS.steps[0] && n <= RACE_LIMITS.steps[1]) this.update({ steps: n });
      else steps.value = String(this.state.steps);
    });
    const noise = h('input', { type: 'range', id: 'noise', min: 0, max: 1, step: 0.01 });
    const noiseValue = h('output', { for: 'noise' });
    noise.addEventListener('input', () => {
      // Slider 0..1 maps to std 0..10 quadratically: fine control near zero.
      const std = Number((10 * Number(noise.value) ** 2).toPrecision(2));
      this.update({ noise: std });
    });
    const seed = h('input', { type: 'number', id: 'seed', min: 0, step: 1 });
    seed.addEventListener('change', () => {
      const n = Math.round(Number(seed.value));
      if (Number.isInteger(n) && n >= 0) this.update({ seed: n });
    });
    const play = h('button', { type: 'button', id: 'play', onclick: () => this.togglePlay() }, 'Play');
    const step = h('button', { type: 'button', id: 'step', onclick: () => this.stepOnce() }, 'Step');
    const reset = h('button', { type: 'button', id: 'rewind', onclick: () => this.rewind() }, 'Rewind');
    const speed = h('input', { type: 'range', id: 'speed', min: 1, max: RACE_LIMITS.speed[1], step: 1 });
    speed.addEventListener('input', () => this.update({ speed: Number(speed.value) }, false));
    const startX = h('input', { type: 'number', id: 'start-x', step: 'any', 'aria-label': 'start x' });
    const startY = h('input', { type: 'number', id: 'start-y', step: 'any', 'aria-label': 'start y' });
    const setStart = (): void => {
      const x = Number(startX.value);
      const y = Number(startY.value);
      if (Number.isFinite(x) && Number.isFinite(y)) this.update({ start: [x, y] });
    };
    startX.addEventListener('change', setStart);
    startY.addEventListener('change', setStart);
    const basin = h('select', { id: 'basin' });
    basin.addEventListener('change', () => this.update({ basin: Number(basin.value) }, false));
    const add = h('select', { id: 'add-run', 'aria-label': 'add an optimizer' }, h('option', { value: '' }, '+ add optimizer…'), ...presets().map((p, i) => h('option', { value: String(i) }, p.label)));
    add.addEventListener('change', () => {
      const preset = presets()[Number(add.value)];
      add.value = '';
      if (preset === undefined || this.state.runs.length >= RACE_LIMITS.runs) return;
      this.state.runs.push({ name: preset.name, options: { ...(preset.options as RunSpec['options']) }, schedule: '' });
      this.rebuildCards();
      this.changed();
    });
    const frameInfo = h('output', { id: 'playhead', 'aria-live': 'off' });
    this.controls = { surfaceSelect, steps, noise, noiseValue, seed, play, speed, startX, startY, basin, add, frameInfo };

    this.element = h(
      'div',
      { class: 'race' },
      h(
        'div',
        { class: 'stage' },
        h(
          'div',
          { class: 'toolbar' },
          h('label', { for: 'surface' }, 'Surface'),
          surfaceSelect,
          h('label', { for: 'start-x' }, 'start'),
          startX,
          startY,
          h('label', { for: 'steps' }, 'steps'),
          steps,
        ),
        h('div', { class: 'canvas-row' }, this.canvas, this.legend),
        h('p', { class: 'formula', id: 'formula' }),
        h(
          'div',
          { class: 'toolbar' },
          play,
          step,
          reset,
          h('label', { for: 'speed' }, 'speed'),
          speed,
          frameInfo,
        ),
        h(
          'div',
          { class: 'toolbar' },
          h('label', { for: 'noise' }, 'gradient noise σ'),
          noise,
          noiseValue,
          h('label', { for: 'seed' }, 'seed'),
          seed,
        ),
        h(
          'div',
          { class: 'toolbar' },
          h('label', { for: 'basin' }, 'basins of'),
          basin,
          h('span', { id: 'basin-legend', class: 'basin-legend' }),
        ),
        h(
          'div',
          { class: 'toolbar' },
          h('button', { type: 'button', id: 'export-png', onclick: () => this.exportPng() }, 'Export PNG'),
          h('button', { type: 'button', id: 'export-json', onclick: () => this.exportJson() }, 'Export JSON'),
        ),
      ),
      h(
        'div',
        { class: 'side' },
        h('h2', {}, 'Optimizers'),
        add,
        this.runsHost,
        scheduleExamples(),
      ),
      h(
        'div',
        { class: 'results' },
        chartHost,
        h(
          'table',
          { class: 'leaderboard', id: 'leaderboard' },
          h('caption', {}, 'Leaderboard: steps to reach a global minimum (within 1% of the view), then final loss'),
          h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'optimizer'), h('th', {}, 'steps to min'), h('th', {}, 'final f'), h('th', {}, 'ends at'))),
          this.board,
        ),
      ),
    );
    this.installPointer();
    new ResizeObserver(() => this.draw()).observe(this.canvas.parentElement as HTMLElement);
    this.load(state);
  }

  /** The animation position: the paths are drawn up to this step (kept in the state, hence in the link). */
  get playhead(): number {
    return this.state.frame;
  }

  set playhead(step: number) {
    this.state.frame = step;
  }

  /** Shows `state` from scratch (a new hash). */
  load(state: RaceState): void {
    this.state = state;
    this.surface = surfaceOf(state.surface) as Surface;
    this.stop();
    this.syncControls();
    this.rebuildCards();
    this.recompute();
    // The link's frame (a link taken mid-animation reopens there), else the whole paths.
    this.playhead = Number.isInteger(state.frame) ? Math.min(Math.max(0, state.frame), state.steps) : state.steps;
    this.draw();
  }

  private syncControls(): void {
    const c = this.controls as Record<string, HTMLInputElement>;
    const s = this.state;
    (c.surfaceSelect as HTMLInputElement).value = s.surface;
    (c.steps as HTMLInputElement).value = String(s.steps);
    (c.noise as HTMLInputElement).value = String(Math.sqrt(s.noise / 10));
    (c.noiseValue as HTMLElement).textContent = formatNumber(s.noise);
    (c.seed as HTMLInputElement).value = String(s.seed);
    (c.speed as HTMLInputElement).value = String(s.speed);
    (c.startX as HTMLInputElement).value = String(Number(s.start[0].toPrecision(4)));
    (c.startY as HTMLInputElement).value = String(Number(s.start[1].toPrecision(4)));
    const formula = this.element?.querySelector('#formula');
    if (formula) formula.textContent = `${this.surface.title}: ${plainFormula(this.surface.formula)}`;
    const basin = c.basin as unknown as HTMLSelectElement;
    basin.replaceChildren(h('option', { value: '-1', selected: s.basin < 0 }, 'off'), ...s.runs.map((run, i) => h('option', { value: String(i), selected: s.basin === i }, `${i + 1}. ${runLabel(run)}`)));
  }

  private rebuildCards(): void {
    this.cards = this.state.runs.map((run, i) =>
      runCard(
        run,
        i,
        runColour(i),
        this.state.steps,
        (next) => {
          // The card edits its own copy of the run (`run`, or `next` for another algorithm):
          // take it every time, since `changed` replaces the state's runs with canonical copies.
          this.state.runs[i] = next;
          if (next !== run) {
            this.rebuildCards();
            // The card was replaced: keep the keyboard focus on its algorithm select.
            this.cards[i]?.element.querySelector('select')?.focus();
          }
          this.changed();
        },
        () => {
          this.state.runs.splice(i, 1);
          if (this.state.basin === i) this.state.basin = -1;
          else if (this.state.basin > i) this.state.basin -= 1;
          const hadFocus = this.runsHost.contains(document.activeElement);
          this.rebuildCards();
          this.changed();
          // Keep the keyboard focus in the list: on the next card's remove button, else the add menu.
          if (hadFocus) ((this.cards[Math.min(i, this.cards.length - 1)]?.element.querySelector('header button') as HTMLElement | null) ?? (this.controls.add as HTMLElement)).focus();
        },
      ),
    );
    this.runsHost.replaceChildren(...this.cards.map((c) => c.element));
    (this.controls.add as HTMLSelectElement).disabled = this.state.runs.length >= RACE_LIMITS.runs;
  }

  /** Applies a change: recompute (unless only display settings moved), redraw, write the URL. */
  update(patch: Partial<RaceState>, recompute = true): void {
    const surfaceChanged = patch.surface !== undefined && patch.surface !== this.state.surface;
    Object.assign(this.state, patch);
    if (surfaceChanged) this.surface = surfaceOf(this.state.surface) as Surface;
    this.syncControls();
    if (patch.steps !== undefined) this.cards.forEach((c) => c.setSteps(this.state.steps));
    if (recompute) this.changed();
    else {
      this.scheduleBasin();
      this.draw();
      this.writeUrl();
    }
  }

  private changed(): void {
    this.state.runs = this.state.runs.map((run) => canonicalRun(run, optimizerCatalog.optionsOf(run.name) ?? []));
    this.syncControls();
    this.recompute();
    if (!this.playing) this.playhead = this.state.steps;
    this.draw();
    this.writeUrl();
  }

  /**
   * Writes the hash a moment after the last change: a dragged slider changes the state every
   * frame, and browsers throttle (and warn about) history updates that come that fast.
   */
  private writeUrl(): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => this.flushUrl(), 120);
  }

  /** Writes the hash now. */
  flushUrl(): void {
    clearTimeout(this.urlTimer);
    this.urlWritten = performance.now();
    this.onChange(encodeRace(this.state, optimizerCatalog));
  }

  /** Recomputes every trajectory (and schedules the basin map); returns the ms it took. */
  recompute(): number {
    const t0 = performance.now();
    const s = this.state;
    this.trajectories = computeRace({ surface: this.surface, start: s.start, steps: s.steps, noise: s.noise, seed: s.seed, runs: s.runs });
    this.timings.compute = performance.now() - t0;
    this.trajectories.forEach((t, i) => this.cards[i]?.setError(t.error));
    const t1 = performance.now();
    this.updateResults();
    this.timings.results = performance.now() - t1;
    this.scheduleBasin();
    return this.timings.compute;
  }

  private scheduleBasin(): void {
    const s = this.state;
    const run = s.runs[s.basin];
    if (run === undefined) {
      this.basin = undefined;
      this.basinKey = '';
      return;
    }
    const key = JSON.stringify([s.surface, s.steps, s.noise, s.seed, run]);
    if (key === this.basinKey) return;
    clearTimeout(this.basinTimer);
    // Debounced: the map is 4096 runs, recomputed once a slider rests.
    this.basinTimer = setTimeout(() => {
      this.basin = basinMap(this.surface, run, { nx: BASIN_GRID, ny: BASIN_GRID, steps: Math.min(s.steps, 1000), noise: s.noise, seed: s.seed });
      this.basinKey = key;
      this.draw();
    }, 120);
  }

  private updateResults(): void {
    const s = this.state;
    const floor = this.surface.minima.reduce((m, p) => Math.min(m, p.value), Infinity);
    const base = Number.isFinite(floor) ? floor : Math.min(...this.trajectories.map((t) => Math.min(...t.losses.subarray(0, t.length))));
    const x = Array.from({ length: s.steps + 1 }, (_, i) => i);
    this.chart.update(
      x,
      this.trajectories.map((t, i) => ({
        label: `${i + 1}. ${runLabel(s.runs[i] as RunSpec)}`,
        colour: runColour(i),
        values: x.map((k) => (k < t.length ? Math.max((t.losses[k] as number) - base, 1e-12) : null)),
      })),
    );
    const order = this.trajectories
      .map((t, i) => ({ t, i }))
      .sort((a, b) => {
        const sa = a.t.stepsToMinimum < 0 ? Infinity : a.t.stepsToMinimum;
        const sb = b.t.stepsToMinimum < 0 ? Infinity : b.t.stepsToMinimum;
        if (sa !== sb) return sa - sb;
        const fa = a.t.diverged || a.t.error !== undefined ? Infinity : (a.t.losses[a.t.length - 1] as number);
        const fb = b.t.diverged || b.t.error !== undefined ? Infinity : (b.t.losses[b.t.length - 1] as number);
        return fa - fb;
      });
    this.board.replaceChildren(
      ...order.map(({ t, i }, rank) => {
        const run = s.runs[i] as RunSpec;
        const m = this.surface.minima[t.reached];
        const ends = t.error !== undefined ? 'refused' : t.diverged ? `diverged at step ${t.length}` : m === undefined ? 'no minimum' : `${m.kind} (${formatNumber(m.x)}, ${formatNumber(m.y)})`;
        return h(
          'tr',
          { 'data-run': i },
          h('td', {}, String(rank + 1)),
          h('td', {}, h('span', { class: 'dot', style: `background: ${runColour(i)}` }), `${i + 1}. ${runLabel(run)}`),
          h('td', {}, t.stepsToMinimum >= 0 ? String(t.stepsToMinimum) : '—'),
          h('td', {}, t.error !== undefined ? '—' : formatNumber(t.losses[t.length - 1] as number)),
          h('td', { class: t.diverged || t.error !== undefined ? 'bad' : '' }, ends),
        );
      }),
    );
  }

  // ---- drawing ----

  private fieldFor(width: number, height: number): { canvas: HTMLCanvasElement; contour: ContourField } {
    const key = `${this.state.surface}|${width}x${height}`;
    if (this.field?.key === key) return this.field;
    const t0 = performance.now();
    const contour = contourField(this.surface, this.surface.viewBox, width, height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    (canvas.getContext('2d') as CanvasRenderingContext2D).putImageData(new ImageData(contour.pixels as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
    this.timings.field = performance.now() - t0;
    this.field = { key, canvas, contour };
    this.drawLegend(contour);
    return this.field;
  }

  /** Renders the contour field afresh at `size` x `size` and returns the ms it took (for the benchmark). */
  benchField(size: number): number {
    this.field = undefined;
    this.fieldFor(size, size);
    return this.timings.field;
  }

  private drawLegend(contour: ContourField): void {
    const ctx = this.legend.getContext('2d');
    if (ctx === null) return;
    const w = this.legend.width;
    const hgt = this.legend.height;
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

  private geometry(): { w: number; h: number; toPx: (x: number, y: number) => [number, number]; toXy: (px: number, py: number) => [number, number] } {
    const b = this.surface.viewBox;
    const w = this.canvas.width;
    const hgt = this.canvas.height;
    return {
      w,
      h: hgt,
      toPx: (x, y) => [((x - b.xMin) / (b.xMax - b.xMin)) * w, ((b.yMax - y) / (b.yMax - b.yMin)) * hgt],
      toXy: (px, py) => [b.xMin + (px / w) * (b.xMax - b.xMin), b.yMax - (py / hgt) * (b.yMax - b.yMin)],
    };
  }

  /** Redraws the stage; returns the ms it took. */
  draw(): number {
    const t0 = performance.now();
    const host = this.canvas.parentElement;
    const b = this.surface.viewBox;
    const aspect = (b.yMax - b.yMin) / (b.xMax - b.xMin);
    const cssWidth = Math.max(160, Math.min(640, (host?.clientWidth ?? 480) - 80));
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
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return 0;
    // The field at the canvas's resolution up to 800 px, scaled up beyond that.
    const scale = Math.min(1, 800 / Math.max(width, height));
    const field = this.fieldFor(Math.round(width * scale), Math.round(height * scale));
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(field.canvas, 0, 0, width, height);
    const g = this.geometry();
    if (this.basin !== undefined) this.drawBasin(ctx, this.basin, g.w, g.h);
    // Minima: a star for global ones, a ring for local ones.
    ctx.lineWidth = 2 * ratio;
    for (const m of this.surface.minima) {
      const [px, py] = g.toPx(m.x, m.y);
      ctx.strokeStyle = '#ffffff';
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
    const limit = Math.min(this.playhead, this.state.steps);
    const clampPx = (v: number): number => Math.max(-1e5, Math.min(1e5, v));
    this.trajectories.forEach((t, i) => {
      const end = Math.min(t.length - 1, limit);
      ctx.strokeStyle = runColour(i);
      ctx.lineWidth = 2 * ratio;
      ctx.beginPath();
      for (let k = 0; k <= end; k++) {
        const [px, py] = g.toPx(t.xs[k] as number, t.ys[k] as number);
        if (k === 0) ctx.moveTo(clampPx(px), clampPx(py));
        else ctx.lineTo(clampPx(px), clampPx(py));
      }
      ctx.stroke();
      const [hx, hy] = g.toPx(t.xs[end] as number, t.ys[end] as number);
      ctx.fillStyle = runColour(i);
      ctx.beginPath();
      ctx.arc(clampPx(hx), clampPx(hy), 4 * ratio, 0, 2 * Math.PI);
      ctx.fill();
      if (t.diverged && end === t.length - 1) {
        ctx.font = `${12 * ratio}px system-ui, sans-serif`;
        ctx.fillText('✕ diverged', Math.max(4, Math.min(g.w - 80 * ratio, clampPx(hx) + 6)), Math.max(14, Math.min(g.h - 4, clampPx(hy))));
      }
    });
    const [sx, sy] = g.toPx(this.state.start[0], this.state.start[1]);
    ctx.fillStyle = '#ffffff';
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 1.5 * ratio;
    ctx.beginPath();
    ctx.arc(sx, sy, 6 * ratio, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    (this.controls.frameInfo as HTMLElement).textContent = `step ${limit} / ${this.state.steps}`;
    this.timings.draw = performance.now() - t0;
    return this.timings.draw;
  }

  private drawBasin(ctx: CanvasRenderingContext2D, map: BasinMap, w: number, hgt: number): void {
    // One pixel per start, scaled up without smoothing: crisp cells, no seams between them.
    const small = document.createElement('canvas');
    small.width = map.nx;
    small.height = map.ny;
    const image = new ImageData(map.nx, map.ny);
    const rgb = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
    for (let k = 0; k < map.nx * map.ny; k++) {
      const m = map.reached[k] as number;
      const [r, g, b] = m < 0 ? [0, 0, 0] : rgb(BASIN_COLOURS[m % BASIN_COLOURS.length] as string);
      image.data[4 * k] = r;
      image.data[4 * k + 1] = g;
      image.data[4 * k + 2] = b;
      image.data[4 * k + 3] = 255;
    }
    (small.getContext('2d') as CanvasRenderingContext2D).putImageData(image, 0, 0);
    ctx.globalAlpha = 0.45;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, 0, 0, w, hgt);
    ctx.imageSmoothingEnabled = true;
    ctx.globalAlpha = 1;
    const legend = this.element.querySelector('#basin-legend');
    if (legend) {
      legend.replaceChildren(
        ...this.surface.minima.map((m, k) => h('span', {}, h('span', { class: 'dot', style: `background: ${BASIN_COLOURS[k % BASIN_COLOURS.length]}` }), `${m.kind} (${formatNumber(m.x)}, ${formatNumber(m.y)}) `)),
        h('span', {}, h('span', { class: 'dot', style: 'background: #000' }), 'none / diverged'),
      );
    }
  }

  // ---- interaction ----

  private installPointer(): void {
    let dragging = false;
    const setFrom = (event: PointerEvent): void => {
      const rect = this.canvas.getBoundingClientRect();
      const g = this.geometry();
      const [x, y] = g.toXy(((event.clientX - rect.left) / rect.width) * g.w, ((event.clientY - rect.top) / rect.height) * g.h);
      const b = this.surface.viewBox;
      const round = (v: number, span: number): number => Number(v.toFixed(Math.max(0, 3 - Math.floor(Math.log10(span)))));
      this.update({ start: [round(Math.min(b.xMax, Math.max(b.xMin, x)), b.xMax - b.xMin), round(Math.min(b.yMax, Math.max(b.yMin, y)), b.yMax - b.yMin)] });
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
      const b = this.surface.viewBox;
      const fraction = event.shiftKey ? 0.1 : 0.01;
      const dx = fraction * (b.xMax - b.xMin);
      const dy = fraction * (b.yMax - b.yMin);
      const [x, y] = this.state.start;
      const moves: Record<string, [number, number]> = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy] };
      const move = moves[event.key];
      if (move !== undefined) {
        event.preventDefault();
        const nx = Math.min(b.xMax, Math.max(b.xMin, x + move[0]));
        const ny = Math.min(b.yMax, Math.max(b.yMin, y + move[1]));
        this.update({ start: [Number(nx.toPrecision(6)), Number(ny.toPrecision(6))] });
      } else if (event.key === ' ') {
        event.preventDefault();
        this.togglePlay();
      }
    });
  }

  togglePlay(): void {
    if (this.playing) {
      this.stop();
      this.writeUrl();
    } else {
      if (this.playhead >= this.state.steps) this.playhead = 0;
      this.playing = true;
      (this.controls.play as HTMLButtonElement).textContent = 'Pause';
      const tick = (): void => {
        if (!this.playing) return;
        this.playhead = Math.min(this.state.steps, this.playhead + this.state.speed);
        this.draw();
        if (this.playhead >= this.state.steps) {
          this.stop();
          this.flushUrl();
        } else {
          // The link follows the playhead, a few times a second (browsers throttle faster history updates).
          if (performance.now() - this.urlWritten > 250) this.flushUrl();
          this.animationFrame = requestAnimationFrame(tick);
        }
      };
      this.animationFrame = requestAnimationFrame(tick);
    }
  }

  stop(): void {
    this.playing = false;
    cancelAnimationFrame(this.animationFrame);
    (this.controls.play as HTMLButtonElement).textContent = 'Play';
  }

  private stepOnce(): void {
    this.stop();
    if (this.playhead >= this.state.steps) this.playhead = 0;
    this.playhead = Math.min(this.state.steps, this.playhead + 1);
    this.draw();
    this.writeUrl();
  }

  private rewind(): void {
    this.stop();
    this.playhead = 0;
    this.draw();
    this.writeUrl();
  }

  /** Stops the animation and timers (the view is being replaced). */
  dispose(): void {
    this.stop();
    clearTimeout(this.basinTimer);
    clearTimeout(this.urlTimer);
  }

  // ---- export ----

  private exportPng(): void {
    this.canvas.toBlob((blob) => {
      if (blob !== null) download(blob, `descent-race-${this.state.surface}.png`);
    }, 'image/png');
  }

  /** The trajectories and the state that made them, as JSON. */
  toJson(): unknown {
    const s = this.state;
    return {
      format: 'descent-race',
      version: 1,
      link: `${location.origin}${location.pathname}#${encodeRace(s, optimizerCatalog)}`,
      state: s,
      surface: { name: this.surface.name, title: this.surface.title, formula: this.surface.formula, minima: this.surface.minima },
      runs: this.trajectories.map((t, i) => ({
        label: runLabel(s.runs[i] as RunSpec),
        ...s.runs[i],
        error: t.error ?? null,
        diverged: t.diverged,
        stepsToMinimum: t.stepsToMinimum < 0 ? null : t.stepsToMinimum,
        points: Array.from({ length: t.length }, (_, k) => ({ step: k, x: t.xs[k], y: t.ys[k], f: t.losses[k], lr: t.lrs[k] })),
      })),
    };
  }

  private exportJson(): void {
    download(new Blob([JSON.stringify(this.toJson(), null, 1)], { type: 'application/json' }), `descent-race-${this.state.surface}.json`);
  }
}
