import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { DescentError } from '@descent/core';

/** Who holds an output folder: what the lock file beside it says. */
export interface LockOwner {
  pid: number;
  host: string;
  /** The command line of the holder, e.g. `descent train --out runs/a`. */
  command: string;
  /** ISO time the folder was claimed. */
  since: string;
}

/** A claimed output folder. */
export interface OutDirClaim {
  /** The lock file: `.<folder>.lock`, beside the folder (so that the folder itself stays as the run leaves it). */
  readonly lockPath: string;
  /** Removes the lock (and the parent folders the claim created, while they are empty). Safe to call twice. */
  release(): void;
}

/** A slice of a sweep that shares its output folder with the other slices (see `resolveShard`). */
export interface ShardClaim {
  index: number;
  count: number;
}

/**
 * The lock file of an output folder: beside it, hidden, so the folder can be claimed before it
 * exists: `.<folder>.lock`, or `.<folder>.shard-<index>-of-<count>.lock` for a shard of a sweep.
 */
export function lockPathOf(dir: string, shard?: ShardClaim): string {
  const absolute = resolve(dir);
  return join(dirname(absolute), `.${basename(absolute)}${shard === undefined ? '' : `.shard-${shard.index}-of-${shard.count}`}.lock`);
}

/** The shard locks of `dir` (any index and count) that exist now. */
function shardLocks(dir: string): Array<{ path: string; count: number }> {
  const absolute = resolve(dir);
  const prefix = `.${basename(absolute)}.shard-`;
  const pattern = /^\d+-of-(\d+)\.lock$/;
  const found: Array<{ path: string; count: number }> = [];
  for (const name of readdirSync(dirname(absolute))) {
    const match = name.startsWith(prefix) ? pattern.exec(name.slice(prefix.length)) : null;
    if (match !== null) found.push({ path: join(dirname(absolute), name), count: Number(match[1]) });
  }
  return found;
}

function holderText(held: { owner: LockOwner | undefined; text: string }): string {
  return held.owner === undefined ? `an unreadable lock (${held.text.trim().slice(0, 80) || 'empty'})` : `pid ${held.owner.pid} on ${held.owner.host} ('${held.owner.command}', since ${held.owner.since})`;
}

function lockedError(command: string, dir: string, lockPath: string, held: { owner: LockOwner | undefined; text: string }, what = 'is in use by another descent run'): DescentError {
  return new DescentError(
    'LOCKED',
    `${command}: --out '${dir}' ${what}: ${holderText(held)}; wait for it to end, choose another --out, or remove ${lockPath} if that process is gone`,
    { details: { field: '--out', lock: lockPath, ...(held.owner === undefined ? {} : { owner: held.owner }) } },
  );
}

/**
 * The live lock that forbids this claim beside its own: for a whole folder, any shard's; for a
 * shard, the whole folder's or a shard's of another count (its slices overlap this one's).
 * Locks whose owner is gone are no obstacle.
 */
function conflictingLock(dir: string, shard: ShardClaim | undefined): { path: string; held: { owner: LockOwner | undefined; text: string } } | undefined {
  const candidates = shard === undefined ? shardLocks(dir).map((l) => l.path) : [lockPathOf(dir), ...shardLocks(dir).filter((l) => l.count !== shard.count).map((l) => l.path)];
  for (const path of candidates) {
    const held = readOwner(path);
    if (held !== undefined && !ownerGone(held.owner, held.text)) return { path, held };
  }
  return undefined;
}

function isOwner(value: unknown): value is LockOwner {
  const v = value as Partial<LockOwner> | null;
  return typeof v === 'object' && v !== null && Number.isSafeInteger(v.pid) && typeof v.host === 'string' && typeof v.command === 'string' && typeof v.since === 'string';
}

function readOwner(path: string): { owner: LockOwner | undefined; text: string } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return { owner: isOwner(parsed) ? parsed : undefined, text };
  } catch {
    return { owner: undefined, text };
  }
}

/** The lock texts this process holds now. */
const heldHere = new Set<string>();

/**
 * True only when the holder is known to be gone: same host, and no process has its pid, or
 * the pid is this process's own while this process holds no such lock (a container replaced
 * with the same host name, as a Kubernetes Indexed Job's pod is, often gets its pid again).
 */
function ownerGone(owner: LockOwner | undefined, text?: string): boolean {
  if (owner === undefined || owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return text !== undefined && !heldHere.has(text);
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** `mkdir -p` one level at a time; returns the folders it created, deepest last. */
function makeParents(dir: string): string[] {
  if (existsSync(dir)) return [];
  const parent = dirname(dir);
  const created = parent === dir ? [] : makeParents(parent);
  mkdirSync(dir);
  return [...created, dir];
}

function ioError(command: string, dir: string, error: unknown): DescentError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new DescentError('IO_ERROR', `${command}: cannot write to --out '${dir}' (${code})`, { cause: error, details: { field: '--out' } });
}

/**
 * Claims an output folder for one run (or sweep) before anything is loaded or written, so
 * that two runs into one `--out` at once cannot mix their files. The claim is a lock file
 * beside the folder, created whole and atomically (written to a temporary file, then
 * hard-linked into place: the link fails if the lock exists), holding the owner's pid,
 * host, command line and start time. It is released by {@link OutDirClaim.release} and, as
 * a last resort, when the process exits (an error, a second Ctrl-C, a closed stdout). A lock
 * left by a crash (kill -9) is taken over only when its owner is gone: same host and no
 * process with its pid. A lock from another host is never taken over.
 *
 * A shard of a sweep (`shard`) claims only its slice: shards of one count (`0/3`, `1/3`, `2/3`)
 * share the folder, each with its own lock; the same shard twice, a shard of another count, and
 * a whole sweep (or run) beside shards are refused. Each side takes its own lock first and then
 * looks for the other's, so that of two started at once at least one sees the other.
 *
 * @param commandLine - what the lock says the holder runs; default `descent` and this process's arguments.
 * @param shard - the slice of a sweep this claim is for; default the whole folder.
 * @example
 * const claim = claimOutDir('train', 'runs/a');
 * try { await train(); } finally { claim.release(); }
 * @throws DescentError `LOCKED` naming the holder when another live process holds the folder;
 *   `IO_ERROR` when the folder's parent cannot be written
 */
export function claimOutDir(command: string, dir: string, commandLine = ['descent', ...process.argv.slice(2)].join(' '), shard?: ShardClaim): OutDirClaim {
  const lockPath = lockPathOf(dir, shard);
  let created: string[];
  try {
    created = makeParents(dirname(lockPath));
  } catch (error) {
    throw ioError(command, dir, error);
  }
  const removeCreated = (): void => {
    for (const folder of [...created].reverse()) {
      try {
        rmdirSync(folder);
      } catch {
        return; // not empty: the run wrote into it
      }
    }
  };
  const owner: LockOwner = { pid: process.pid, host: hostname(), command: commandLine, since: new Date().toISOString() };
  const mine = `${JSON.stringify(owner)}\n`;
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, mine);
  } catch (error) {
    removeCreated();
    throw ioError(command, dir, error);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          removeCreated();
          throw ioError(command, dir, error);
        }
      }
      const held = readOwner(lockPath);
      if (held === undefined) continue; // released meanwhile
      if (attempt < 3 && ownerGone(held.owner, held.text)) {
        // Move the stale lock aside, then check that what moved is the stale one: another
        // process may have taken it over in between (then put that one back).
        const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
        try {
          renameSync(lockPath, aside);
        } catch {
          continue;
        }
        if (readFileSync(aside, 'utf8') !== held.text) {
          try {
            linkSync(aside, lockPath);
          } catch {
            // a third process holds it now; it wins
          }
        }
        unlinkSync(aside);
        continue;
      }
      removeCreated();
      throw lockedError(command, dir, lockPath, held, shard === undefined ? undefined : `shard ${shard.index}/${shard.count} is in use by another descent run`);
    }
  } finally {
    unlinkSync(temp);
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    heldHere.delete(mine);
    process.off('exit', release);
    const current = readOwner(lockPath);
    if (current?.text === mine) unlinkSync(lockPath);
    removeCreated();
  };
  heldHere.add(mine);
  process.on('exit', release);
  const conflict = conflictingLock(dir, shard);
  if (conflict !== undefined) {
    release();
    throw lockedError(command, dir, conflict.path, conflict.held, shard === undefined ? 'is in use by a shard of a sweep' : 'is in use by another descent run that is not a sibling shard');
  }
  return { lockPath, release };
}
