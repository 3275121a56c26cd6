import type { Command } from 'commander';
import { lectureCommand } from './lecture';
import { lrFindCommand } from './lrFind';
import { raceCommand } from './race';
import { reportCommand } from './report';
import { scheduleCommand } from './schedule';
import { sweepCommand } from './sweep';
import { trainCommand } from './train';

/**
 * The factories of `descent`'s commands, in the order `--help` lists them. A new command
 * is one file under `src/commands/` exporting a factory of a commander `Command`, added here.
 */
export const commandFactories: ReadonlyArray<() => Command> = Object.freeze([trainCommand, sweepCommand, lectureCommand, reportCommand, raceCommand, lrFindCommand, scheduleCommand]);
