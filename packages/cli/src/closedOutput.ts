/**
 * Makes a closed stdout or stderr (`descent ... | head -3`: the reader left) end the
 * command quietly, as Unix tools do: no `EPIPE` trace, exit code 0 unless one was set. The
 * one place that handles it, for every command.
 *
 * @example
 * endQuietlyOnClosedOutput(); // in bin.ts, before the program runs
 */
export function endQuietlyOnClosedOutput(streams: ReadonlyArray<NodeJS.WriteStream> = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      // process.exit runs the 'exit' handlers (the run folder's lock is released there).
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}
