import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, SLICE, runDescent, tempDir } from '../../test/runDescent';
import type { Finished } from '../../test/runDescent';

// A real full disk: a 256 KiB tmpfs, mounted in a mount namespace of its own (unshare: as root,
// or as a user through a user namespace), where the run folder fits its config and metrics but
// not the checkpoint (about 640 KB of weights). The tmpfs goes with the namespace, so the
// command copies what the run left out before it ends.
const UNSHARE = ((): string[] | undefined => {
  for (const flags of [['-m'], ['-r', '-m']]) {
    const probe = spawnSync('unshare', [...flags, 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs "$TMPDIR"'], { env: { ...process.env, TMPDIR: tempDir('probe') } });
    if (probe.status === 0) return flags;
  }
  return undefined;
})();

/** `descent ...args` with `--out` inside a full disk mounted at `disk`; what the disk held is copied into `copy` as the command ends. */
function onFullDisk(args: string[], disk: string, copy: string): Promise<Finished> {
  const script = `mount -t tmpfs -o size=256k tmpfs "$DISK" || exit 99; "$NODE" "$BIN" "$@"; rc=$?; cp -a "$DISK/." "$COPY/"; exit $rc`;
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', DISK: disk, COPY: copy, NODE: process.execPath, BIN };
    // npm_command: `npx vitest` sets it to exec, which would make the binary's hints say `npx @descent/cli`.
    delete env.npm_command;
    const child = spawn('unshare', [...UNSHARE!, 'sh', '-c', script, 'sh', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(UNSHARE === undefined)('a full disk during a run (a real 256 KiB tmpfs; skipped where no mount namespace can be made)', () => {
  it('train: the checkpoint cannot be written: a failed summary naming the path and ENOSPC, no half-written file, the error printed', async () => {
    const disk = tempDir('full-disk');
    const copy = tempDir('full-disk-copy');
    const run = join(disk, 'run');
    const { code, stderr } = await onFullDisk(['train', ...SLICE, '--epochs', '1', '--out', run, '--quiet'], disk, copy);
    // 1, failed: the input was fine, the disk was full (2 would say bad input).
    expect(code).toBe(1);
    const path = join(run, 'checkpoint.safetensors');
    expect(stderr).toBe(`descent: writeFileAtomic: cannot write ${path}: no space left on device (ENOSPC)\n`);
    const summary = JSON.parse(readFileSync(join(copy, 'run', 'summary.json'), 'utf8')) as { status: string; epochsDone: number; error: { code: string; message: string } };
    expect(summary).toMatchObject({ status: 'failed', epochsDone: 1, error: { code: 'IO_ERROR' } });
    expect(summary.error.message).toContain(`${path}: no space left on device (ENOSPC)`);
    // What was written whole is there; the checkpoint's temporary file is gone; the lock released.
    expect(readdirSync(join(copy, 'run')).sort()).toEqual(['config.json', 'metrics.jsonl', 'summary.json']);
    expect(readdirSync(copy)).toEqual(['run']);
  }, 180_000);

  it('sweep: each run that hits the full disk is a failed run with its summary; the sweep exits 1 naming the path', async () => {
    const disk = tempDir('full-disk-sweep');
    const copy = tempDir('full-disk-sweep-copy');
    const grid = join(disk, 'grid');
    const { code, stderr } = await onFullDisk(['sweep', ...SLICE, '--epochs', '1', '--lr', '0.01,0.1', '--workers', '1', '--out', grid, '--quiet'], disk, copy);
    for (const name of ['lr-0.01', 'lr-0.1']) {
      const summary = JSON.parse(readFileSync(join(copy, 'grid', name, 'summary.json'), 'utf8')) as { status: string; error: { message: string } };
      expect(summary.status, name).toBe('failed');
      expect(summary.error.message).toContain(`cannot write ${join(grid, name)}/`);
      expect(summary.error.message).toContain('no space left on device (ENOSPC)');
    }
    expect(stderr).toContain(`sweep: run lr-0.01 failed: writeFileAtomic: cannot write ${join(grid, 'lr-0.01')}/`);
    // The report does not fit either: said so, with how to render it later, after the runs' table.
    expect(stderr).toMatch(new RegExp(`sweep: no report: writeFileAtomic: cannot write ${grid}/report.html: no space left on device \\(ENOSPC\\); the runs are saved, and (descent|node \\S+) report ${grid} renders it once it can be written`));
    expect(code).toBe(1);
  }, 180_000);
});

describe('a write that fails during a run (a real failure: a folder stands where a run file goes)', () => {
  it('train --resume: metrics.jsonl cannot be replaced: exit 1 (failed, not bad input), the path named, a failed summary, the last checkpoint whole, no temporary file', async () => {
    const run = join(tempDir('write-fails'), 'run');
    const first = await runDescent(['train', ...SLICE, '--epochs', '1', '--out', run, '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    const checkpoint = readFileSync(join(run, 'checkpoint.json'), 'utf8');
    const tensors = readFileSync(join(run, 'checkpoint.safetensors'));
    // The second epoch's metrics.jsonl is renamed over a folder that is not empty: the rename fails.
    rmSync(join(run, 'metrics.jsonl'));
    mkdirSync(join(run, 'metrics.jsonl'));
    writeFileSync(join(run, 'metrics.jsonl', 'in-the-way'), '');
    const { code, stderr } = await runDescent(['train', '--out', run, '--resume', '--epochs', '2', '--quiet']);
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(new RegExp(`^descent: writeFileAtomic: cannot write ${join(run, 'metrics.jsonl')}: .+ \\((EISDIR|ENOTEMPTY|EEXIST)\\)\n$`));
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as { status: string; epochsDone: number; error: { code: string; message: string } };
    expect(summary).toMatchObject({ status: 'failed', epochsDone: 2, error: { code: 'IO_ERROR' } });
    // The checkpoint is written after the metrics: the epoch-1 pair is still there, whole, and resumable.
    expect(readFileSync(join(run, 'checkpoint.json'), 'utf8')).toBe(checkpoint);
    expect(readFileSync(join(run, 'checkpoint.safetensors')).equals(tensors)).toBe(true);
    expect(readdirSync(run).sort()).toEqual(['checkpoint.json', 'checkpoint.safetensors', 'config.json', 'metrics.jsonl', 'summary.json']);
    expect(readdirSync(join(run, 'metrics.jsonl'))).toEqual(['in-the-way']);
  }, 240_000);
});
