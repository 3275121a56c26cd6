import type { BasinMap, Surface } from '@descent/race';
import { plainFormula } from '@descent/race';
import { surfaceCatalog, surfaceNames, surfaceOf } from '../catalog';
import { RACE_LIMITS, type RaceState } from '../state/raceState';
import { formatNumber, h } from '../ui/h';
import { runLabel } from '../ui/runLabel';
import { BASIN_COLOURS } from './basinLayer';

/** What the toolbar's controls ask the view to do. */
export interface ToolbarActions {
  /** Change the state; `recompute` false for display settings (speed, basin). */
  update(patch: Partial<RaceState>, recompute?: boolean): void;
  play(): void;
  step(): void;
  rewind(): void;
  exportPng(): void;
  exportJson(): void;
}

/**
 * The race's controls: surface, start and steps above the field; the player (Play, Step,
 * Rewind, speed, the playhead), gradient noise and seed, the basin map and the exports
 * below it. `sync` shows a state; every control reports through `actions`.
 *
 * @example
 * const toolbar = new RaceToolbar(actions);
 * toolbar.sync(state, surface);
 */
export class RaceToolbar {
  /** The row above the field. */
  readonly top: HTMLElement;
  /** The rows below it: player, noise, basins, exports. */
  readonly below: HTMLElement[];
  readonly formula = h('p', { class: 'formula', id: 'formula' });
  private readonly surface = h('select', { id: 'surface' }, ...surfaceNames().map((name) => h('option', { value: name }, surfaceOf(name)?.title ?? name)));
  private readonly steps = h('input', { type: 'number', id: 'steps', min: RACE_LIMITS.steps[0], max: RACE_LIMITS.steps[1], step: 1 });
  private readonly startX = h('input', { type: 'number', id: 'start-x', step: 'any', 'aria-label': 'start x' });
  private readonly startY = h('input', { type: 'number', id: 'start-y', step: 'any', 'aria-label': 'start y' });
  private readonly noise = h('input', { type: 'range', id: 'noise', min: 0, max: 1, step: 0.01 });
  private readonly noiseValue = h('output', { for: 'noise' });
  private readonly seed = h('input', { type: 'number', id: 'seed', min: 0, step: 1 });
  private readonly play: HTMLButtonElement;
  private readonly speed = h('input', { type: 'range', id: 'speed', min: 1, max: RACE_LIMITS.speed[1], step: 1 });
  private readonly playhead = h('output', { id: 'playhead', 'aria-live': 'off' });
  private readonly basin = h('select', { id: 'basin' });
  private readonly basinLegend = h('span', { id: 'basin-legend', class: 'basin-legend' });
  private state: RaceState | undefined;

  constructor(actions: ToolbarActions) {
    const { surface, steps, startX, startY, noise, seed, speed, basin } = this;
    surface.addEventListener('change', () => {
      const [x, y] = surfaceCatalog.startOf(surface.value);
      actions.update({ surface: surface.value, start: [x, y] });
    });
    steps.addEventListener('change', () => {
      const n = Math.round(Number(steps.value));
      if (n >= RACE_LIMITS.steps[0] && n <= RACE_LIMITS.steps[1]) actions.update({ steps: n });
      else steps.value = String(this.state?.steps ?? '');
    });
    // Slider 0..1 maps to std 0..10 quadratically: fine control near zero.
    noise.addEventListener('input', () => actions.update({ noise: Number((10 * Number(noise.value) ** 2).toPrecision(2)) }));
    seed.addEventListener('change', () => {
      const n = Math.round(Number(seed.value));
      if (Number.isInteger(n) && n >= 0) actions.update({ seed: n });
    });
    speed.addEventListener('input', () => actions.update({ speed: Number(speed.value) }, false));
    const setStart = (): void => {
      const x = Number(startX.value);
      const y = Number(startY.value);
      if (Number.isFinite(x) && Number.isFinite(y)) actions.update({ start: [x, y] });
    };
    startX.addEventListener('change', setStart);
    startY.addEventListener('change', setStart);
    basin.addEventListener('change', () => actions.update({ basin: Number(basin.value) }, false));
    this.play = h('button', { type: 'button', id: 'play', onclick: () => actions.play() }, 'Play');
    this.top = h('div', { class: 'toolbar' }, h('label', { for: 'surface' }, 'Surface'), surface, h('label', { for: 'start-x' }, 'start'), startX, startY, h('label', { for: 'steps' }, 'steps'), steps);
    this.below = [
      h(
        'div',
        { class: 'toolbar' },
        this.play,
        h('button', { type: 'button', id: 'step', onclick: () => actions.step() }, 'Step'),
        h('button', { type: 'button', id: 'rewind', onclick: () => actions.rewind() }, 'Rewind'),
        h('label', { for: 'speed' }, 'speed'),
        speed,
        this.playhead,
      ),
      h('div', { class: 'toolbar' }, h('label', { for: 'noise' }, 'gradient noise σ'), noise, this.noiseValue, h('label', { for: 'seed' }, 'seed'), seed),
      h('div', { class: 'toolbar' }, h('label', { for: 'basin' }, 'basins of'), basin, this.basinLegend),
      h(
        'div',
        { class: 'toolbar' },
        h('button', { type: 'button', id: 'export-png', onclick: () => actions.exportPng() }, 'Export PNG'),
        h('button', { type: 'button', id: 'export-json', onclick: () => actions.exportJson() }, 'Export JSON'),
      ),
    ];
  }

  /** Shows `state` in every control. */
  sync(state: RaceState, surface: Surface): void {
    this.state = state;
    this.surface.value = state.surface;
    this.steps.value = String(state.steps);
    this.noise.value = String(Math.sqrt(state.noise / 10));
    this.noiseValue.textContent = formatNumber(state.noise);
    this.seed.value = String(state.seed);
    this.speed.value = String(state.speed);
    this.startX.value = String(Number(state.start[0].toPrecision(4)));
    this.startY.value = String(Number(state.start[1].toPrecision(4)));
    this.formula.textContent = `${surface.title}: ${plainFormula(surface.formula)}`;
    this.basin.replaceChildren(
      h('option', { value: '-1', selected: state.basin < 0 }, 'off'),
      ...state.runs.map((run, i) => h('option', { value: String(i), selected: state.basin === i }, `${i + 1}. ${runLabel(run)}`)),
    );
  }

  /** `step k / n` beside the player. */
  showPlayhead(step: number, steps: number): void {
    this.playhead.textContent = `step ${step} / ${steps}`;
  }

  showPlaying(playing: boolean): void {
    this.play.textContent = playing ? 'Pause' : 'Play';
  }

  /** The basin map's legend: each minimum's colour and how many starts end there. */
  showBasinLegend(surface: Surface, map: BasinMap | undefined): void {
    if (map === undefined) {
      this.basinLegend.replaceChildren();
      return;
    }
    const total = map.nx * map.ny;
    const none = total - map.counts.reduce((a, b) => a + b, 0);
    this.basinLegend.replaceChildren(
      ...surface.minima.map((m, k) =>
        h('span', { 'data-minimum': k }, h('span', { class: 'dot', style: `background: ${BASIN_COLOURS[k % BASIN_COLOURS.length]}` }), `${m.kind} (${formatNumber(m.x)}, ${formatNumber(m.y)}): ${map.counts[k]} of ${total} `),
      ),
      h('span', { 'data-minimum': -1 }, h('span', { class: 'dot', style: 'background: #000' }), `none / diverged: ${none}`),
    );
  }
}
