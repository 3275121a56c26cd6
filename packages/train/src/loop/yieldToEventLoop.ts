type Immediate = (callback: () => void) => unknown;

/**
 * Lets pending events run (an abort, Ctrl-C, a UI click) between batches: `setImmediate` in
 * Node, a `MessageChannel` message in browsers and workers (not clamped like `setTimeout`).
 *
 * @example
 * while (training.round()) await yieldToEventLoop(); // a Pause message is read between rounds
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => void immediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
