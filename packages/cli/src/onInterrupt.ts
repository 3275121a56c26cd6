import { exitCodes } from './exitCodes';

/**
 * Handles Ctrl-C (SIGINT, and SIGTERM) for a long command: the first calls `stop` (which
 * should finish the batch and write a checkpoint); a second one exits at once with 130.
 * Returns a function that removes the handlers.
 *
 * @example
 * const release = onInterrupt(() => controller.abort());
 * try { await work(); } finally { release(); }
 */
export function onInterrupt(stop: () => void): () => void {
  let count = 0;
  const handler = (): void => {
    count++;
    if (count === 1) stop();
    else process.exit(exitCodes.interrupted);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * Resolves once the event loop has polled for I/O after this call, so that a Ctrl-C that came
 * while the thread was busy has reached the `onInterrupt` handler. Why it is needed: Node runs
 * a `'SIGINT'` listener only when the loop polls (libuv's signal pipe), and work that never
 * leaves the microtask queue (Vega's promise chain, resvg, synchronous writes) does not let it
 * poll; removing the listener before the loop has polled makes libuv discard the pending signal
 * (it was caught, so it does not kill the process either): the command would end with 0, as if
 * no Ctrl-C had come. A timer puts the continuation in the timers phase, and an immediate after
 * it runs only once the poll phase that follows has run.
 *
 * @example
 * await renderCharts();
 * await signalsDelivered();
 * release(); // no Ctrl-C is lost
 */
export async function signalsDelivered(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setImmediate(resolve));
}
