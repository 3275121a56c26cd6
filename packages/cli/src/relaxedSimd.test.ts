import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDescent, tempDir } from '../test/runDescent';

/** A short run on descent's own kernels (the other tests' slice is on tfjs-wasm). */
const DESCENT_SLICE = ['--limit-train', '640', '--limit-test', '100', '--hidden', '16', '--backend', 'descent', '--quiet'];

function backendReason(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { backendReason: string }).backendReason;
}

describe('relaxed SIMD (fused multiply-add) in the descent binary', () => {
  it('the binary turns it on before anything compiles the kernels: train and a sweep’s worker threads use fused multiply-add', async () => {
    const root = tempDir('relaxed');
    const train = await runDescent(['train', ...DESCENT_SLICE, '--out', join(root, 'train')]);
    expect(train, train.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(backendReason(join(root, 'train'))).toContain('fused multiply-add');

    const sweep = await runDescent(['sweep', ...DESCENT_SLICE, '--lr', '0.01,0.1', '--workers', '2', '--out', join(root, 'sweep')]);
    expect(sweep, sweep.stderr).toMatchObject({ code: 0, stderr: '' });
    const runs = ['lr-0.01', 'lr-0.1'].map((name) => join(root, 'sweep', name));
    for (const run of runs) expect(backendReason(run)).toMatch(/fused multiply-add, 1 thread/);
  });
});
