import { describe, expect, it } from 'vitest';
import { resolveShard, takeShard } from './resolveShard';

function message(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect((error as { code?: string }).code).toBe('INVALID_ARGUMENT');
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

describe('resolveShard', () => {
  it('reads --shard INDEX/COUNT; no flag and no scheduler: the whole grid', () => {
    expect(resolveShard('sweep', '1/3', {})).toEqual({ index: 1, count: 3, source: '--shard 1/3' });
    expect(resolveShard('sweep', '0/1', {})).toMatchObject({ index: 0, count: 1 });
    expect(resolveShard('sweep', undefined, {})).toBeUndefined();
    expect(resolveShard('sweep', undefined, { SLURM_JOB_ID: '42', HOSTNAME: 'node-1' })).toBeUndefined();
  });

  it('reads a Slurm job array: the index counts from the first task, the count from COUNT or MIN/MAX', () => {
    // sbatch --array=1-3: tasks 1, 2, 3 are shards 0, 1, 2 of 3.
    const task = (id: number): Record<string, string> => ({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '3' });
    expect([1, 2, 3].map((id) => resolveShard('sweep', undefined, task(id))).map((s) => [s?.index, s?.count])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(resolveShard('sweep', undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '4', SLURM_ARRAY_TASK_MAX: '7' })).toMatchObject({ index: 0, count: 4 });
    expect(resolveShard('sweep', undefined, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '5' })).toMatchObject({ index: 2, count: 5 });
    // The flag may repeat what the environment says.
    expect(resolveShard('sweep', '2/3', task(3))).toMatchObject({ index: 2, count: 3 });
  });

  it('reads a Kubernetes Indexed Job: JOB_COMPLETION_INDEX with DESCENT_SHARD_COUNT', () => {
    expect(resolveShard('sweep', undefined, { JOB_COMPLETION_INDEX: '2', DESCENT_SHARD_COUNT: '4' })).toEqual({ index: 2, count: 4, source: 'JOB_COMPLETION_INDEX=2, DESCENT_SHARD_COUNT=4' });
  });

  it.each([
    [['3/3', {}], "sweep: --shard 3/3: the shard index must be in [0, 3) (shards count from 0), got 3"],
    [['0/0', {}], 'sweep: --shard 0/0: the number of shards must be at least 1, got 0'],
    [['1of3', {}], "sweep: --shard must be INDEX/COUNT, e.g. 0/4 (the first of 4 slices of the grid), got '1of3'"],
    [['-1/3', {}], "sweep: --shard must be INDEX/COUNT, e.g. 0/4 (the first of 4 slices of the grid), got '-1/3'"],
    [[undefined, { SLURM_ARRAY_TASK_ID: '1' }], 'sweep: SLURM_ARRAY_TASK_ID=1: the number of shards needs SLURM_ARRAY_TASK_COUNT, or both SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX (or pass --shard INDEX/COUNT)'],
    [[undefined, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '0' }], 'sweep: SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_MIN=0: the number of shards needs SLURM_ARRAY_TASK_COUNT'],
    [[undefined, { SLURM_ARRAY_TASK_COUNT: '3' }], 'sweep: SLURM_ARRAY_TASK_COUNT=3 is set but not SLURM_ARRAY_TASK_ID'],
    [[undefined, { SLURM_ARRAY_TASK_ID: 'two', SLURM_ARRAY_TASK_COUNT: '3' }], "sweep: SLURM_ARRAY_TASK_ID must be an integer >= 0, got 'two'"],
    [[undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3' }], 'sweep: SLURM_ARRAY_TASK_ID=3, SLURM_ARRAY_TASK_COUNT=3: the shard index must be in [0, 3)'],
    [[undefined, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '0' }], 'the number of shards must be at least 1, got 0'],
    [[undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '12' }], 'not a contiguous range'],
    [[undefined, { SLURM_ARRAY_TASK_ID: '9', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '3' }], 'SLURM_ARRAY_TASK_ID is outside the array'],
    [[undefined, { JOB_COMPLETION_INDEX: '2' }], 'sweep: JOB_COMPLETION_INDEX=2 is set (a Kubernetes Indexed Job) but not the number of shards: set DESCENT_SHARD_COUNT to the Job\'s completions, or pass --shard 2/COUNT'],
    [[undefined, { DESCENT_SHARD_COUNT: '3' }], 'sweep: DESCENT_SHARD_COUNT=3 is set but not JOB_COMPLETION_INDEX'],
    [[undefined, { JOB_COMPLETION_INDEX: '3', DESCENT_SHARD_COUNT: '3' }], 'the shard index must be in [0, 3)'],
    [['1/3', { JOB_COMPLETION_INDEX: '2', DESCENT_SHARD_COUNT: '3' }], 'sweep: --shard 1/3 (shard 1/3) disagrees with JOB_COMPLETION_INDEX=2, DESCENT_SHARD_COUNT=3 (shard 2/3); give one of them'],
    [['0/2', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '3' }], 'disagrees with SLURM_ARRAY_TASK_ID=0, SLURM_ARRAY_TASK_COUNT=3 (shard 0/3)'],
    [[undefined, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2', JOB_COMPLETION_INDEX: '1', DESCENT_SHARD_COUNT: '2' }], 'disagrees with JOB_COMPLETION_INDEX=1'],
  ] as Array<[[string | undefined, Record<string, string>], string]>)('refuses %j: %s', ([flag, env], expected) => {
    expect(message(() => resolveShard('sweep', flag, env))).toContain(expected);
  });
});

describe('takeShard', () => {
  it('deals the grid round robin: together the shards hold every point once, in order', () => {
    const grid = ['a', 'b', 'c', 'd', 'e'];
    const shards = [0, 1, 2].map((index) => takeShard('sweep', grid, { index, count: 3, source: '' }));
    expect(shards).toEqual([['a', 'd'], ['b', 'e'], ['c']]);
    expect(shards.flat().sort()).toEqual(grid);
  });

  it('refuses more shards than runs', () => {
    expect(message(() => takeShard('sweep', ['a', 'b'], { index: 0, count: 3, source: '--shard 0/3' }))).toBe('sweep: --shard 0/3: the grid has 2 runs, fewer than its 3 shards (a shard would run nothing); use at most 2');
  });
});
