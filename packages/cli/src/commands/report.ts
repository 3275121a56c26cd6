import { Command } from 'commander';
import { createOutput } from '../output';
import { loadRuns } from '../report/loadRuns';
import { textTable } from '../formatMetrics';
import { checkOutDir, createOutDir } from '../run/prepareOutDir';

interface ReportFlags {
  out?: string;
  title?: string;
  json?: boolean;
  quiet?: boolean;
}

const EXAMPLES = `
Examples:
  $ descent report runs/sweep-20260101-120000            # writes into that folder
  $ descent report runs/adam runs/sgd --out reports/compare
  $ descent report runs/grid --title "Adam vs SGD"

Writes report.html (self-contained: charts inline, no scripts) and each chart as SVG and
PNG: training-loss, test-accuracy, test-loss and, when the runs differ in learning rate,
loss-vs-lr (log axis). Diverged runs are marked. Exit codes: 0 done, 2 bad input.`;

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
    const out = createOutput(flags);
    const { renderReport, runRows } = await import('../report/renderReport');
    const runs = loadRuns(dirs);
    const target = flags.out ?? (dirs.length === 1 ? dirs[0]! : 'report');
    if (flags.out !== undefined || dirs.length > 1) {
      checkOutDir('report', target, { resume: false, force: true });
      createOutDir('report', target, { force: false });
    }
    const files = await renderReport(runs, target, { title: flags.title ?? `descent report: ${dirs.join(', ')}` });
    const { header, rows } = runRows(runs);
    out.result(textTable([header, ...rows]));
    out.result(`report: ${files.html}`);
    for (const chart of files.charts) out.result(`chart: ${chart.png} ${chart.svg}`);
    out.printJson({ runs: runs.length, ...files });
  });
  return command;
}
