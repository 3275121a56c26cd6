import type { FromWorker, ToWorker, TrainingPlan } from './protocol';

/** How long Stop waits for the worker to finish its step before ending it outright. */
const STOP_GRACE_MS = 500;

/**
 * The page's side of the training worker: starts it on first use, forwards the view's
 * commands and hands its reports to `onMessage`. Stop is immediate for the page: when the
 * worker is inside a long step (huge sizes) and has not answered within half a second, it
 * is terminated (the curves so far stay with the page; the next Start loads MNIST again).
 */
export class TrainingClient {
  private worker: Worker | undefined;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private session = 0;

  constructor(private readonly onMessage: (message: FromWorker) => void) {}

  private ensure(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(new URL('./trainingWorker.ts', import.meta.url), { type: 'module', name: 'descent-training' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if ((message.type === 'stopped' || message.type === 'error') && this.stopTimer !== undefined) {
        clearTimeout(this.stopTimer);
        this.stopTimer = undefined;
      }
      this.onMessage(message);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.onMessage({ type: 'error', session: this.session, message: `the training worker failed: ${event.message || 'out of memory?'}` });
      this.terminate();
    };
    this.worker = worker;
    return worker;
  }

  private send(message: ToWorker): void {
    this.ensure().postMessage(message);
  }

  start(plan: TrainingPlan): void {
    this.session = plan.session;
    this.send({ type: 'start', plan });
  }

  pause(): void {
    this.worker?.postMessage({ type: 'pause' } satisfies ToWorker);
  }

  resume(): void {
    this.worker?.postMessage({ type: 'resume' } satisfies ToWorker);
  }

  /** Stops the training; `onKilled` runs when the worker had to be terminated. */
  stop(onKilled: () => void): void {
    if (this.worker === undefined) return;
    this.worker.postMessage({ type: 'stop' } satisfies ToWorker);
    clearTimeout(this.stopTimer);
    this.stopTimer = setTimeout(() => {
      this.stopTimer = undefined;
      this.terminate();
      onKilled();
    }, STOP_GRACE_MS);
  }

  private terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
