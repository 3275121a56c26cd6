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
