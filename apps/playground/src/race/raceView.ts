import { basinMap, type BasinMap, type Surface, type Trajectory } from '@descent/race';
import { optimizerCatalog, surfaceOf } from '../catalog';
import { encodeRace, type RaceState } from '../state/raceState';
import { canonicalRun, type RunSpec } from '../state/runSpec';
import { h } from '../ui/h';
import { LineChart } from '../ui/lineChart';
import { runColour, runLabel } from '../ui/runLabel';
import { computeRace, racerOf } from './computeRace';
import { FieldCanvas } from './fieldCanvas';
import { leaderboardTable } from './leaderboardTable';
import { OptimizerCards } from './optimizerCards';
import { Player } from './player';
import { exportJson, exportPng } from './raceExport';
import { RaceToolbar } from './raceToolbar';

const BASIN_GRID = 64;

/**
 * The race view: puts the toolbar, the field, the player, the optimizer cards, the loss
 * chart and the leaderboard together over one {@link RaceState} (which the link holds) and
 * the race `@descent/race` computes from it. Timings go to the Performance timeline as
 * `race:compute`, `race:results`, `race:draw` and `race:field` measures.
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
  private basin: BasinMap | undefined;
  private basinKey = '';
  private basinTimer: ReturnType<typeof setTimeout> | undefined;
  private urlTimer: ReturnType<typeof setTimeout> | undefined;
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
      play: () => this.player.toggle(),
      step: () => this.player.step(),
      rewind: () => this.player.rewind(),
      exportPng: () => exportPng(this.field.canvas, this.state.surface),
      exportJson: () => exportJson(this.state, this.surface, this.trajectories),
    });
    this.field = new FieldCanvas({ moveStart: (x, y) => this.update({ start: [x, y] }), togglePlay: () => this.player.toggle() });
    this.cards = new OptimizerCards({
      runs: () => this.state.runs,
      steps: () => this.state.steps,
      changed: () => this.changed(),
      removed: (i) => {
        if (this.state.basin === i) this.state.basin = -1;
        else if (this.state.basin > i) this.state.basin -= 1;
      },
    });
    const chartHost = h('div', { class: 'chart' });
    this.chart = new LineChart(chartHost, { title: 'f − f* per step (log scale)', xLabel: 'step', yLabel: 'f - f*', logY: true });
    this.element = h(
      'div',
      { class: 'race' },
      h('div', { class: 'stage' }, this.toolbar.top, this.field.element, this.toolbar.formula, ...this.toolbar.below),
      this.cards.element,
      h('div', { class: 'results' }, chartHost, this.board.element),
    );
    new ResizeObserver(() => this.draw()).observe(this.field.element);
    this.load(state);
  }

  /** Shows `state` from scratch (a new link). */
  load(state: RaceState): void {
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
    if (patch.surface !== undefined && patch.surface !== this.state.surface) this.surface = surfaceOf(patch.surface) as Surface;
    Object.assign(this.state, patch);
    this.toolbar.sync(this.state, this.surface);
    if (patch.steps !== undefined) this.cards.setSteps(this.state.steps);
    if (recompute) this.changed();
    else {
      this.scheduleBasin();
      this.draw();
      this.writeUrl();
    }
  }

  private changed(): void {
    this.state.runs = this.state.runs.map((run) => canonicalRun(run, optimizerCatalog.optionsOf(run.name) ?? []));
    this.toolbar.sync(this.state, this.surface);
    this.recompute();
    if (!this.player.playing) this.state.frame = this.state.steps;
    this.draw();
    this.writeUrl();
  }

  /** Writes the link a moment after the last change: a dragged slider changes the state every frame, and browsers throttle fast history updates. */
  private writeUrl(): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => this.flushUrl(), 120);
  }

  /** Writes the link now. */
  flushUrl(): void {
    clearTimeout(this.urlTimer);
    this.onChange(encodeRace(this.state, optimizerCatalog));
  }

  /** Recomputes every trajectory, the loss chart and the leaderboard, and schedules the basin map. */
  private recompute(): void {
    const s = this.state;
    const t0 = performance.now();
    const { trajectories, rows } = computeRace({ surface: this.surface, start: s.start, steps: s.steps, noise: s.noise, seed: s.seed, runs: s.runs });
    this.trajectories = trajectories;
    performance.measure('race:compute', { start: t0 });
    const t1 = performance.now();
    this.cards.setErrors(trajectories.map((t) => t.error));
    const floor = this.surface.minima.reduce((m, p) => Math.min(m, p.value), Infinity);
    const base = Number.isFinite(floor) ? floor : Math.min(...trajectories.map((t) => Math.min(...t.losses)));
    const x = Array.from({ length: s.steps + 1 }, (_, i) => i);
    this.chart.update(
      x,
      trajectories.map((t, i) => ({
        label: `${i + 1}. ${runLabel(s.runs[i] as RunSpec)}`,
        colour: runColour(i),
        values: x.map((k) => (k <= t.steps && t.outcome !== 'refused' ? Math.max((t.losses[k] as number) - base, 1e-12) : null)),
      })),
    );
    this.board.update(rows, trajectories, s.runs, this.surface);
    performance.measure('race:results', { start: t1 });
    this.scheduleBasin();
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
    // Debounced: the map is 4096 runs, recomputed once a slider rests.
    this.basinTimer = setTimeout(() => {
      try {
        this.basin = basinMap(this.surface, racerOf(run), { nx: BASIN_GRID, ny: BASIN_GRID, steps: Math.min(s.steps, 1000), noise: s.noise, seed: s.seed });
      } catch {
        // The run's options are refused (its card says why): no map.
        this.basin = undefined;
      }
      this.basinKey = key;
      this.toolbar.showBasinLegend(this.surface, this.basin);
      this.draw();
    }, 120);
  }

  /** Redraws the stage at the playhead. */
  draw(): void {
    const playhead = Math.min(this.state.frame, this.state.steps);
    this.field.draw({ surface: this.surface, trajectories: this.trajectories, playhead, start: this.state.start, basin: this.basin });
    this.toolbar.showPlayhead(playhead, this.state.steps);
  }

  /** Stops the animation and timers (the view is being replaced). */
  dispose(): void {
    this.player.stop();
    clearTimeout(this.basinTimer);
    clearTimeout(this.urlTimer);
  }
}
