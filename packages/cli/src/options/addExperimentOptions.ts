import type { Command } from 'commander';
import { optimizerSpecHelp } from './optimizerSpec';
import { experimentSpecs, optimizerOptionSpecs } from './settingSpecs';
import type { SettingSpec } from './settingSpecs';

function placeholder(spec: SettingSpec): string {
  switch (spec.kind) {
    case 'boolean':
      return '[bool]';
    case 'integerList':
      return '<widths>';
    case 'numberPair':
      return '<a,b>';
    case 'choice':
      return '<name>';
    case 'integer':
      return '<n>';
    case 'number':
      return '<x>';
    default:
      return '<value>';
  }
}

/**
 * Adds the experiment flags (dataset, model, optimizer and every option of every
 * `@descent/optimizers` optimizer, schedule, epochs, batch size, seed, backend) and the
 * output flags shared by `train`, `sweep` and `lecture` to a command. Values stay text
 * here; {@link collectSettings} parses them (a sweep accepts lists).
 *
 * @param options.only - add only these experiment settings (by key); default all.
 * @param options.lists - say in the help that values may be lists (sweep). Default false.
 * @param options.config - add `--config FILE`. Default true.
 * @param options.descriptions - help texts that replace a setting's own, by key (a command
 *   whose defaults differ, such as `lecture`'s 10 epochs).
 * @example
 * addExperimentOptions(new Command('train'));
 */
export function addExperimentOptions(command: Command, options: { only?: readonly string[]; lists?: boolean; config?: boolean; descriptions?: Readonly<Record<string, string>> } = {}): Command {
  const pick = (spec: SettingSpec): boolean => options.only === undefined || options.only.includes(spec.key);
  command.optionsGroup(options.lists === true ? 'Experiment (any may be a list: commas, or / for --hidden, --betas, --schedule):' : 'Experiment:');
  if (options.config !== false) command.option('--config <file>', 'read the experiment from a JSON or YAML file (flags given as well override it)');
  for (const spec of experimentSpecs.filter(pick)) command.option(`${spec.flag} ${placeholder(spec)}`, options.descriptions?.[spec.key] ?? spec.description);
  const optimizerSpecs = optimizerOptionSpecs.filter(pick);
  if (optimizerSpecs.length > 0) {
    command.optionsGroup('Optimizer options (torch names; each applies to the optimizers listed):');
    for (const spec of optimizerSpecs) {
      const choices = spec.choices === undefined ? '' : ` (${spec.choices.join(' | ')})`;
      command.option(`${spec.flag} ${placeholder(spec)}`, `${spec.description}${choices}`);
    }
  }
  if (pick(experimentSpecs.find((s) => s.key === 'optimizer')!)) command.addHelpText('after', `\n${optimizerSpecHelp()}`);
  command.optionsGroup('Output:');
  command.option('--out <dir>', 'output folder (default: runs/<command>-<date>-<time>)');
  command.option('--resume', 'continue the stopped run(s) in --out from their checkpoint');
  command.option('--force', 'overwrite --out if it exists');
  command.option('--json', 'print a machine-readable summary on stdout (progress stays on stderr)');
  command.option('--quiet', 'no progress bars or informational lines');
  return command;
}
