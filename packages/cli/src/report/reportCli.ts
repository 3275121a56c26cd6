import { textTable } from '../formatMetrics';
import { createOutput } from '../output';
import { checkOutDir, createOutDir } from '../run/prepareOutDir';
import { loadRuns } from './loadRuns';
import { renderReport, runRows } from './renderReport';
import type { ReportFiles } from './renderReport';

/** The flags of `descent report`. */
export interface ReportFlags {
  out?: string;
  title?: string;
  json?: boolean;
  quiet?: boolean;
}

/** What `descent report` wrote. */
export interface ReportCliResult extends ReportFiles {
  /** How many runs the report shows. */
  runs: number;
}

/**
 * The body of `descent report DIR...`: reads every run of the folders given (run folders,
 * or sweep folders, sharded ones included: their runs are merged), validates every file
 * before anything is written, renders `report.html` and the charts, and prints the table.
 *
 * @example
 * const { html } = await reportCli(['runs/grid'], { title: 'Adam vs SGD' });
 * @throws DescentError `NOT_FOUND` for a missing folder or one without runs, `CORRUPT_DATASET` naming a damaged file
 */
export async function reportCli(dirs: readonly string[], flags: ReportFlags = {}): Promise<ReportCliResult> {
  const out = createOutput(flags);
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
  const result = { runs: runs.length, ...files };
  out.printJson(result);
  return result;
}
