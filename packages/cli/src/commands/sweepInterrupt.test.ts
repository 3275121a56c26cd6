import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metrics, numbers, runDescent, tempDir } from '../../test/runDescent';

const DATA = ['--limit-train', '1000', '--limit-test', '200', '--backend', 'descent', '--epochs', '1'];

/** An `onStderr` that sends Ctrl-C once stderr holds `count` lines of an epoch's end (`epoch 1/1`). */
function interruptAfterEpochs(count: number) {
  let sent = false;
  return (text: string, child: ChildProcess) => {
    if (!sent && (text.match(/epoch 1\/1 /g) ?? []).length >= count) {
      sent = true;
      child.kill('SIGINT');
    }
  };
}

/** The tensors of a run's checkpoint: the bytes after the safetensors header (which holds a checkpoint id of its own). */
function tensorBytes(dir: string): Buffer {
  const file = readFileSync(join(dir, 'checkpoint.safetensors'));
  return file.subarray(8 + Number(file.readBigUInt64LE(0)));
}

interface SweepJson {
  result: { interrupted: boolean; runs: Array<{ name: string; status: string }> };
}

describe('descent sweep: Ctrl-C as the workers finish (the built binary)', () => {
  it('a Ctrl-C once every run has trained stops nothing: the runs and the sweep stay completed, no --resume hint, the report is finished, exit 130', async () => {
    const dir = join(tempDir('sweep-sigint-end'), 'grid');
    // Each run's epoch line comes after its last batch, while it writes its files: both lines
    // mean that both workers are finishing.
    const { code, stdout, stderr } = await runDescent(['sweep', ...DATA, '--lr', '0.01,0.1', '--workers', '2', '--out', dir], { onStderr: interruptAfterEpochs(2) });
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(stderr).not.toContain('continue with:');
    const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepJson;
    expect(sweep.result.interrupted).toBe(false);
    expect(sweep.result.runs.map((r) => [r.name, r.status])).toEqual([
      ['lr-0.01', 'completed'],
      ['lr-0.1', 'completed'],
    ]);
    for (const run of ['lr-0.01', 'lr-0.1']) {
      expect(JSON.parse(readFileSync(join(dir, run, 'summary.json'), 'utf8'))).toMatchObject({ status: 'completed', epochsDone: 1 });
      expect(metrics(join(dir, run))).toHaveLength(1);
    }
    expect(stdout).toContain(`report: ${join(dir, 'report.html')}`);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/<\/html>\n$/);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  }, 240_000);

  it('a Ctrl-C between two runs of a worker stops the sweep: the finished run is kept, the next never begins, exit 130 and the hint; --resume runs the rest', async () => {
    const dir = join(tempDir('sweep-sigint-between'), 'grid');
    const flags = ['sweep', ...DATA, '--lr', '0.01,0.1,0.3', '--workers', '1', '--out', dir];
    const stopped = await runDescent(flags, { onStderr: interruptAfterEpochs(1) });
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/continue with: .* sweep --out \S+ --resume$/m);
    const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepJson;
    expect(sweep.result.interrupted).toBe(true);
    // The first run had trained when the signal came; the second may have begun (and then
    // stopped after a batch) if its start crossed the signal; the third never did.
    expect(sweep.result.runs[0]).toMatchObject({ name: 'lr-0.01', status: 'completed' });
    expect(sweep.result.runs.slice(1).map((r) => r.status)).toEqual(sweep.result.runs.length === 2 ? ['stopped'] : []);
    expect(existsSync(join(dir, 'lr-0.3', 'summary.json'))).toBe(false);

    const resumed = await runDescent(['sweep', '--out', dir, '--resume', '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const whole = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepJson;
    expect(whole.result.interrupted).toBe(false);
    expect(whole.result.runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
  }, 240_000);

  it('--backend descent: --workers 1 (2 threads a run on 2 cores) and --workers 2 (1 thread each) give the same numbers and weights, bit for bit', async () => {
    const root = tempDir('sweep-descent-same');
    const flags = ['sweep', ...DATA, '--epochs', '2', '--lr', '0.01,0.1', '--quiet'];
    const [one, two] = await Promise.all([runDescent([...flags, '--workers', '1', '--out', join(root, 'one')]), runDescent([...flags, '--workers', '2', '--out', join(root, 'two')])]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    for (const run of ['lr-0.01', 'lr-0.1']) {
      const a = metrics(join(root, 'one', run)).map(numbers);
      expect(a).toHaveLength(2);
      expect(a).toEqual(metrics(join(root, 'two', run)).map(numbers));
      expect(tensorBytes(join(root, 'one', run)).equals(tensorBytes(join(root, 'two', run)))).toBe(true);
    }
  }, 240_000);
});
