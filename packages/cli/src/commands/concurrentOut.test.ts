import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runDescent, tempDir } from '../../test/runDescent';
import type { Finished } from '../../test/runDescent';

/** Starts `descent ...args` and resolves once its stderr contains `marker`, with the child and its end. */
function startUntil(args: string[], marker: string): Promise<{ pid: number; kill: (signal: NodeJS.Signals) => void; done: Promise<Finished> }> {
  return new Promise((resolveStarted, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let started = false;
    const done = new Promise<Finished>((resolveDone) => child.on('close', (code) => resolveDone({ code, stdout, stderr })));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!started && stderr.includes(marker)) {
        started = true;
        resolveStarted({ pid: child.pid!, kill: (signal) => child.kill(signal), done });
      }
    });
    child.on('error', reject);
    void done.then((finished) => {
      if (!started) reject(new Error(`exited ${finished.code} before '${marker}': ${finished.stderr}`));
    });
  });
}

const SLOW = ['--limit-train', '6000', '--limit-test', '200', '--backend', 'wasm', '--epochs', '2'];
/** Long enough to be running still while the other processes start on a busy machine; stopped with Ctrl-C. */
const LONG = ['--limit-train', '30000', '--limit-test', '200', '--backend', 'wasm', '--epochs', '20'];

describe('two runs into one --out at once (real processes)', () => {
  it('train: the second (also with --force) is refused with exit 2 naming the holder; the folder holds the first run only', async () => {
    const dir = join(tempDir('concurrent-train'), 'run');
    const first = await startUntil(['train', ...LONG, '--out', dir], 'writing');
    const second = await runDescent(['train', ...LONG, '--optimizer', 'adam', '--out', dir]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`^descent: train: --out '.*run' is in use by another descent run: pid ${first.pid} on \\S+ \\('descent train .*--out .*run', since `));
    // --force and --resume are refused the same way, and a sweep too.
    expect((await runDescent(['train', '--out', dir, '--force', '--quiet'])).code).toBe(2);
    expect((await runDescent(['sweep', '--lr', '0.1,0.01', '--out', dir, '--quiet'])).stderr).toContain(`is in use by another descent run: pid ${first.pid}`);
    first.kill('SIGINT');
    expect((await first.done).code).toBe(130);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { train: { optimizer: string } };
    const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { optimizer: { name?: string } | string };
    expect(config.train.optimizer).toBe('sgd');
    expect(JSON.stringify(checkpoint)).not.toContain('adam');
    // Released at the end: no lock left, and the folder can be resumed.
    expect(readdirSync(dirname(dir))).toEqual(['run']);
    expect((await runDescent(['train', '--dataset', 'moons', '--out', dir, '--force', '--quiet'])).code).toBe(0);
  }, 180_000);

  it('sweep: a second sweep into the folder is refused while the first runs', async () => {
    const dir = join(tempDir('concurrent-sweep'), 'grid');
    const first = await startUntil(['sweep', ...SLOW, '--lr', '0.1,0.01', '--workers', '2', '--out', dir], 'runs on');
    const second = await runDescent(['sweep', ...SLOW, '--lr', '0.5,0.05', '--out', dir, '--quiet']);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`is in use by another descent run: pid ${first.pid}`);
    expect((await first.done).code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('lr-')).sort()).toEqual(['lr-0.01', 'lr-0.1']);
    expect(existsSync(join(dirname(dir), '.grid.lock'))).toBe(false);
  }, 180_000);

  it('a lock left by kill -9 does not block --resume: its owner is gone', async () => {
    const dir = join(tempDir('concurrent-kill'), 'run');
    const first = await startUntil(['train', ...SLOW, '--out', dir], 'epoch 1/2');
    first.kill('SIGKILL');
    await first.done;
    expect(existsSync(join(dirname(dir), '.run.lock'))).toBe(true);
    const resumed = await runDescent(['train', '--out', dir, '--resume', '--quiet']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(existsSync(join(dirname(dir), '.run.lock'))).toBe(false);
  }, 180_000);
});
