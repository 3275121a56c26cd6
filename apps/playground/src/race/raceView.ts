import { basinMap, racePresets, type BasinMap, type RaceScene, type Surface, type Trajectory } from '@descent/race';
import { optimizerCatalog, surfaceCatalog, surfaceOf } from '../catalog';
import { encodeRace, presetRace, withLearningRate, type RaceState } from '../state/raceState';
import { canonicalRun, type RunSpec } from '../state/runSpec';
import { h } from '../ui/h';
import { LineChart } from '../ui/lineChart';
import { runColour, runLabel } from '../ui/runLabel';
import { computeRace, racerOf, type RaceCache } from './computeRace';
import { FieldCanvas } from './fieldCanvas';
import type { LegendRow } from './pathLayer';
import { ARROW_STYLES } from './stepLayer';
import { stepModeArrows, stepReadout } from './stepMode';
import { leaderboardTable } from './leaderboardTable';
import { OptimizerCards } from './optimizerCards';
import { Player } from './player';
import { exportJson, exportPng } from './raceExport';
import { RaceToolbar } from './raceToolbar';

const BASIN_GRID = 64;

/** The layout (styles.css) that shows the field, the chart and every update rule in one screen: there the chart is shorter. */
const WIDE = '(min-width: 1200px)';

/** Highest value the loss chart shows, as a multiple of the highest start or non-diverged value: a diverged run is clipped, not stretching the axis to 1e15. */
const CHART_CAP = 10;

/**
 * The race view: puts the toolbar (with the lecture's scenes and their captions), the field,
 * the player, the optimizer cards, the loss chart (beside the field, with the playhead) and
 * the leaderboard together (on a wide screen the field, the chart and every card's update
 * rule in one screen, the cards' controls and the leaderboard below) over one {@link RaceState} (which the link holds) and the race
 * `@descent/race` computes from it. A change recomputes only the racers it touches. Timings go to the Performance timeline as
 * `race:compute`, `race:results`, `race:draw`, `race:field` and `race:change` (a whole change, applied once per animation frame) measures.
 *
 * @example
 * const view = new RaceView(state, (hash) => history.replaceState(null, '', `#${hash}`));
 * document.body.append(view.element);
 */
export class RaceView {
  readonly element: HTMLElement;
  state: RaceState;
  private surface: Surface;
  private trajectories: Trajectory[] = [];
  /** Each racer's last trajectory by its scene key: a change recomputes only the racers it touches. */
  private readonly cache: RaceCache = new Map();
  private readonly readout = h('ul', { class: 'step-readout', id: 'step-readout', 'aria-live': 'off' });
  private basin: BasinMap | undefined;
  private basinKey = '';
  private basinTimer: ReturnType<typeof setTimeout> | undefined;
  private urlTimer: ReturnType<typeof setTimeout> | undefined;
  /** The loss chart's steps, and each trajectory's values on them ({@link RaceView.chartValues}). */
  private chartX: number[] = [];
  private readonly chartSeries = new WeakMap<Trajectory, { base: number; values: Array<number | null> }>();
  /** The animation frame that applies the last changes ({@link RaceView.changed}), if one is pending. */
  private pendingChange: number | undefined;
  private readonly toolbar: RaceToolbar;
  private readonly field: FieldCanvas;
  private readonly cards: OptimizerCards;
  private readonly player: Player;
  private readonly chart: LineChart;
  private readonly board = leaderboardTable();

  constructor(
    state: RaceState,
    private readonly onChange: (hash: string) => void,
  ) {
    this.state = state;
    this.surface = surfaceOf(state.surface) as Surface;
    this.player = new Player({
      playhead: () => this.state.frame,
      setPlayhead: (step) => {
        this.state.frame = step;
      },
      steps: () => this.state.steps,
      speed: () => this.state.speed,
      draw: () => this.draw(),
      flushUrl: () => this.flushUrl(),
      writeUrl: () => this.writeUrl(),
      showPlaying: (playing) => this.toolbar.showPlaying(playing),
    });
    this.toolbar = new RaceToolbar({
      update: (patch, recompute) => this.update(patch, recompute),
      loadPreset: (name) => this.loadPreset(name),
      play: () => this.player.toggle(),
      step: () => this.player.step(),
      rewind: () => this.player.rewind(),
      exportPng: () => {
        this.applyChange();
        exportPng(this.field.canvas, this.state.surface);
      },
      exportJson: () => {
        this.applyChange();
        exportJson(this.state, this.surface, this.trajectories);
      },
    });
    this.field = new FieldCanvas({ moveStart: (x, y) => this.update({ start: [x, y] }), togglePlay: () => this.player.toggle() });
    this.cards = new OptimizerCards({
      runs: () => this.state.runs,
      steps: () => this.state.steps,
      surface: () => this.state.surface,
      changed: () => this.changed(),
      removed: (i) => {
        if (this.state.basin === i) this.state.basin = -1;
        else if (this.state.basin > i) this.state.basin -= 1;
      },
    });
    const chartHost = h('div', { class: 'chart' });
    this.chart = new LineChart(chartHost, { title: 'f − f* per step (log scale; the line is the playhead)', xLabel: 'step', yLabel: 'f - f*', logY: true, height: () => (matchMedia(WIDE).matches ? 170 : 260), keptValues: true });
    this.element = h(
      'div',
      { class: 'race' },
      h(
        'div',
        { class: 'race-main' },
        h('div', { class: 'stage' }, this.toolbar.top, this.toolbar.player, this.toolbar.caption, this.field.element, this.toolbar.formula, ...this.toolbar.below, this.readout),
        h('div', { class: 'board' }, this.board.element),
      ),
      h('div', { class: 'race-side' }, h('div', { class: 'results' }, chartHost), this.cards.element),
    );
    this.load(state);
  }

  /** Loads a lecture scene: its surface, start, steps, noise and racers, and its caption. */
  loadPreset(name: string): void {
    if (racePresets[name] === undefined) return;
    this.load({ ...presetRace(name, surfaceCatalog, optimizerCatalog), speed: this.state.speed, arrows: this.state.arrows });
    this.flushUrl();
  }

  /** Shows `state` from scratch (a new link). */
  load(state: RaceState): void {
    // A change still waiting for its frame was made to the state this one replaces.
    if (this.pendingChange !== undefined) cancelAnimationFrame(this.pendingChange);
    this.pendingChange = undefined;
    this.state = state;
    this.surface = surfaceOf(state.surface) as Surface;
    this.player.stop();
    this.toolbar.sync(state, this.surface);
    this.cards.rebuild();
    this.recompute();
    // The link's frame (a link taken mid-animation reopens there), else the whole paths.
    state.frame = Number.isInteger(state.frame) ? Math.min(Math.max(0, state.frame), state.steps) : state.steps;
    this.draw();
  }

  /** Applies a change: recompute (unless only display settings moved), redraw, write the link. */
  update(patch: Partial<RaceState>, recompute = true): void {
    const surfaceChanged = patch.surface !== undefined && patch.surface !== this.state.surface;
    if (surfaceChanged) this.surface = surfaceOf(patch.surface as string) as Surface;
    Object.assign(this.state, patch);
    if (surfaceChanged) {
      // Each run gets the lr tuned for the new surface (Goldstein-Price's gradients are 1e5 times the plateau's).
      this.state.runs = this.state.runs.map((run) => withLearningRate(surfaceCatalog, this.state.surface, run));
      this.cards.rebuild();
    }
    this.toolbar.sync(this.state, this.surface);
    if (patch.steps !== undefined) this.cards.setSteps(this.state.steps);
    if (recompute) this.changed();
    else {
      this.scheduleBasin();
      this.draw();
      this.writeUrl();
    }
  }

  /**
   * The runs or the scene changed: recomputed, redrawn and written to the link in the next
   * animation frame, once however many changes came before it (a slider dragged by the
   * pointer, whose events Chromium delivers at the start of a frame, before its
   * requestAnimationFrame callbacks: that same frame paints the change; keys held down or
   * typed faster than frames are drawn once per frame). Its time is the `race:change` measure.
   */
  private changed(): void {
    this.pendingChange ??= requestAnimationFrame(() => this.applyChange());
  }

  /** Applies a change that {@link RaceView.changed} scheduled, now (nothing when none is pending): what is drawn, exported or linked is the state. */
  private applyChange(): void {
    if (this.pendingChange === undefined) return;
    cancelAnimationFrame(this.pendingChange);
    this.pendingChange = undefined;
    const t0 = performance.now();
    this.state.runs = this.state.runs.map((run) => canonicalRun(run, optimizerCatalog.optionsOf(run.name) ?? []));
    this.toolbar.sync(this.state, this.surface);
    this.recompute();
    if (!this.player.playing) this.state.frame = this.state.steps;
    this.draw();
    this.writeUrl();
    performance.measure('race:change', { start: t0 });
  }

  /** Writes the link a moment after the last change: a dragged slider changes the state every frame, and browsers throttle fast history updates. */
  private writeUrl(): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => this.flushUrl(), 120);
  }

  /** Writes the link now. */
  flushUrl(): void {
    this.applyChange();
    clearTimeout(this.urlTimer);
    this.onChange(encodeRace(this.state, optimizerCatalog));
  }

  /** The scene `@descent/race` runs. */
  private scene(): RaceScene {
    const s = this.state;
    return { surface: this.surface, start: s.start, steps: s.steps, noise: s.noise, seed: s.seed, racers: s.runs.map(racerOf) };
  }

  /** Recomputes the trajectories whose racer or scene changed (the others come from the cache), the loss chart and the leaderboard, and schedules the basin map. */
  private recompute(): void {
    const s = this.state;
    const t0 = performance.now();
    const { trajectories: computed, rows } = computeRace({ surface: this.surface, start: s.start, steps: s.steps, noise: s.noise, seed: s.seed, runs: s.runs }, this.cache);
    this.trajectories = computed;
    const trajectories = this.trajectories;
    performance.measure('race:compute', { start: t0 });
    const t1 = performance.now();
    this.cards.setErrors(trajectories.map((t) => t.error));
    const floor = this.surface.minima.reduce((m, p) => Math.min(m, p.value), Infinity);
    const base = Number.isFinite(floor) ? floor : Math.min(...trajectories.map((t) => Math.min(...t.losses)));
    if (this.chartX.length !== s.steps + 1) this.chartX = Array.from({ length: s.steps + 1 }, (_, i) => i);
    const x = this.chartX;
    // The axis reaches CHART_CAP times the highest start or non-diverged value; a run that blows up is clipped at the top.
    let top = 0;
    for (const t of trajectories) {
      if (t.outcome === 'refused') continue;
      top = Math.max(top, (t.losses[0] as number) - base);
      if (!t.diverged) for (const v of t.losses) if (Number.isFinite(v)) top = Math.max(top, v - base);
    }
    this.chart.update(
      x,
      trajectories.map((t, i) => ({
        label: `${i + 1}. ${runLabel(s.runs[i] as RunSpec)}`,
        colour: runColour(i),
        values: this.chartValues(t, x, base),
      })),
      top > 0 ? top * CHART_CAP : Infinity,
    );
    this.board.update(rows, trajectories, s.runs, this.surface);
    performance.measure('race:results', { start: t1 });
    this.scheduleBasin();
  }

  /** A trajectory's f − f* at each step of `x` (null where it has none), kept while the trajectory and the floor are: a slider move reruns one racer, the others' values are reused. */
  private chartValues(t: Trajectory, x: readonly number[], base: number): Array<number | null> {
    const kept = this.chartSeries.get(t);
    if (kept !== undefined && kept.base === base && kept.values.length === x.length) return kept.values;
    const values = x.map((k) => (k <= t.steps && t.outcome !== 'refused' && Number.isFinite(t.losses[k]) ? Math.max((t.losses[k] as number) - base, 1e-12) : null));
    this.chartSeries.set(t, { base, values });
    return values;
  }

  private scheduleBasin(): void {
    const s = this.state;
    const run = s.runs[s.basin];
    if (run === undefined) {
      this.basin = undefined;
      this.basinKey = '';
      this.toolbar.showBasinLegend(this.surface, undefined);
      return;
    }
    const key = JSON.stringify([s.surface, s.steps, s.noise, s.seed, run]);
    if (key === this.basinKey) return;
    clearTimeout(this.basinTimer);
    // The map on screen no longer matches the state: off, and the legend says it is coming.
    this.basin = undefined;
    this.basinKey = '';
    this.toolbar.showBasinLegend(this.surface, undefined, 'computing the basins…');
    // Debounced: the map is 4096 runs, recomputed once a slider rests.
    this.basinTimer = setTimeout(() => {
      let why: string | undefined;
      try {
        this.basin = basinMap(this.surface, racerOf(run), { nx: BASIN_GRID, ny: BASIN_GRID, steps: Math.min(s.steps, 1000), noise: s.noise, seed: s.seed });
      } catch (error) {
        // Refused options (the card says why), or an optimizer that is not elementwise: no map.
        this.basin = undefined;
        why = `no map: ${(error as Error).message}`;
      }
      this.basinKey = key;
      this.toolbar.showBasinLegend(this.surface, this.basin, why);
      this.draw();
    }, 120);
  }

  /** Redraws the stage at the playhead: the field, the chart's playhead and, in step mode, the arrows and their readout. */
  draw(): void {
    // A change waiting for its frame (trajectories not yet recomputed for the runs): applied
    // first, which draws.
    if (this.pendingChange !== undefined) {
      this.applyChange();
      return;
    }
    const s = this.state;
    const playhead = Math.min(s.frame, s.steps);
    const labels = s.runs.map((run) => runLabel(run));
    const legend: LegendRow[] = labels.map((text, i) => ({ text, colour: runColour(i), mark: { number: i + 1 } }));
    const arrows = s.arrows ? stepModeArrows(this.scene(), this.trajectories, playhead) : undefined;
    if (arrows !== undefined) for (const [, style] of Object.entries(ARROW_STYLES)) legend.push({ text: style.words, colour: '#e6edf3', mark: { dash: style.dash, width: style.width } });
    this.field.draw({ surface: this.surface, trajectories: this.trajectories, playhead, start: s.start, basin: this.basin, legend, arrows });
    // Written only when there is something to show or to clear: draw runs on every frame.
    if (this.readout.hidden !== (arrows === undefined)) this.readout.hidden = arrows === undefined;
    if (arrows !== undefined) this.readout.replaceChildren(...stepReadout(arrows, labels, this.field.arrowScales, playhead));
    else if (this.readout.firstChild !== null) this.readout.replaceChildren();
    this.chart.setMarker(playhead);
    this.toolbar.showPlayhead(playhead, s.steps);
    this.cards.showPlayhead(playhead);
  }

  /** Stops the animation and timers (the view is being replaced). */
  dispose(): void {
    if (this.pendingChange !== undefined) cancelAnimationFrame(this.pendingChange);
    this.pendingChange = undefined;
    this.player.stop();
    clearTimeout(this.basinTimer);
    clearTimeout(this.urlTimer);
  }
}
