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
    writeFileSync(lock, 'garbage');
    expect((caught(() => claimOutDir('train', dir)) as Error).message).toContain('an unreadable lock (garbage)');
    expect(existsSync(dir)).toBe(false);
  });
});
