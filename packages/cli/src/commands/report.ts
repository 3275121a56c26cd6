import { Command } from 'commander';
import type { ReportFlags } from '../report/reportCli';

const EXAMPLES = `
Examples:
  $ descent report runs/sweep-20260101-120000            # writes into that folder
  $ descent report runs/adam runs/sgd --out reports/compare
  $ descent report runs/grid --title "Adam vs SGD"

Writes report.html (self-contained: charts inline, no scripts) and each chart as SVG and
PNG: training-loss, test-accuracy, test-loss and, when the runs differ in learning rate,
loss-vs-lr (log axis). Diverged runs are marked. Exit codes: 0 done, 1 writing failed (disk full), 2 bad input.`;

/**
 * `descent report DIR...`: the HTML report and PNG/SVG charts of runs and sweeps.
 *
 * @example
 * program.addCommand(reportCommand());
 */
export function reportCommand(): Command {
  const command = new Command('report')
    .description('render runs and sweeps into an HTML report with PNG and SVG charts')
    .argument('<dir...>', 'run folders or sweep folders')
    .option('--out <dir>', 'where to write (default: the folder given, when one; else report/)')
    .option('--title <text>', 'heading of the report')
    .option('--json', 'print the written files as JSON on stdout')
    .option('--quiet', 'print nothing but errors')
    .addHelpText('after', EXAMPLES);
  command.action(async (dirs: string[], flags: ReportFlags) => {
    const { reportCli } = await import('../report/reportCli');
    await reportCli(dirs, flags);
  });
  return command;
}
