/**
 * Follows the process's resident memory (every worker thread included): samples `rss`
 * every 100 ms and, at `stop()`, also reads the kernel's own peak (`maxRSS`), returning
 * the larger, in bytes.
 *
 * @example
 * const memory = trackPeakMemory();
 * await work();
 * console.log(`peak ${(memory.stop() / 2 ** 20).toFixed(0)} MiB`);
 */
export function trackPeakMemory(intervalMs = 100): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
    },
  };
}
