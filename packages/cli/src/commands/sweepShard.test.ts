import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLICE, metrics, numbers, runDescent, tempDir } from '../../test/runDescent';

/** Five runs: three shards get two, two and one (round robin). */
const GRID = ['sweep', ...SLICE, '--hidden', '16', '--epochs', '2', '--lr', '0.01,0.03,0.1,0.3,1', '--workers', '1', '--quiet'];

/** No scheduler variables from the machine that runs the tests. */
const CLEAN = { SLURM_ARRAY_TASK_ID: undefined, SLURM_ARRAY_TASK_COUNT: undefined, SLURM_ARRAY_TASK_MIN: undefined, SLURM_ARRAY_TASK_MAX: undefined, JOB_COMPLETION_INDEX: undefined, DESCENT_SHARD_COUNT: undefined };

/** The tensors of a run's checkpoint: the bytes after the safetensors header (which holds a random id). */
function weights(dir: string): Buffer {
  const file = readFileSync(join(dir, 'checkpoint.safetensors'));
  return file.subarray(8 + Number(file.readBigUInt64LE(0)));
}

function runFolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

describe('descent sweep --shard (the built binary, separate processes)', () => {
  it('3 shards from a Slurm array, a Kubernetes Indexed Job and --shard, run at once into one folder, give exactly the unsharded sweep; report merges them', async () => {
    const root = tempDir('shards');
    const whole = join(root, 'whole');
    const sharded = join(root, 'sharded');
    const [unsharded, ...shards] = await Promise.all([
      runDescent([...GRID, '--out', whole], { env: CLEAN }),
      // sbatch --array=1-3: the first task is shard 0 of 3.
      runDescent([...GRID, '--out', sharded], { env: { ...CLEAN, SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '3' } }),
      // A Kubernetes Indexed Job with completions: 3, its pod of index 1.
      runDescent([...GRID, '--out', sharded], { env: { ...CLEAN, JOB_COMPLETION_INDEX: '1', DESCENT_SHARD_COUNT: '3' } }),
      runDescent([...GRID, '--out', sharded, '--shard', '2/3'], { env: CLEAN }),
    ]);
    expect(unsharded).toMatchObject({ code: 0, stderr: '' });
    for (const shard of shards) expect(shard, shard.stderr).toMatchObject({ code: 0, stderr: '' });

    const runs = runFolders(whole);
    expect(runs).toEqual(['lr-0.01', 'lr-0.03', 'lr-0.1', 'lr-0.3', 'lr-1']);
    expect(runFolders(sharded)).toEqual(runs);
    for (const run of runs) {
      // Bitwise: the same numbers (JSON keeps every bit of a double) and the same weights.
      expect(metrics(join(sharded, run)).map((m) => JSON.stringify(numbers(m))), run).toEqual(metrics(join(whole, run)).map((m) => JSON.stringify(numbers(m))));
      expect(weights(join(sharded, run)).length).toBeGreaterThan(4 * 784 * 16);
      expect(weights(join(sharded, run)).equals(weights(join(whole, run))), run).toBe(true);
    }
    // No shared file: each shard wrote its own, with its slice, and no report (it waits for every shard).
    expect(readdirSync(sharded).filter((name) => !runs.includes(name)).sort()).toEqual(['sweep-shard-0-of-3.json', 'sweep-shard-1-of-3.json', 'sweep-shard-2-of-3.json']);
    const slices = [0, 1, 2].map((index) => (JSON.parse(readFileSync(join(sharded, `sweep-shard-${index}-of-3.json`), 'utf8')) as { runs: Array<{ name: string }>; result: { runs: Array<{ status: string }> } }));
    expect(slices.map((s) => s.runs.map((r) => r.name))).toEqual([['lr-0.01', 'lr-0.3'], ['lr-0.03', 'lr-1'], ['lr-0.1']]);
    expect(slices.flatMap((s) => s.result.runs.map((r) => r.status))).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
    expect(readdirSync(root).filter((name) => name.endsWith('.lock'))).toEqual([]);

    const report = await runDescent(['report', sharded, '--json']);
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ runs: 5 });
    const html = readFileSync(join(sharded, 'report.html'), 'utf8');
    for (const run of runs) expect(html).toContain(run);
  }, 300_000);

  it('prints, without --quiet, its table and the report command to run once every shard has ended; --resume of a finished shard keeps its runs', async () => {
    const dir = join(tempDir('shard-hint'), 'grid');
    const first = await runDescent([...GRID.filter((a) => a !== '--quiet'), '--out', dir, '--shard', '0/3'], { env: CLEAN });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('shard 0/3: 2 runs in');
    expect(first.stdout).toMatch(new RegExp(`\nonce every shard has ended: (descent|node \\S+) report ${dir}\n$`));
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    // The same shard again: its runs are there already.
    const again = await runDescent([...GRID, '--out', dir, '--shard', '0/3'], { env: CLEAN });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`descent: sweep: --shard 0/3: '${dir}' already holds sweep-shard-0-of-3.json of this shard; pass --resume to continue it or --force to run this shard's runs again\n`);
    const resumed = await runDescent(['sweep', '--out', dir, '--resume', '--shard', '0/3'], { env: CLEAN });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('lr-0.01: already completed');
    // Another grid, or another split, into the same folder is refused before anything runs.
    const otherGrid = await runDescent([...GRID.map((a) => (a === '0.01,0.03,0.1,0.3,1' ? '0.5,0.03,0.1,0.3,1' : a)), '--out', dir, '--shard', '1/3'], { env: CLEAN });
    expect(otherGrid.code).toBe(2);
    expect(otherGrid.stderr).toContain('holds shard 0/3 of another grid (sweep-shard-0-of-3.json): every shard must be started with the same settings');
    const otherSplit = await runDescent([...GRID, '--out', dir, '--shard', '1/2'], { env: CLEAN });
    expect(otherSplit.code).toBe(2);
    expect(otherSplit.stderr).toContain('holds shard 0/3 of another split of a grid');
    const whole = await runDescent([...GRID, '--out', dir, '--force'], { env: CLEAN });
    expect(whole.code).toBe(0);
    const shardBesideWhole = await runDescent([...GRID, '--out', dir, '--shard', '1/3'], { env: CLEAN });
    expect(shardBesideWhole.code).toBe(2);
    expect(shardBesideWhole.stderr).toContain(`holds a whole sweep (sweep.json), not shards of one`);
  }, 300_000);

  it.each([
    [['--shard', '3/3'], {}, "descent: sweep: --shard 3/3: the shard index must be in [0, 3) (shards count from 0), got 3\n"],
    [['--shard', '0/0'], {}, 'descent: sweep: --shard 0/0: the number of shards must be at least 1, got 0\n'],
    [[], { SLURM_ARRAY_TASK_ID: '2' }, 'descent: sweep: SLURM_ARRAY_TASK_ID=2: the number of shards needs SLURM_ARRAY_TASK_COUNT, or both SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX (or pass --shard INDEX/COUNT)\n'],
    [['--shard', '1/3'], { JOB_COMPLETION_INDEX: '2', DESCENT_SHARD_COUNT: '3' }, 'descent: sweep: --shard 1/3 (shard 1/3) disagrees with JOB_COMPLETION_INDEX=2, DESCENT_SHARD_COUNT=3 (shard 2/3); give one of them\n'],
    [[], { JOB_COMPLETION_INDEX: '0' }, "descent: sweep: JOB_COMPLETION_INDEX=0 is set (a Kubernetes Indexed Job) but not the number of shards: set DESCENT_SHARD_COUNT to the Job's completions, or pass --shard 0/COUNT\n"],
    [['--shard', '5/6'], {}, 'descent: sweep: --shard 5/6: the grid has 5 runs, fewer than its 6 shards (a shard would run nothing); use at most 5\n'],
  ])('exits 2 before writing anything for %j with %j', async (args, env, message) => {
    const dir = join(tempDir('shard-bad'), 'grid');
    const result = await runDescent([...GRID, '--out', dir, ...args], { env: { ...CLEAN, ...env } });
    expect(result).toEqual({ code: 2, stdout: '', stderr: message });
    expect(readdirSync(join(dir, '..'))).toEqual([]);
  });
});
