import { Command, CommanderError } from 'commander';
import { commandFactories } from './commands/index';
import packageJson from '../package.json' with { type: 'json' };

const ROOT_HELP = `
Examples:
  $ descent lecture                            # the lecture's learning-rate experiment, its lessons and report
  $ descent train --lr 0.1 --epochs 3
  $ descent sweep --optimizer sgd,adam --lr 0.001,0.01,0.1 --workers 2
  $ descent report runs/sweep-20260101-120000

Exit codes: 0 ok, 1 failed (a run failed or diverged, or writing failed: disk full), 2 bad input,
130 interrupted (Ctrl-C).
Colours follow NO_COLOR and FORCE_COLOR; progress bars only on a terminal.`;

/** Width the list of valid options is wrapped to. */
const WRAP = 88;

function wrap(items: readonly string[], indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const piece = `${item},`;
    if (line !== '' && indent.length + line.length + 1 + piece.length > WRAP) {
      lines.push(line);
      line = piece;
    } else line = line === '' ? piece : `${line} ${piece}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n').replace(/,$/, '');
}

/**
 * The options a command takes, grouped as its `--help` groups them, wrapped: what an
 * unknown option's error lists.
 *
 * @example
 * validOptionsText(createProgram().commands[0]!); // 'valid options of descent train:\n  Experiment:\n    --config, --dataset, ...'
 */
export function validOptionsText(command: Command): string {
  const groups = new Map<string, string[]>();
  for (const option of command.createHelp().visibleOptions(command)) {
    const heading = (option.helpGroupHeading ?? 'Options:').replace(/ \(.*\):$/, ':');
    const flag = option.long ?? option.short;
    if (flag === undefined) continue;
    groups.set(heading, [...(groups.get(heading) ?? []), flag]);
  }
  const body = [...groups].map(([heading, flags]) => `  ${heading}\n${wrap(flags, '    ')}`).join('\n');
  const name = command.parent === null ? command.name() : `${command.parent.name()} ${command.name()}`;
  return `valid options of ${name}:\n${body}\n`;
}

/**
 * Usage errors of a command: commander's `error: ...` becomes `descent: <command>: ...`
 * (like every other error of descent), an unknown option lists the valid ones, and every
 * usage error ends with where the help is. Help and version are not errors.
 */
function handleUsageErrors(command: Command, path: string): void {
  command.configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, `descent: ${path === 'descent' ? '' : `${command.name()}: `}`)) });
  command.exitOverride((error: CommanderError) => {
    if (error.exitCode !== 0 && error.code !== 'commander.help') {
      const write = (text: string): void => command.configureOutput().writeErr?.(text);
      if (error.code === 'commander.unknownOption') write(validOptionsText(command));
      write(`(${path} --help for usage)\n`);
    }
    throw error;
  });
}

/**
 * Builds the `descent` program with every command of {@link commandFactories}. Usage
 * errors throw (commander's `exitOverride`) so the caller chooses the exit code; an unknown
 * option's message lists the command's valid options.
 *
 * @example
 * await createProgram().parseAsync(['node', 'descent', 'train', '--help']);
 */
export function createProgram(): Command {
  const program = new Command('descent')
    .description('train with gradient descent: any optimizer, any schedule, sweeps, the lecture experiment and its report')
    .version(packageJson.version)
    .addHelpText('after', ROOT_HELP);
  handleUsageErrors(program, 'descent');
  for (const factory of commandFactories) {
    const command = factory();
    handleUsageErrors(command, `descent ${command.name()}`);
    program.addCommand(command);
  }
  return program;
}
