import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, SLICE, interruptWhen, metrics, numbers, runDescent, tempDir } from '../../test/runDescent';

describe('descent sweep, lecture and report (the built binary)', () => {
  it('--backend descent: each of the 2 workers gets its share of the cores for its threads (no oversubscription)', async () => {
    const dir = join(tempDir('sweep'), 'descent');
    const { code } = await runDescent(['sweep', '--limit-train', '500', '--limit-test', '100', '--backend', 'descent', '--epochs', '1', '--lr', '0.01,0.1', '--workers', '2', '--out', dir, '--quiet']);
    expect(code).toBe(0);
    const share = Math.max(1, Math.floor(availableParallelism() / 2));
    for (const run of ['lr-0.01', 'lr-0.1']) {
      const summary = JSON.parse(readFileSync(join(dir, run, 'summary.json'), 'utf8')) as { status: string; backend: string; backendReason: string };
      expect(summary).toMatchObject({ status: 'completed', backend: 'descent' });
      expect(summary.backendReason).toMatch(new RegExp(`, ${share} threads?\\b`));
    }
  }, 180_000);

  it('runs a grid on 2 worker threads, one folder per run, then the report; report re-renders it', async () => {
    const dir = join(tempDir('sweep'), 'grid');
    const { code, stdout, stderr } = await runDescent(['sweep', ...SLICE, '--epochs', '1', '--lr', '0.01,0.1', '--hidden', '32/16,16', '--workers', '2', '--out', dir]);
    expect(code).toBe(0);
    expect(stderr).toContain('4 runs on 2 worker threads');
    const runs = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory()).sort();
    expect(runs).toEqual(['hidden-16x16_lr-0.01', 'hidden-16x16_lr-0.1', 'hidden-32_lr-0.01', 'hidden-32_lr-0.1']);
    for (const run of runs) {
      expect(readdirSync(join(dir, run)).sort()).toEqual(['checkpoint.json', 'checkpoint.safetensors', 'config.json', 'metrics.jsonl', 'summary.json']);
      expect(JSON.parse(readFileSync(join(dir, run, 'summary.json'), 'utf8'))).toMatchObject({ status: 'completed', epochsDone: 1, backend: 'wasm' });
    }
    const hidden = JSON.parse(readFileSync(join(dir, 'hidden-16x16_lr-0.1', 'config.json'), 'utf8')) as { train: { hidden: number[]; optimizerOptions: { lr: number } } };
    expect(hidden.train).toMatchObject({ hidden: [16, 16], optimizerOptions: { lr: 0.1 } });
    expect(stdout).toMatch(/4 runs in [\d.]+ s on 2 workers; peak memory \d+ MiB \(dataset [\d.]+ MiB, shared\)/);
    const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as { result: { peakRssBytes: number; workers: number; runs: unknown[] } };
    expect(sweep.result.workers).toBe(2);
    expect(sweep.result.runs).toHaveLength(4);
    expect(sweep.result.peakRssBytes).toBeGreaterThan(50 * 2 ** 20);

    for (const chart of ['training-loss', 'test-accuracy', 'test-loss', 'loss-vs-lr']) {
      const png = readFileSync(join(dir, `${chart}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      const svg = readFileSync(join(dir, `${chart}.svg`), 'utf8');
      expect(svg).toMatch(/^<svg/);
      expect(svg).toContain('<path');
    }
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('hidden-32_lr-0.1');
    expect((html.match(/<svg/g) ?? []).length).toBe(4);
    expect(html).not.toMatch(/<script|src="http/);

    const again = join(tempDir('report'), 'out');
    const report = await runDescent(['report', join(dir, 'hidden-32_lr-0.01'), join(dir, 'hidden-32_lr-0.1'), '--out', again, '--json']);
    expect(report.code).toBe(0);
    const files = JSON.parse(report.stdout) as { runs: number; html: string; charts: Array<{ name: string; png: string }> };
    expect(files.runs).toBe(2);
    expect(files.charts.map((c) => c.name)).toEqual(['training-loss', 'test-accuracy', 'test-loss', 'loss-vs-lr']);
    expect(existsSync(files.html)).toBe(true);
  }, 240_000);

  it('goes on when a run diverges: exit 0, that run marked diverged in its summary and the report, the other completed', async () => {
    const dir = join(tempDir('sweep-diverge'), 'grid');
    // No --workers: one per core (at most one per run).
    const { code, stdout, stderr } = await runDescent(['sweep', ...SLICE, '--optimizer', 'sgd', '--lr', '0.01,1e6', '--out', dir, '--quiet', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { workers: number; summaries: Array<{ name: string; status: string; diverged: { step: number } | null; epochsDone: number }> };
    expect(result.workers).toBe(Math.min(availableParallelism(), 2));
    expect(result.summaries.map((s) => [s.name, s.status])).toEqual([
      ['lr-0.01', 'completed'],
      ['lr-1000000', 'diverged'],
    ]);
    const diverged = JSON.parse(readFileSync(join(dir, 'lr-1000000', 'summary.json'), 'utf8')) as { status: string; diverged: { step: number; epoch: number } };
    expect(diverged).toMatchObject({ status: 'diverged', diverged: { epoch: 1 } });
    expect(JSON.parse(readFileSync(join(dir, 'lr-0.01', 'summary.json'), 'utf8'))).toMatchObject({ status: 'completed', epochsDone: 1 });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`<td>lr-1000000</td><td>sgd</td><td>1000000</td><td>200</td><td>64</td><td>0/1</td><td>diverged (step ${diverged.diverged.step})</td>`);
    expect(html).toMatch(/<td>lr-0\.01<\/td>.*<td>completed<\/td>/);
    expect(html).toContain('✕ diverged: lr-1000000 (epoch 1)');
    const lrChart = readFileSync(join(dir, 'loss-vs-lr.svg'), 'utf8');
    expect(lrChart).toMatch(/<path aria-label="[^"]*run: lr-1000000 \(diverged\)"[^>]*fill="#d62728"/);
  });

  it('stops on SIGINT with checkpoints and exit 130; --resume ends with the numbers of a sweep never stopped', async () => {
    const root = tempDir('sweep-sigint');
    const flags = ['--limit-train', '3000', '--limit-test', '200', '--backend', 'wasm', '--epochs', '3', '--lr', '0.01,0.1', '--workers', '2'];
    const stopped = await runDescent(['sweep', ...flags, '--out', join(root, 'a')], { onStderr: interruptWhen('epoch 1/3') });
    expect(stopped.code).toBe(130);
    // The hint is a command that runs, as typed (this checkout's binary: `node .../bin.js`).
    const hint = /continue with: (.*)$/m.exec(stopped.stderr)?.[1];
    expect(hint).toBe(`node ${relative(process.cwd(), BIN)} sweep --out ${join(root, 'a')} --resume`);
    for (const run of ['lr-0.01', 'lr-0.1']) {
      const summary = JSON.parse(readFileSync(join(root, 'a', run, 'summary.json'), 'utf8')) as { status: string; epochsDone: number };
      expect(summary.status).toBe('stopped');
      expect(summary.epochsDone).toBeLessThan(3);
      expect(existsSync(join(root, 'a', run, 'checkpoint.json'))).toBe(true);
    }
    expect(spawnSync('sh', ['-c', `${hint!} --quiet`], { stdio: 'ignore' }).status).toBe(0);
    expect((await runDescent(['sweep', ...flags, '--out', join(root, 'b'), '--quiet'])).code).toBe(0);
    for (const run of ['lr-0.01', 'lr-0.1']) {
      const resumed = metrics(join(root, 'a', run)).map(numbers);
      expect(resumed).toHaveLength(3);
      expect(resumed).toEqual(metrics(join(root, 'b', run)).map(numbers));
      expect(JSON.parse(readFileSync(join(root, 'a', run, 'summary.json'), 'utf8'))).toMatchObject({ status: 'completed', epochsDone: 3 });
    }
  }, 240_000);

  it('report exits 2 on a folder that holds no run', async () => {
    const empty = tempDir('report-empty');
    const { code, stderr } = await runDescent(['report', empty]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/holds no run/);
  });

  it('sweep refuses a grid over the data, which is loaded once', async () => {
    const { code, stderr } = await runDescent(['sweep', '--limit-train', '100,200', '--out', join(tempDir('sweep-bad'), 'x')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--limit-train must have one value in a sweep/);
  });
});
