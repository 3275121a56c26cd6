/// <reference lib="webworker" />
// The experiment's training, off the page's thread: MNIST is loaded here, every run steps
// here, and the page gets what happened about ten times a second. Between slices of about
// 25 ms of steps the worker yields, so a Pause or Stop is read within one slice.
import { loadMnist, type Mnist } from '@descent/datasets';
import { yieldToEventLoop } from '@descent/train';
import { chooseEngine, type Engine } from './chooseEngine';
import { LockstepTraining } from './lockstepTraining';
import type { FromWorker, ToWorker, TrainingPlan } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** Work done between two yields to the message queue. */
const SLICE_MS = 25;
/** Reports the MNIST download's progress at most this often. */
const LOADING_MS = 50;
/** Reports to the page at most this often. */
const REPORT_MS = 100;

let data: Mnist | undefined;
let engine: { choice: string; value: Engine } | undefined;
/** Bumped by every start and stop: a start still loading when a newer message came gives up. */
let token = 0;
let lastSession = 0;
let job: { plan: TrainingPlan; training: LockstepTraining; state: 'running' | 'paused' | 'stopped'; seconds: number; driving: boolean } | undefined;

function post(message: FromWorker): void {
  self.postMessage(message);
}

function report(): void {
  if (job === undefined) return;
  post({ type: 'progress', session: job.plan.session, ...job.training.drain(), seconds: job.seconds });
}

async function start(plan: TrainingPlan): Promise<void> {
  job?.training.dispose();
  job = undefined;
  const mine = ++token;
  try {
    let shown = -Infinity;
    data ??= await loadMnist({
      source: plan.mnistUrl,
      onProgress: (loaded, total) => {
        // At most every LOADING_MS, and the last one (everything read) always: a message a chunk would be a thousand.
        const now = performance.now();
        if (now - shown < LOADING_MS && loaded !== total) return;
        shown = now;
        post({ type: 'loading', session: plan.session, loaded, total });
      },
    });
    if (engine?.choice !== plan.backend) engine = { choice: plan.backend, value: await chooseEngine(plan.backend, plan.wasmUrl) };
  } catch (error) {
    post({ type: 'error', session: plan.session, message: (error as Error).message });
    return;
  }
  if (mine !== token) return;
  const { engine: name, reason, threads, createModel } = engine.value;
  post({ type: 'engine', session: plan.session, engine: name, reason, threads });
  const evalSplit = { images: data.test.images.subarray(0, plan.evalImages * 784), labels: data.test.labels.subarray(0, plan.evalImages), count: plan.evalImages };
  let training: LockstepTraining;
  try {
    training = new LockstepTraining(plan, data.train, evalSplit, createModel);
  } catch (error) {
    post({ type: 'error', session: plan.session, message: (error as Error).message });
    return;
  }
  job = { plan, training, state: 'running', seconds: 0, driving: false };
  report();
  await drive(job);
}

/** Trains until done, paused or stopped, reporting every {@link REPORT_MS}. */
async function drive(current: NonNullable<typeof job>): Promise<void> {
  // A resume that comes before the loop saw the pause finds it still going.
  if (current.driving) return;
  current.driving = true;
  let reported = performance.now();
  try {
    while (current.state === 'running' && current.training.active) {
      const started = performance.now();
      while (current.training.round() && performance.now() - started < SLICE_MS);
      current.seconds += (performance.now() - started) / 1000;
      if (performance.now() - reported >= REPORT_MS) {
        report();
        reported = performance.now();
      }
      // Lets queued messages (pause, stop) run, without the 4 ms clamp of nested timers.
      await yieldToEventLoop();
    }
  } catch (error) {
    post({ type: 'error', session: current.plan.session, message: (error as Error).message });
    current.state = 'stopped';
  } finally {
    current.driving = false;
  }
  if (job !== current) return;
  report();
  const stepsDone = current.training.stepsDone;
  const session = current.plan.session;
  if (current.state === 'paused') post({ type: 'paused', session, stepsDone });
  else {
    post({ type: current.state === 'stopped' ? 'stopped' : 'finished', session, stepsDone });
    current.training.dispose();
    job = undefined;
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'start') {
    lastSession = message.plan.session;
    void start(message.plan);
  }
  else if (message.type === 'stop' && job === undefined) {
    // Nothing trains (still loading, or finished): a start in progress gives up.
    token++;
    post({ type: 'stopped', session: lastSession, stepsDone: [] });
  }
  else if (job !== undefined) {
    if (message.type === 'pause' && job.state === 'running') job.state = 'paused';
    else if (message.type === 'resume' && job.state === 'paused') {
      job.state = 'running';
      void drive(job);
    } else if (message.type === 'stop') {
      const wasPaused = job.state === 'paused';
      job.state = 'stopped';
      // A paused run has no loop to notice: end it here.
      if (wasPaused) {
        post({ type: 'stopped', session: job.plan.session, stepsDone: job.training.stepsDone });
        job.training.dispose();
        job = undefined;
      }
    }
  }
};
