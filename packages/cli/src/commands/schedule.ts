import { Command } from 'commander';
import type { ScheduleFlags } from '../schedule/scheduleCli';

/**
 * `descent schedule SPEC`: shows a learning-rate schedule of `@descent/schedulers` (short
 * form such as `warmup-cosine:500:10000`, or JSON) over N steps, in the terminal and, with
 * `--out`, as SVG and PNG.
 *
 * @example
 * program.addCommand(scheduleCommand());
 * // descent schedule onecycle:0.1:1000 --out plots
 */
export function scheduleCommand(): Command {
  const command = new Command('schedule')
    .description('show a learning-rate schedule over N steps: a text chart here, SVG/PNG with --out')
    .argument('<spec>', "schedule spec: short form (step:30:0.1, cosine:100, warmup-cosine:500:10000, onecycle:0.1:1000, ...) or JSON")
    .option('--steps <n>', "steps to show (default: the spec's length where it has one, else 100)")
    .option('--lr <value>', 'base learning rate, the initial value of specs that scale one')
    .option('--log', 'log-scale value axis')
    .option('--width <columns>', 'columns of the text chart', '64')
    .option('--height <rows>', 'rows of the text chart', '8')
    .option('--out <dir>', 'write schedule.svg, schedule.png and schedule.json there')
    .option('--json', 'print the spec and every value as JSON instead')
    .addHelpText(
      'after',
      `
Examples:
  $ descent schedule warmup-cosine:500:10000 --lr 0.1
  $ descent schedule onecycle:0.1:1000 --log --out plots
  $ descent schedule '{"type":"step","stepSize":30,"gamma":0.5}' --lr 0.1 --steps 100`,
    )
    .action(async (spec: string, flags: ScheduleFlags) => {
      const { scheduleCli } = await import('../schedule/scheduleCli');
      const result = await scheduleCli(spec, flags);
      process.stdout.write(`${result.report}\n`);
      if (result.files.length > 0 && flags.json !== true) process.stdout.write(`\nwrote ${result.files.join(', ')}\n`);
    });
  // Usage errors throw a CommanderError, which bin.ts turns into exit code 2.
  return command.exitOverride();
}
