// The commands of `descent`, each as a commander factory (`<name>Command`) and as a function
// (`<name>Cli`) with its flags and result types; the program that holds them; the exit codes.
export { createProgram } from './program';
export { commandFactories } from './commands/index';
export { exitCodes, exitCodeFor } from './exitCodes';

export { trainCommand } from './commands/train';
export { trainCli } from './train/trainCli';
export type { TrainFlags } from './train/trainCli';
export type { RunStatus, RunSummary } from './run/runFiles';

export { sweepCommand } from './commands/sweep';
export { sweepCli } from './sweep/sweepCli';
export type { SweepCliResult, SweepFlags } from './sweep/sweepCli';
export type { SweepResult } from './sweep/runSweep';

export { lectureCommand } from './commands/lecture';
export { lectureCli } from './lecture/lectureCli';
export type { LectureFlags } from './lecture/lectureCli';
export type { LectureSummary } from './lecture/runLecture';
export type { Lesson } from './lecture/lessons';
export type { LectureRunSpec, LectureSetup } from './lecture/lectureSetup';
export type { Closeness } from './lecture/lectureReport';

export { reportCommand } from './commands/report';
export { reportCli } from './report/reportCli';
export type { ReportCliResult, ReportFlags } from './report/reportCli';
export type { ReportFiles } from './report/renderReport';

export { raceCommand } from './commands/race';
export { raceCli } from './race/raceCli';
export type { RaceFlags, RaceResult } from './race/raceCli';

export { lrFindCommand } from './commands/lrFind';
export { lrFindCli } from './lrFind/lrFindCli';
export type { LrFindFlags, LrFindResult } from './lrFind/lrFindCli';
export type { LrSuggestion, RangeTestPoint } from './lrFind/rangeTest';

export { scheduleCommand } from './commands/schedule';
export { scheduleCli } from './schedule/scheduleCli';
export type { ScheduleFlags, ScheduleResult } from './schedule/scheduleCli';
