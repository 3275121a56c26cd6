#!/usr/bin/env node
import { CommanderError } from 'commander';
import { exitCodeFor, exitCodes } from './exitCodes';
import { createProgram } from './program';

async function main(): Promise<void> {
  try {
    await createProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander printed its message already; help and version are not errors.
      process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
      return;
    }
    const code = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`descent: ${message}\n`);
    if (code !== exitCodes.badInput && error instanceof Error && error.stack !== undefined && process.env.DESCENT_DEBUG !== undefined) {
      process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = code;
  }
}

await main();
