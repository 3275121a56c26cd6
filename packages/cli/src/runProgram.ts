import { CommanderError } from 'commander';
import { exitCodeFor, exitCodes } from './exitCodes';
import { createProgram } from './program';

/** Where {@link runProgram} writes its own error line (a `process.stderr`-like object). */
export interface ErrorStream {
  write(text: string): unknown;
}

/**
 * Runs `descent` with `argv` (as `process.argv`: node, script, then the arguments) and
 * returns its exit code instead of exiting: 0 done, 1 failed (a write that failed mid-run
 * included), 2 bad input (a usage error, or a `DescentError` with a bad-input code), 130 interrupted. An error is printed as one
 * line, `descent: <message>`; its stack only with `DESCENT_DEBUG` set, and never for bad input.
 *
 * @example
 * process.exitCode = await runProgram(process.argv);
 */
export async function runProgram(argv: readonly string[], stderr: ErrorStream = process.stderr): Promise<number> {
  process.exitCode = undefined;
  try {
    await createProgram().parseAsync([...argv]);
  } catch (error) {
    // commander printed its message already; help and version are not errors.
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
    const code = exitCodeFor(error);
    stderr.write(`descent: ${error instanceof Error ? error.message : String(error)}\n`);
    if (code !== exitCodes.badInput && error instanceof Error && error.stack !== undefined && process.env.DESCENT_DEBUG !== undefined) stderr.write(`${error.stack}\n`);
    return code;
  }
  const code = process.exitCode;
  return typeof code === 'number' ? code : exitCodes.ok;
}
