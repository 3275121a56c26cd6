import { Command } from 'commander';
import { commandFactories } from './commands/index';

const ROOT_HELP = `
Examples:
  $ descent lecture --epochs 2                 # the lecture's learning-rate experiment, with its report
  $ descent train --lr 0.1 --epochs 3
  $ descent sweep --optimizer sgd,adam --lr 0.001,0.01,0.1 --workers 2
  $ descent report runs/lecture-20260101-120000

Exit codes: 0 ok, 1 run failed or diverged, 2 bad input, 130 interrupted (Ctrl-C).
Colours follow NO_COLOR; progress bars only on a terminal.`;

/**
 * Builds the `descent` program with every command of {@link commandFactories}. Usage
 * errors throw (commander's `exitOverride`) so the caller chooses the exit code.
 *
 * @example
 * await createProgram().parseAsync(['node', 'descent', 'train', '--help']);
 */
export function createProgram(): Command {
  const program = new Command('descent')
    .description('train with gradient descent: any optimizer, any schedule, sweeps, the lecture experiment and its report')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', ROOT_HELP)
    .exitOverride();
  for (const factory of commandFactories) {
    const command = factory();
    command.exitOverride().showHelpAfterError('(add --help for usage)');
    program.addCommand(command);
  }
  return program;
}
