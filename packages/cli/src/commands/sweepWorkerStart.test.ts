import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binWithSweepWorker, runDescent, tempDir } from '../../test/runDescent';

// A sweep whose worker threads fail as they start (a broken install, a thread that cannot be
// given memory): the built binary, with its sweep worker replaced by one that fails before the
// real one's module has run, on some threads or on all.
const GRID = ['sweep', '--dataset', 'moons', '--epochs', '1', '--lr', '0.01,0.1,1', '--workers', '2'];

describe('descent sweep when worker threads fail at start-up (the built binary)', () => {
  it('no thread can start: a clear error (exit 1) naming the cause, at once; the grid is saved and --resume then trains it', async () => {
    const dir = join(tempDir('sweep-start'), 'grid');
    const bin = binWithSweepWorker("throw new Error('this install is broken');\n");
    const failed = await runDescent([...GRID, '--out', dir], { bin });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('worker thread failed to start: this install is broken');
    expect(failed.stderr).toMatch(/descent: sweep: no worker thread could start: this install is broken; no run was trained \(the grid is saved: .* sweep --out .* --resume runs it\)/);
    expect(failed.stderr).not.toContain('report');
    expect(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'))).not.toHaveProperty('result');

    const resumed = await runDescent(['sweep', '--out', dir, '--resume', '--quiet']);
    expect(resumed.code).toBe(0);
    for (const run of ['lr-0.01', 'lr-0.1', 'lr-1']) {
      expect(JSON.parse(readFileSync(join(dir, run, 'summary.json'), 'utf8'))).toMatchObject({ status: 'completed', epochsDone: 1 });
    }
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  }, 180_000);

  it('one thread of two cannot start: its run goes to the other, every run completes (exit 0)', async () => {
    const dir = join(tempDir('sweep-start'), 'grid');
    // The first worker thread of the process (threadId 1) fails; the second loads the real worker.
    const bin = binWithSweepWorker(
      "import { threadId } from 'node:worker_threads';\nif (threadId === 1) throw new Error(`thread ${threadId} cannot start`);\nawait import('./sweepWorker.real.js');\n",
    );
    const { code, stderr } = await runDescent([...GRID, '--out', dir], { bin });
    expect(code).toBe(0);
    expect(stderr).toContain('worker thread failed to start: thread 1 cannot start; its runs go to the other threads');
    const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as { result: { runs: Array<{ name: string; status: string }> } };
    expect(sweep.result.runs.map((r) => [r.name, r.status])).toEqual([
      ['lr-0.01', 'completed'],
      ['lr-0.1', 'completed'],
      ['lr-1', 'completed'],
    ]);
  }, 180_000);

  it('threads that exit without an error as they start: a clear error, nothing waits for them', async () => {
    const dir = join(tempDir('sweep-start'), 'grid');
    const bin = binWithSweepWorker('process.exit(3);\n');
    const { code, stderr } = await runDescent([...GRID, '--out', dir], { bin });
    expect(code).toBe(1);
    expect(stderr).toContain('descent: sweep: no worker thread could start: the worker thread exited (code 3) before its runs were done');
  }, 180_000);
});
