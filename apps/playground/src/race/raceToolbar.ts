import type { BasinMap, Surface } from '@descent/race';
import { racePresets } from '@descent/race';
import { surfaceCatalog, surfaceNames, surfaceOf } from '../catalog';
import { RACE_LIMITS, type RaceState } from '../state/raceState';
import { formatNumber, h } from '../ui/h';
import { runLabel } from '../ui/runLabel';
import { typeset } from '../ui/tex';
import { BASIN_COLOURS } from './basinLayer';

/** What the toolbar's controls ask the view to do. */
export interface ToolbarActions {
  /** Change the state; `recompute` false for display settings (speed, basin). */
  update(patch: Partial<RaceState>, recompute?: boolean): void;
  /** Load a lecture scene (a key of `racePresets`). */
  loadPreset(name: string): void;
  play(): void;
  step(): void;
  rewind(): void;
  exportPng(): void;
  exportJson(): void;
}

/** How long after the last change the basin menu's labels are written (ms): a dragged slider rests. */
const BASIN_LABELS_DELAY = 120;

/** The scenes' names in the menu. */
const SCENE_TITLES: Record<string, string> = {
  beale: "Beale: the lecture's seven optimizers",
  saddle: 'The saddle',
  valley: 'The long valley',
  'learning-rates': 'Learning rates: low, well chosen, high',
  noisy: 'Noisy gradients: decay the lr',
};

/**
 * The race's controls: the lecture's scenes, surface, start and steps, and the player (Play,
 * Step, Rewind, speed, the playhead, step mode) above the field, with the scene's "watch for"
 * caption; gradient noise and seed, the basin map and the exports below it. `sync` shows a
 * state; every control reports through `actions`.
 *
 * @example
 * const toolbar = new RaceToolbar(actions);
 * toolbar.sync(state, surface);
 */
export class RaceToolbar {
  /** The row above the field. */
  readonly top: HTMLElement;
  /** The player's row (Play, Step, Rewind, speed, the playhead, step mode), above the field. */
  readonly player: HTMLElement;
  /** The rows below it: noise, basins, exports. */
  readonly below: HTMLElement[];
  readonly formula = h('p', { class: 'formula', id: 'formula' });
  /** The scene's "watch for ..." line (empty without a scene). */
  readonly caption = h('p', { class: 'caption', id: 'caption', 'aria-live': 'polite' });
  private readonly scene = h('select', { id: 'scene', 'aria-label': 'lecture scene' }, h('option', { value: '' }, 'your own race'), ...Object.keys(racePresets).map((name) => h('option', { value: name }, SCENE_TITLES[name] ?? name)));
  private readonly arrows = h('input', { type: 'checkbox', id: 'arrows' });
  private formulaOf = '';
  private basinLabels = '';
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
  /** The basin menu's labels not yet written (see {@link RaceToolbar.sync}), and their timer. */
  private pendingLabels: string[] | undefined;
  private basinTimer: ReturnType<typeof setTimeout> | undefined;
  private state: RaceState | undefined;

  constructor(actions: ToolbarActions) {
    const { surface, steps, startX, startY, noise, seed, speed, basin, scene, arrows } = this;
    scene.addEventListener('change', () => {
      if (scene.value !== '') actions.loadPreset(scene.value);
      else actions.update({ preset: '' }, false);
    });
    arrows.addEventListener('change', () => actions.update({ arrows: arrows.checked }, false));
    surface.addEventListener('change', () => {
      const [x, y] = surfaceCatalog.startOf(surface.value);
      actions.update({ surface: surface.value, start: [x, y], preset: '' });
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
    // The menu shows the current labels when it is opened, even mid-drag.
    for (const type of ['pointerdown', 'focus', 'keydown']) basin.addEventListener(type, () => this.flushBasinLabels());
    this.play = h('button', { type: 'button', id: 'play', onclick: () => actions.play() }, 'Play');
    this.top = h('div', { class: 'toolbar' }, h('label', { for: 'scene' }, 'Scene'), scene, h('label', { for: 'surface' }, 'Surface'), surface, h('label', { for: 'start-x' }, 'start'), startX, startY, h('label', { for: 'steps' }, 'steps'), steps);
    this.player = h(
      'div',
      { class: 'toolbar' },
      this.play,
      h('button', { type: 'button', id: 'step', onclick: () => actions.step() }, 'Step'),
      h('button', { type: 'button', id: 'rewind', onclick: () => actions.rewind() }, 'Rewind'),
      h('label', { for: 'speed' }, 'speed'),
      speed,
      this.playhead,
      h('span', { class: 'check' }, arrows, h('label', { for: 'arrows', title: 'arrows for the gradient, the momentum and the step at each racer’s point' }, 'step mode: arrows')),
    );
    this.below = [
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
    // Each control is written only when its value changed: sync runs on every slider move, and
    // a written input is repainted.
    const set = (input: HTMLInputElement | HTMLSelectElement, value: string): void => {
      if (input.value !== value) input.value = value;
    };
    set(this.surface, state.surface);
    set(this.steps, String(state.steps));
    set(this.noise, String(Math.sqrt(state.noise / 10)));
    const noiseText = formatNumber(state.noise);
    if (this.noiseValue.textContent !== noiseText) this.noiseValue.textContent = noiseText;
    set(this.seed, String(state.seed));
    set(this.speed, String(state.speed));
    set(this.startX, String(Number(state.start[0].toPrecision(4))));
    set(this.startY, String(Number(state.start[1].toPrecision(4))));
    set(this.scene, state.preset);
    if (this.arrows.checked !== state.arrows) this.arrows.checked = state.arrows;
    const preset = racePresets[state.preset];
    const caption = preset?.watchFor ?? '';
    if (this.caption.textContent !== caption) this.caption.textContent = caption;
    if (this.caption.hidden !== (preset === undefined)) this.caption.hidden = preset === undefined;
    if (this.formulaOf !== surface.name) {
      // KaTeX once per surface (sync runs on every change).
      this.formulaOf = surface.name;
      this.formula.replaceChildren(h('span', { class: 'formula-title' }, `${surface.title}: `), typeset(h('span'), surface.formula));
    }
    const labels = ['off', ...state.runs.map((run, i) => `${i + 1}. ${runLabel(run)}`)];
    if (labels.length !== this.basin.options.length) {
      // A run added or removed: new options now.
      this.relabelBasin(labels);
    } else if (labels.join('\n') !== this.basinLabels) {
      // Only a label changed (a label carries the run's lr, which a dragged slider changes
      // every frame): the texts are written once the slider rests, or when the menu is
      // opened. Each write to a select's options makes Chromium's autofill re-examine the
      // form after the frame, with a forced layout, which would cost the next frame.
      clearTimeout(this.basinTimer);
      this.pendingLabels = labels;
      this.basinTimer = setTimeout(() => this.flushBasinLabels(), BASIN_LABELS_DELAY);
    }
    set(this.basin, String(state.basin < 0 ? -1 : state.basin));
  }

  /** Writes the basin menu's labels that are waiting, if any. */
  private flushBasinLabels(): void {
    clearTimeout(this.basinTimer);
    if (this.pendingLabels !== undefined) this.relabelBasin(this.pendingLabels);
  }

  /** The basin menu's options: rebuilt when their number changed, else only the texts that changed. */
  private relabelBasin(labels: readonly string[]): void {
    this.pendingLabels = undefined;
    this.basinLabels = labels.join('\n');
    const options = this.basin.options;
    if (options.length !== labels.length) {
      this.basin.replaceChildren(...labels.map((text, i) => h('option', { value: String(i - 1) }, text)));
      return;
    }
    labels.forEach((text, i) => {
      const option = options[i];
      if (option !== undefined && option.text !== text) option.text = text;
    });
  }

  /** `step k / n` beside the player. */
  showPlayhead(step: number, steps: number): void {
    const text = `step ${step} / ${steps}`;
    if (this.playhead.textContent !== text) this.playhead.textContent = text;
  }

  showPlaying(playing: boolean): void {
    this.play.textContent = playing ? 'Pause' : 'Play';
  }

  /** The basin map's legend: each minimum's colour and how many starts end there; or `note` (computing, or why there is no map). */
  showBasinLegend(surface: Surface, map: BasinMap | undefined, note?: string): void {
    if (map === undefined) {
      this.basinLegend.replaceChildren(...(note === undefined ? [] : [h('span', { class: 'note' }, note)]));
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
