/** Wall-clock and CPU milliseconds of one part of a command. */
export interface Timing {
  /** Elapsed milliseconds (grows when other processes share the cores). */
  wall: number;
  /** CPU milliseconds this process spent (user + system, all its threads): the compute. */
  cpu: number;
}

/**
 * Starts timing; the returned function gives the wall and CPU time since.
 *
 * @example
 * const stop = stopwatch();
 * work();
 * const { wall, cpu } = stop();
 */
export function stopwatch(): () => Timing {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
}
