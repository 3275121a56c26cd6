import { parentPort } from 'node:worker_threads';
import { initBackend } from '@descent/train';
import type { BackendChoice, BackendInfo, TrainData } from '@descent/train';
import { readCheckpoint } from '../run/runFiles';
import { trainInFolder } from '../run/trainInFolder';
import type { FromWorker, ToWorker } from './messages';

// A worker of `descent sweep`: receives the dataset once (shared memory), then trains the
// runs it is sent one after another, each into its folder, reporting progress.
const port = parentPort!;
let data: TrainData | undefined;
let backend: { choice: BackendChoice; info: BackendInfo } | undefined;
let controller: AbortController | undefined;
let stopped = false;

function post(message: FromWorker): void {
  port.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'init') data = message.data;
  else if (message.type === 'stop') {
    stopped = true;
    controller?.abort();
  } else void run(message);
});

async function run(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const { plan, dir } = message;
  try {
    if (backend?.choice !== message.backend) backend = { choice: message.backend, info: await initBackend(message.backend, { threads: message.threads }) };
    const resume = message.resume ? readCheckpoint(dir) : undefined;
    controller = new AbortController();
    if (stopped) controller.abort();
    let lastPost = 0;
    const summary = await trainInFolder({
      plan,
      data: data!,
      dir,
      backend: backend.info,
      signal: controller.signal,
      ...(resume === undefined ? {} : { resume }),
      onStart: ({ totalSteps, stepsDone }) => post({ type: 'start', name: plan.name, totalSteps, stepsDone, backend: backend!.info.backend, reason: backend!.info.reason }),
      onStep: (m) => {
        const now = performance.now();
        if (now - lastPost < 200) return;
        lastPost = now;
        post({ type: 'step', name: plan.name, step: m.step, epoch: m.epoch, loss: m.runningLoss });
      },
      onEpoch: (metrics) => post({ type: 'epoch', name: plan.name, metrics }),
    });
    post({ type: 'done', name: plan.name, summary });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    post({ type: 'error', name: plan.name, code: typeof code === 'string' ? code : 'FAILED', message: (error as Error).message });
  }
}

// Last: everything above has loaded (the training package, the run's files), so this thread can run.
post({ type: 'ready' });
