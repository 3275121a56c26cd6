import { DescentError } from '@descent/core';

/** One of `count` deterministic slices of a sweep's grid: the runs whose position `p` has `p % count === index`. */
export interface Shard {
  /** From 0 to `count - 1`. */
  index: number;
  count: number;
  /** Where it came from, for messages: `--shard 1/3`, `SLURM_ARRAY_TASK_ID=2 (SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=3)`, ... */
  source: string;
}

/** The variable a Kubernetes Indexed Job is told its number of shards by (Kubernetes sets the index, not the completions count). */
export const SHARD_COUNT_VARIABLE = 'DESCENT_SHARD_COUNT';

const SLURM = ['SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT', 'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_MAX'] as const;

function shardError(command: string, message: string): DescentError {
  return new DescentError('INVALID_ARGUMENT', `${command}: ${message}`, { details: { field: '--shard' } });
}

/** A non-negative decimal integer from the environment, or undefined when the variable is unset (or empty). */
function variable(command: string, env: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\s*\d{1,9}\s*$/.test(text)) throw shardError(command, `${name} must be an integer >= 0, got '${text}'`);
  return Number(text);
}

function checked(command: string, index: number, count: number, source: string): Shard {
  if (count === 0) throw shardError(command, `${source}: the number of shards must be at least 1, got 0`);
  if (index >= count) throw shardError(command, `${source}: the shard index must be in [0, ${count}) (shards count from 0), got ${index}`);
  return { index, count, source };
}

function fromFlag(command: string, text: string): Shard {
  const match = /^(\d{1,9})\/(\d{1,9})$/.exec(text.trim());
  if (match === null) throw shardError(command, `--shard must be INDEX/COUNT, e.g. 0/4 (the first of 4 slices of the grid), got '${text}'`);
  return checked(command, Number(match[1]), Number(match[2]), `--shard ${text.trim()}`);
}

/**
 * A Slurm job array's task: `SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_COUNT` or
 * `SLURM_ARRAY_TASK_MIN`/`MAX`; the index counts from the array's first task
 * (`--array=1-8` gives shards 0/8 to 7/8). A stepped or listed array (`--array=0-15:4`,
 * `--array=1,5,7`) is refused: its tasks are not a contiguous range.
 */
function fromSlurm(command: string, env: Readonly<Record<string, string | undefined>>): Shard | undefined {
  const [id, count, min, max] = SLURM.map((name) => variable(command, env, name));
  const given = SLURM.filter((name, i) => [id, count, min, max][i] !== undefined);
  if (given.length === 0) return undefined;
  const shown = given.map((name) => `${name}=${env[name]!.trim()}`).join(', ');
  if (id === undefined) throw shardError(command, `${shown} is set but not SLURM_ARRAY_TASK_ID: a Slurm job array sets both (or pass --shard INDEX/COUNT)`);
  if (count === undefined && (min === undefined || max === undefined)) {
    throw shardError(command, `${shown}: the number of shards needs SLURM_ARRAY_TASK_COUNT, or both SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX (or pass --shard INDEX/COUNT)`);
  }
  const first = min ?? 0;
  if (min !== undefined && max !== undefined && max < min) throw shardError(command, `${shown}: SLURM_ARRAY_TASK_MAX is below SLURM_ARRAY_TASK_MIN`);
  const span = min !== undefined && max !== undefined ? max - min + 1 : undefined;
  if (span !== undefined && count !== undefined && span !== count) {
    throw shardError(command, `${shown}: the array's tasks are not a contiguous range (a step or a list, as --array=0-15:4 or --array=1,5,7); use --array=0-${count - 1}, or pass --shard INDEX/COUNT`);
  }
  if (id < first || (max !== undefined && id > max)) throw shardError(command, `${shown}: SLURM_ARRAY_TASK_ID is outside the array's range`);
  return checked(command, id - first, count ?? span!, shown);
}

/** A Kubernetes Indexed Job's pod: `JOB_COMPLETION_INDEX`, with the Job's completions in {@link SHARD_COUNT_VARIABLE}. */
function fromKubernetes(command: string, env: Readonly<Record<string, string | undefined>>): Shard | undefined {
  const index = variable(command, env, 'JOB_COMPLETION_INDEX');
  const count = variable(command, env, SHARD_COUNT_VARIABLE);
  if (index === undefined && count === undefined) return undefined;
  if (index === undefined) throw shardError(command, `${SHARD_COUNT_VARIABLE}=${count} is set but not JOB_COMPLETION_INDEX (a Kubernetes Indexed Job sets it; or pass --shard INDEX/COUNT)`);
  if (count === undefined) {
    throw shardError(command, `JOB_COMPLETION_INDEX=${index} is set (a Kubernetes Indexed Job) but not the number of shards: set ${SHARD_COUNT_VARIABLE} to the Job's completions, or pass --shard ${index}/COUNT`);
  }
  return checked(command, index, count, `JOB_COMPLETION_INDEX=${index}, ${SHARD_COUNT_VARIABLE}=${count}`);
}

/**
 * Which slice of the grid this sweep runs: `--shard INDEX/COUNT`, else the environment of a
 * scheduler: a Slurm job array (`SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_COUNT` or
 * `SLURM_ARRAY_TASK_MIN`/`MAX`) or a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` with
 * {@link SHARD_COUNT_VARIABLE}); none of them: undefined, the whole grid. Where several are
 * given they must agree.
 *
 * @param flag - the text of `--shard`, when given.
 * @param env - default `process.env`.
 * @example
 * resolveShard('sweep', '1/3'); // { index: 1, count: 3, source: '--shard 1/3' }
 * resolveShard('sweep', undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '3' }); // index 2, count 3
 * @throws DescentError `INVALID_ARGUMENT` (field `--shard`) for a malformed, incomplete,
 *   out-of-range or contradictory setting
 */
export function resolveShard(command: string, flag: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): Shard | undefined {
  const found = [flag === undefined ? undefined : fromFlag(command, flag), fromSlurm(command, env), fromKubernetes(command, env)].filter((s): s is Shard => s !== undefined);
  const [first, ...others] = found;
  for (const other of others) {
    if (other.index !== first!.index || other.count !== first!.count) {
      throw shardError(command, `${first!.source} (shard ${first!.index}/${first!.count}) disagrees with ${other.source} (shard ${other.index}/${other.count}); give one of them`);
    }
  }
  return first;
}

/**
 * The points of a grid that a shard runs: every `count`-th from position `index`, in the
 * grid's order (round robin, so that each shard gets a share of every setting's values).
 *
 * @example
 * takeShard('sweep', ['a', 'b', 'c', 'd', 'e'], { index: 1, count: 2, source: '--shard 1/2' }); // ['b', 'd']
 * @throws DescentError `INVALID_ARGUMENT` when there are more shards than points (a shard would have nothing to run)
 */
export function takeShard<T>(command: string, points: readonly T[], shard: Shard): T[] {
  if (shard.count > points.length) {
    throw shardError(command, `${shard.source}: the grid has ${points.length} run${points.length === 1 ? '' : 's'}, fewer than its ${shard.count} shards (a shard would run nothing); use at most ${points.length}`);
  }
  return points.filter((_, position) => position % shard.count === shard.index);
}
