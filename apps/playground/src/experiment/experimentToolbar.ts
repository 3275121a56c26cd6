import { presets } from '../catalog';
import { EXPERIMENT_BACKENDS, EXPERIMENT_LIMITS, type ExperimentBackend, type ExperimentState } from '../state/experimentState';
import { h } from '../ui/h';

type SizeKey = 'hidden' | 'batchSize' | 'steps' | 'seed';

/** What the toolbar asks of the view. */
export interface ToolbarActions {
  /** A size field or the backend changed (already written into the state). */
  changed(): void;
  preset(which: 'lecture' | 'optimizers'): void;
  /** Add the "add run" menu's preset at `index`. */
  add(index: number): void;
  start(): void;
  togglePause(): void;
  stop(): void;
  exportJson(): void;
}

/**
 * The experiment's controls: the presets, the "add run" menu, the sizes, the backend, Start /
 * Pause / Stop / Export, the MNIST download bar, the status line, the speed line (steps/s and
 * time left) and the notice that says what was capped.
 */
export class ExperimentToolbar {
  readonly element: HTMLElement;
  readonly status: HTMLElement;
  readonly speed: HTMLElement;
  readonly notice: HTMLElement;
  readonly progress: HTMLProgressElement;
  readonly buttons: { start: HTMLButtonElement; pause: HTMLButtonElement; stop: HTMLButtonElement; export: HTMLButtonElement };
  private readonly inputs: Record<SizeKey, HTMLInputElement>;
  private readonly backend: HTMLSelectElement;
  private readonly add: HTMLSelectElement;

  constructor(
    private state: () => ExperimentState,
    actions: ToolbarActions,
  ) {
    this.status = h('p', { class: 'status', id: 'experiment-status', role: 'status', 'aria-live': 'polite' }, 'Press Start: MNIST (55 MB, about 11 MB gzip-compressed) is loaded from this site, then the runs train side by side in a background thread.');
    this.speed = h('p', { class: 'status speed', id: 'exp-speed', 'aria-live': 'off' });
    this.notice = h('p', { class: 'notice', id: 'exp-capped', role: 'note', hidden: true });
    this.progress = h('progress', { id: 'mnist-progress', max: 1, value: 0, hidden: true, 'aria-label': 'MNIST download' });
    const number = (id: string, label: string, range: readonly [number, number], key: SizeKey): HTMLInputElement => {
      const input = h('input', { type: 'number', id, min: range[0], max: range[1], step: 1, 'aria-label': label });
      input.addEventListener('change', () => {
        const v = Number(input.value);
        if (Number.isInteger(v) && v >= range[0] && v <= range[1]) {
          this.state()[key] = v;
          actions.changed();
        } else input.value = String(this.state()[key]);
      });
      return input;
    };
    this.inputs = {
      hidden: number('exp-hidden', 'hidden units', EXPERIMENT_LIMITS.hidden, 'hidden'),
      batchSize: number('exp-batch', 'batch size', EXPERIMENT_LIMITS.batchSize, 'batchSize'),
      steps: number('exp-steps', 'steps', EXPERIMENT_LIMITS.steps, 'steps'),
      seed: number('exp-seed', 'seed', [0, 2 ** 32 - 1], 'seed'),
    };
    this.backend = h('select', { id: 'exp-backend' }, ...EXPERIMENT_BACKENDS.map((b) => h('option', { value: b }, b === 'descent' ? 'descent (WebAssembly SIMD)' : b === 'auto' ? 'auto' : `tfjs ${b}`)));
    this.backend.addEventListener('change', () => {
      this.state().backend = this.backend.value as ExperimentBackend;
      actions.changed();
    });
    this.add = h('select', { id: 'exp-add', 'aria-label': 'add a run' }, h('option', { value: '' }, '+ add run…'), ...presets().map((p, i) => h('option', { value: String(i) }, p.label)));
    this.add.addEventListener('change', () => {
      const raw = this.add.value;
      this.add.value = '';
      if (raw !== '') actions.add(Number(raw));
    });
    this.buttons = {
      start: h('button', { type: 'button', id: 'exp-start', onclick: () => actions.start() }, 'Start'),
      pause: h('button', { type: 'button', id: 'exp-pause', disabled: true, onclick: () => actions.togglePause() }, 'Pause'),
      stop: h('button', { type: 'button', id: 'exp-stop', disabled: true, onclick: () => actions.stop() }, 'Stop'),
      export: h('button', { type: 'button', id: 'exp-export', title: 'every step of every run, as JSON', onclick: () => actions.exportJson() }, 'Export JSON'),
    };
    const label = (id: string, text: string): HTMLLabelElement => h('label', { for: id }, text);
    this.element = h(
      'div',
      { class: 'exp-controls' },
      h(
        'div',
        { class: 'toolbar' },
        h('button', { type: 'button', id: 'exp-lecture', onclick: () => actions.preset('lecture') }, "Preset: the lecture (SGD at 1e-4 … 10, and lr 1 halved)"),
        h('button', { type: 'button', id: 'exp-optimizers', onclick: () => actions.preset('optimizers') }, 'Preset: SGD vs momentum vs RMSprop vs Adam'),
        this.add,
      ),
      h(
        'div',
        { class: 'toolbar' },
        ...(['hidden', 'batchSize', 'steps', 'seed'] as const).flatMap((key) => [label(this.inputs[key].id, key === 'batchSize' ? 'batch' : key), this.inputs[key]]),
        label('exp-backend', 'backend'),
        this.backend,
      ),
      this.notice,
      h('div', { class: 'toolbar' }, this.buttons.start, this.buttons.pause, this.buttons.stop, this.buttons.export, this.progress, this.status),
      this.speed,
    );
  }

  /** Shows the state's values. */
  sync(): void {
    const state = this.state();
    for (const key of ['hidden', 'batchSize', 'steps', 'seed'] as const) this.inputs[key].value = String(state[key]);
    this.backend.value = state.backend;
    this.add.disabled = state.runs.length >= EXPERIMENT_LIMITS.runs;
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  /**
   * Shows the MNIST download's progress: bytes read of the total (in MB, 10^6 bytes; the
   * bytes as the browser hands them over, unpacked when the server compressed the transfer),
   * with the bar; once everything is read, the bar goes and the line says so.
   */
  showLoading(loaded: number, total: number | undefined): void {
    const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
    if (total !== undefined && loaded >= total) {
      this.progress.value = 1;
      this.progress.hidden = true;
      this.setStatus(`MNIST loaded (${mb(total)} MB); starting the training…`);
      return;
    }
    this.progress.hidden = false;
    // Without a total the bar is indeterminate (no value), not stuck at 0.
    if (total === undefined) this.progress.removeAttribute('value');
    else this.progress.value = loaded / total;
    this.setStatus(total === undefined ? `Loading MNIST: ${mb(loaded)} MB` : `Loading MNIST: ${mb(loaded)} of ${mb(total)} MB (${Math.floor((100 * loaded) / total)}%)`);
  }

  /** Shows the capping notice (or hides it). */
  setNotice(text: string | undefined): void {
    this.notice.hidden = text === undefined;
    this.notice.textContent = text ?? '';
  }

  /** Buttons for a training that is `live` (running or paused) or not, and paused or not. */
  setTraining(live: boolean, paused: boolean): void {
    this.buttons.pause.disabled = !live;
    this.buttons.stop.disabled = !live;
    this.buttons.pause.textContent = paused ? 'Resume' : 'Pause';
  }
}
