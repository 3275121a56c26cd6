import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isDescentError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/runDescent';
import { claimOutDir, lockPathOf } from './claimOutDir';

/** The pid of a process that has ended (so nobody has it, barring reuse). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('claimOutDir', () => {
  it('writes a lock beside the folder naming pid, host and command; release removes it and the parents it made', () => {
    const root = tempDir('claim');
    const dir = join(root, 'runs', 'a');
    const claim = claimOutDir('train', dir, 'descent train --out runs/a');
    expect(claim.lockPath).toBe(join(root, 'runs', '.a.lock'));
    expect(JSON.parse(readFileSync(claim.lockPath, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'descent train --out runs/a' });
    // Only the lock: no temporary file, and the folder itself is not created.
    expect(readdirSync(join(root, 'runs'))).toEqual(['.a.lock']);
    claim.release();
    claim.release();
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses a second claim while the first is held, naming the holder, and allows it once released', () => {
    const dir = join(tempDir('claim-twice'), 'a');
    const first = claimOutDir('train', dir, 'descent train --out a');
    const error = caught(() => claimOutDir('sweep', dir, 'descent sweep --out a'));
    expect(isDescentError(error, 'LOCKED')).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`^sweep: --out '.*a' is in use by another descent run: pid ${process.pid} on ${hostname()} \\('descent train --out a', since .*\\); wait for it to end`));
    expect(JSON.parse(readFileSync(lockPathOf(dir), 'utf8'))).toMatchObject({ command: 'descent train --out a' });
    first.release();
    claimOutDir('sweep', dir).release();
  });

  it('takes over a lock whose owner is gone (a kill -9), but not one of a live process or of another host', () => {
    const dir = join(tempDir('claim-stale'), 'a');
    const lock = lockPathOf(dir);
    const since = new Date().toISOString();
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), command: 'descent train', since }));
    const claim = claimOutDir('train', dir, 'descent train --resume');
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid, command: 'descent train --resume' });
    claim.release();
    // The parent process of this test is alive: its lock holds.
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), command: 'descent sweep', since }));
    expect(isDescentError(caught(() => claimOutDir('train', dir)), 'LOCKED')).toBe(true);
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: 'another-host', command: 'descent sweep', since }));
    expect((caught(() => claimOutDir('train', dir)) as Error).message).toContain('on another-host');
    // Its own pid in a lock it does not hold: a predecessor on this host name (a replaced container) that is gone.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), command: 'descent sweep', since }));
    claimOutDir('train', dir).release();
    writeFileSync(lock, 'garbage');
    expect((caught(() => claimOutDir('train', dir)) as Error).message).toContain('an unreadable lock (garbage)');
    expect(existsSync(dir)).toBe(false);
  });

  it('lets the shards of one sweep share a folder, each with its own lock, and refuses the same shard twice, another count, or a whole sweep beside them', () => {
    const dir = join(tempDir('claim-shards'), 'grid');
    const shards = [0, 1, 2].map((index) => claimOutDir('sweep', dir, `descent sweep --shard ${index}/3`, { index, count: 3 }));
    expect(shards.map((c) => c.lockPath)).toEqual([0, 1, 2].map((index) => lockPathOf(dir, { index, count: 3 })));
    expect(shards[1]!.lockPath.endsWith('.grid.shard-1-of-3.lock')).toBe(true);
    const twice = caught(() => claimOutDir('sweep', dir, 'descent sweep --shard 1/3', { index: 1, count: 3 }));
    expect(isDescentError(twice, 'LOCKED')).toBe(true);
    expect((twice as Error).message).toMatch(/^sweep: --out '.*grid' shard 1\/3 is in use by another descent run: pid \d+ .*'descent sweep --shard 1\/3'/);
    const whole = caught(() => claimOutDir('sweep', dir, 'descent sweep'));
    expect(isDescentError(whole, 'LOCKED')).toBe(true);
    expect((whole as Error).message).toMatch(/^sweep: --out '.*grid' is in use by a shard of a sweep: pid \d+ .*'descent sweep --shard 0\/3'/);
    expect(isDescentError(caught(() => claimOutDir('train', dir)), 'LOCKED')).toBe(true);
    const otherCount = caught(() => claimOutDir('sweep', dir, 'descent sweep --shard 3/4', { index: 3, count: 4 }));
    expect((otherCount as Error).message).toMatch(/is in use by another descent run that is not a sibling shard: .*'descent sweep --shard 0\/3'/);
    // The refused claims left no lock of their own behind.
    expect(readdirSync(join(dir, '..')).sort()).toEqual(['.grid.shard-0-of-3.lock', '.grid.shard-1-of-3.lock', '.grid.shard-2-of-3.lock']);
    for (const claim of shards) claim.release();
    // A whole sweep holds the folder: no shard starts beside it.
    const held = claimOutDir('sweep', dir, 'descent sweep');
    expect((caught(() => claimOutDir('sweep', dir, 'descent sweep --shard 0/2', { index: 0, count: 2 })) as Error).message).toMatch(/not a sibling shard: .*'descent sweep'/);
    held.release();
    // A shard's lock left by a kill -9 is no obstacle.
    writeFileSync(lockPathOf(dir, { index: 0, count: 2 }), JSON.stringify({ pid: deadPid(), host: hostname(), command: 'descent sweep --shard 0/2', since: new Date().toISOString() }));
    claimOutDir('sweep', dir).release();
  });
});
