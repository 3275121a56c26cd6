import { isDescentError } from '@descent/core';
import { ScheduleError } from '@descent/schedulers';
import type { Command } from 'commander';

/** Exit code for bad input: a flag, a spec or a value the command cannot use. */
export const EXIT_USAGE = 2;

/**
 * Makes a command fail the way descent's commands do: bad input (a `DescentError` or a
 * `ScheduleError` other than `IO_ERROR`, or a flag commander rejects) prints `error: <message>` and exits with
 * {@link EXIT_USAGE}; any other error exits with 1.
 *
 * @example
 * program.addCommand(withExitCodes(new Command('race').action(...)));
 */
export function withExitCodes(command: Command): Command {
  command.exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  });
  return command;
}

/** Runs an action; reports its error as {@link withExitCodes} describes and sets the exit code. */
export async function reportErrors(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    // schedulers has no dependencies, so it throws its own error of the same shape.
    if ((isDescentError(error) || error instanceof ScheduleError) && error.code !== 'IO_ERROR') {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
