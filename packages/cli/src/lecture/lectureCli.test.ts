import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interruptWhen, runDescent, tempDir } from '../../test/runDescent';
import { lessonCriteria, optimizerLessonCriteria } from './lessons';
import type { LectureSummary } from './runLecture';

describe('descent lecture (the built binary)', () => {
  it('trains the five runs briefly, computes every lesson, and writes the report and summary.json with them', async () => {
    const dir = join(tempDir('lecture'), 'lecture');
    const { code, stdout, stderr } = await runDescent(['lecture', '--epochs', '1', '--train-per-epoch', '1280', '--evals-per-epoch', '2', '--workers', '2', '--json', '--out', dir]);
    expect(code, stderr).toBe(0);
    const printed = JSON.parse(stdout) as LectureSummary;
    const saved = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as LectureSummary;
    expect(saved.lessons).toEqual(printed.lessons);
    expect(printed.lessons.map((l) => l.id)).toEqual(lessonCriteria.map((c) => c.id));
    for (const lesson of printed.lessons) {
      expect(typeof lesson.value, lesson.id).toBe('number');
      expect(typeof lesson.observed).toBe('boolean');
      // Not the default setup: PyTorch has no replay of it, and says nothing.
      expect(lesson.pytorch).toBeNull();
    }
    expect(printed.runs.map((r) => [r.name, r.steps])).toEqual(['lr-0.0001', 'lr-0.01', 'lr-0.1', 'lr-1', 'lr-1-halved'].map((n) => [n, 20]));
    // 1 epoch: lr 1 halved has not been halved yet, so it is lr 1 step for step (same weights, same batches).
    expect(printed.runs[4]!.finalTestLoss).toBe(printed.runs[3]!.finalTestLoss);
    const curves = JSON.parse(readFileSync(join(dir, 'curves.json'), 'utf8')) as { curves: Array<{ losses: number[]; evaluations: unknown[] }> };
    expect(curves.curves.map((c) => [c.losses.length, c.evaluations.length])).toEqual(Array(5).fill([20, 3]));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Lessons</h2>');
    expect(html).toContain('Training loss at every step');
    expect(html).toContain('lr 1 held, and halved every epoch');
    for (const c of lessonCriteria) expect(html).toContain(c.claim.replace(/'/g, '&#39;'));
  }, 240_000);

  it('--optimizers trains SGD, momentum, Nesterov, Adagrad, RMSProp and Adam on the same batches and measures the advice', async () => {
    const dir = join(tempDir('lecture-optimizers'), 'optimizers');
    const { code, stdout, stderr } = await runDescent(['lecture', '--optimizers', '--epochs', '1', '--train-per-epoch', '640', '--evals-per-epoch', '1', '--json', '--out', dir]);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout) as LectureSummary;
    expect(summary.runs.map((r) => [r.name, r.steps])).toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'].map((n) => [n, 10]));
    expect(summary.lessons.map((l) => l.id)).toEqual(optimizerLessonCriteria.map((c) => c.id));
    for (const lesson of summary.lessons) expect(typeof lesson.value, lesson.id).toBe('number');
    // Different optimizers from one start: different losses after the same 10 batches.
    expect(new Set(summary.runs.map((r) => r.finalTestLoss)).size).toBe(6);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('If you are unsure, use Adam ...');
  }, 240_000);

  it('refuses a bad flag before training, naming it', async () => {
    const { code, stderr } = await runDescent(['lecture', '--evals-per-epoch', '0', '--out', join(tempDir('lecture-bad'), 'x')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/lecture: --evals-per-epoch must be an integer in \[1, 1000\], got '0'/);
  }, 60_000);

  // One worker, so the runs go one after another in their order; 200 steps each.
  const SHORT = ['lecture', '--epochs', '1', '--train-per-epoch', '12800', '--evals-per-epoch', '1', '--workers', '1'];

  it('Ctrl-C once a run has finished: exit 130, the runs in progress stopped, a complete report of the finished ones, nothing half-written', async () => {
    const dir = join(tempDir('lecture-ctrl-c'), 'lecture');
    const { code, stderr } = await runDescent([...SHORT, '--out', dir], { onStderr: interruptWhen('lecture: lr-0.0001 finished (1 of 5)') });
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('lecture: interrupted: stopping the runs, then writing the report of those that finished (Ctrl-C again to quit at once)');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as LectureSummary;
    expect(summary.interrupted).toBe(true);
    const names = summary.runs.map((r) => r.name);
    // The run finished before the signal, and (at most) the one after it; never all five.
    expect(names.length).toBeGreaterThanOrEqual(1);
    expect(names.length).toBeLessThan(5);
    expect(names).toEqual(['lr-0.0001', 'lr-0.01', 'lr-0.1', 'lr-1', 'lr-1-halved'].slice(0, names.length));
    for (const run of summary.runs) expect(run.steps, run.name).toBe(200);
    expect(stderr).toContain(`lecture: interrupted: ${names.length} of 5 runs finished (${names.join(', ')}); their report: ${join(dir, 'report.html')}\n`);
    expect(summary.report).toBe(join(dir, 'report.html'));
    expect(summary.lessons.map((l) => l.id)).toEqual(lessonCriteria.map((c) => c.id));
    const curves = JSON.parse(readFileSync(join(dir, 'curves.json'), 'utf8')) as { curves: Array<{ name: string; losses: number[] }> };
    expect(curves.curves.map((c) => [c.name, c.losses.length])).toEqual(names.map((n) => [n, 200]));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`Interrupted (Ctrl-C): ${names.length} of 5 runs finished (${names.join(', ')})`);
    // Every chart the report inlines is there as SVG and PNG; no temporary file is left.
    const files = readdirSync(dir);
    for (const chart of ['training-loss-steps', 'test-loss', 'test-accuracy']) for (const ext of ['svg', 'png']) expect(files, chart).toContain(`${chart}.${ext}`);
    expect(files.filter((f) => f.startsWith('.') || f.endsWith('.tmp'))).toEqual([]);
    // The folder's lock (beside it) is released.
    expect(readdirSync(dirname(dir))).toEqual(['lecture']);
  }, 300_000);

  it('Ctrl-C while the report is written, every run finished: exit 130, said so, the report and summary whole', async () => {
    const dir = join(tempDir('lecture-ctrl-c-report'), 'lecture');
    const { code, stderr } = await runDescent([...SHORT, '--out', dir], { onStderr: interruptWhen('lecture: lr-1-halved finished (5 of 5)') });
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('lecture: interrupted: every run had finished; finishing the report (Ctrl-C again to quit at once)');
    expect(stderr).toContain(`lecture: interrupted while the report was written; every run had finished, and the report is complete: ${join(dir, 'report.html')}\n`);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as LectureSummary;
    expect(summary.runs.map((r) => [r.name, r.steps])).toEqual(['lr-0.0001', 'lr-0.01', 'lr-0.1', 'lr-1', 'lr-1-halved'].map((n) => [n, 200]));
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/<\/html>\n$/);
    expect(readdirSync(dir).filter((f) => f.startsWith('.') || f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(dirname(dir))).toEqual(['lecture']);
  }, 300_000);

  it('Ctrl-C before any run has finished: exit 130, said so, nothing written into the folder', async () => {
    const dir = join(tempDir('lecture-ctrl-c-early'), 'lecture');
    const { code, stderr } = await runDescent([...SHORT, '--out', dir], { onStderr: interruptWhen('lecture: 5 runs') });
    expect(code, stderr).toBe(130);
    expect(stderr).toContain(`lecture: interrupted before any run finished; nothing written into ${dir}\n`);
    expect(stderr).not.toContain('finished (1 of 5)');
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    expect(readdirSync(dirname(dir))).toEqual(['lecture']);
  }, 300_000);
});
