import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The bad-input corpus: what a user may type or leave on disk, and what descent must say.
 * Each case runs a command with `args`, where `$OUT` is an output folder that must not exist
 * afterwards and `$ROOT` a folder that `setup` may fill first (its listing must not change).
 * `message` must match the error line: it names the flag or file and what was expected.
 */
export interface BadInput {
  args: string[];
  message: RegExp;
  setup?: (root: string) => void;
}

function idx(magic: number, dims: number[], data: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  header.setUint32(0, magic);
  dims.forEach((d, i) => header.setUint32(4 + 4 * i, d));
  const out = new Uint8Array(header.byteLength + data.length);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(data, header.byteLength);
  return out;
}

/** A folder of four small MNIST-format IDX files; `labels` are the training labels. */
export function mnistFolder(dir: string, labels: number[], options: { truncateImages?: boolean } = {}): void {
  mkdirSync(dir, { recursive: true });
  const n = labels.length;
  const images = idx(0x803, [n, 28, 28], new Uint8Array(n * 784).fill(7));
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), options.truncateImages === true ? images.subarray(0, images.length - 100) : images);
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx(0x801, [n], Uint8Array.from(labels)));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idx(0x803, [2, 28, 28], new Uint8Array(2 * 784)));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idx(0x801, [2], Uint8Array.from([1, 2])));
}

/** A run folder as `descent train` leaves it, with `damage` applied to its files. */
export function runFolder(dir: string, damage: Partial<Record<'config.json' | 'metrics.jsonl' | 'summary.json' | 'checkpoint.json', string>> = {}): void {
  mkdirSync(dir, { recursive: true });
  const files = {
    'config.json': JSON.stringify({ name: 'run', settings: { lr: 0.1 }, data: { dataset: 'moons' }, backend: 'cpu', train: { hidden: [8], optimizer: 'sgd', optimizerOptions: { lr: 0.1 }, schedule: null, scheduleUnit: 'epoch', epochs: 1, batchSize: 64, seed: 0, dataset: 'moons', classes: 2 } }),
    'metrics.jsonl': `${JSON.stringify({ epoch: 1, trainLoss: 0.7, testLoss: 0.69, testAccuracy: 0.5, lr: 0.1, seconds: 0.1, evalSeconds: 0.01, steps: 16 })}\n`,
    'summary.json': JSON.stringify({ name: 'run', dir, status: 'completed', epochsDone: 1, epochs: 1, final: { epoch: 1, trainLoss: 0.7, testLoss: 0.69, testAccuracy: 0.5, lr: 0.1, seconds: 0.1, evalSeconds: 0.01, steps: 16 }, bestTestAccuracy: 0.5, diverged: null, backend: 'cpu', backendReason: 'requested', dataset: 'moons', settings: { lr: 0.1 }, steps: 16, seconds: 0.1, finishedAt: '2026-01-01T00:00:00.000Z' }),
    ...damage,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

const deepSchedule = (depth: number): string => `${'{"type":"product","schedules":['.repeat(depth)}{"type":"cosine","tMax":10}${']}'.repeat(depth)}`;
const file = (name: string, text: string) => (root: string) => writeFileSync(join(root, name), text);

/** Every command against bad numbers, names, files, folders, configs and damaged data. */
export const badInputs: Readonly<Record<string, BadInput>> = {
  // numbers
  'train --lr abc': { args: ['train', '--lr', 'abc', '--out', '$OUT'], message: /^train: --lr must be a number, got 'abc'/ },
  'train --lr 1e400': { args: ['train', '--lr', '1e400', '--out', '$OUT'], message: /^train: --lr must be a finite number, got '1e400'/ },
  'train --lr -1': { args: ['train', '--lr', '-1', '--out', '$OUT'], message: /^train: --lr must be in \[0, inf\) for sgd, got -1/ },
  'train --seed 1e300': { args: ['train', '--seed', '1e300', '--out', '$OUT'], message: /^train: --seed must be an integer in \[0, 9007199254740991\], got '1e300'/ },
  'train --seed 9007199254740993': { args: ['train', '--seed', '9007199254740993', '--out', '$OUT'], message: /^train: --seed must be an integer in \[0, 9007199254740991\]/ },
  'train --seed -1': { args: ['train', '--seed', '-1', '--out', '$OUT'], message: /^train: --seed must be an integer in \[0, /},
  'train --epochs 0': { args: ['train', '--epochs', '0', '--out', '$OUT'], message: /^train: --epochs must be an integer in \[1, / },
  'train --epochs 1.5': { args: ['train', '--epochs', '1.5', '--out', '$OUT'], message: /^train: --epochs must be an integer/ },
  'train --epochs 1e12': { args: ['train', '--epochs', '1e12', '--out', '$OUT'], message: /^train: --epochs must be an integer in \[1, 100000\]/ },
  'train --batch-size -3': { args: ['train', '--batch-size', '-3', '--out', '$OUT'], message: /^train: --batch-size must be an integer in \[1, / },
  'train --limit-train 0': { args: ['train', '--limit-train', '0', '--out', '$OUT'], message: /^train: --limit-train must be an integer in \[1, / },
  'train --hidden 1000000000': { args: ['train', '--hidden', '1000000000', '--dataset', 'moons', '--out', '$OUT'], message: /^train: --hidden must be a comma list of at most 64 layer widths, each in \[1, 65536\], .*got '1000000000'/ },
  'train --hidden 60000,60000 (memory)': { args: ['train', '--hidden', '60000,60000', '--out', '$OUT'], message: /^train: --hidden 60000,60000 needs about [\d.]+ GiB .*parameters.*at most/ },
  'train --hidden 200,abc': { args: ['train', '--hidden', '200,abc', '--out', '$OUT'], message: /^train: --hidden must be a comma list of at most 64 layer widths/ },
  'train --betas 0.9': { args: ['train', '--optimizer', 'adam', '--betas', '0.9', '--out', '$OUT'], message: /^train: --betas must be two numbers/ },
  'train --betas 0.9,1.5': { args: ['train', '--optimizer', 'adam', '--betas', '0.9,1.5', '--out', '$OUT'], message: /^train: --betas must be in \[0, 1\) for adam, got 1\.5/ },
  'train --momentum x': { args: ['train', '--momentum', 'x', '--out', '$OUT'], message: /^train: --momentum must be a number, got 'x'/ },
  'train --nesterov maybe': { args: ['train', '--nesterov', 'maybe', '--out', '$OUT'], message: /^train: --nesterov must be true or false, got 'maybe'/ },
  // names
  'train --optimizer bogus': { args: ['train', '--optimizer', 'bogus', '--out', '$OUT'], message: /^train: unknown optimizer 'bogus'; valid optimizers: sgd, / },
  'train adam --momentum': { args: ['train', '--optimizer', 'adam', '--momentum', '0.9', '--out', '$OUT'], message: /^train: --momentum is not an option of adam; adam takes --lr/ },
  'train --dataset nope': { args: ['train', '--dataset', 'nope', '--out', '$OUT'], message: /^train: --dataset must be one of mnist, spirals/ },
  'train --backend gpu': { args: ['train', '--backend', 'gpu', '--out', '$OUT'], message: /^train: --backend must be one of auto, / },
  'train --schedule-unit hour': { args: ['train', '--schedule-unit', 'hour', '--out', '$OUT'], message: /^train: --schedule-unit must be one of epoch, step/ },
  'train --schedule cosine:abc': { args: ['train', '--schedule', 'cosine:abc', '--out', '$OUT'], message: /^train: --schedule: cosine\.tMax must be a number, got 'abc'/ },
  'train --schedule nope:1': { args: ['train', '--schedule', 'nope:1', '--out', '$OUT'], message: /^train: --schedule: unknown schedule/ },
  'train --schedule nested 3000 deep': { args: ['train', '--schedule', deepSchedule(3000), '--out', '$OUT'], message: /^train: --schedule: .*nested more than 32 deep/ },
  'train --bogus': { args: ['train', '--bogus', '--out', '$OUT'], message: /^train: unknown option '--bogus'/ },
  'train --lr 0.1,0.2': { args: ['train', '--lr', '0.1,0.2', '--out', '$OUT'], message: /^train: --lr takes one value, got '0\.1,0\.2' \(for a grid of runs use 'descent sweep'\)/ },
  // files and folders
  'train --data <a file>': { args: ['train', '--data', '$ROOT/notes.txt', '--out', '$OUT'], setup: file('notes.txt', 'x'), message: /^train: --data must be a folder holding the MNIST IDX files, got '.*notes\.txt' \(a file\)/ },
  'train --data <missing>': { args: ['train', '--data', '$ROOT/nowhere', '--out', '$OUT'], message: /^train: --data must be a folder holding the MNIST IDX files, got '.*nowhere' \(no such folder\)/ },
  'train --data <empty folder>': { args: ['train', '--data', '$ROOT/empty', '--out', '$OUT'], setup: (root) => mkdirSync(join(root, 'empty')), message: /^train: cannot load MNIST: .*train-images-idx3-ubyte/ },
  'train --data <truncated IDX>': { args: ['train', '--data', '$ROOT/mnist', '--out', '$OUT'], setup: (root) => mnistFolder(join(root, 'mnist'), [1, 2, 3], { truncateImages: true }), message: /^train: cannot load MNIST: .*train-images-idx3-ubyte/ },
  'train --data <labels out of range>': { args: ['train', '--data', '$ROOT/mnist', '--out', '$OUT'], setup: (root) => mnistFolder(join(root, 'mnist'), [1, 12, 3]), message: /^train: --data: .*train-labels-idx1-ubyte: label 12 of item 1 is not a digit 0-9/ },
  'train --out <a file>': { args: ['train', '--out', '$ROOT/out.txt'], setup: file('out.txt', 'x'), message: /^train: --out must be a folder, got '.*out\.txt' \(a file\)/ },
  'train --out <existing run>': { args: ['train', '--out', '$ROOT/run'], setup: (root) => runFolder(join(root, 'run')), message: /^train: output folder '.*run' exists; pass --resume to continue it or --force/ },
  'train --resume <nothing>': { args: ['train', '--resume', '--out', '$OUT'], message: /^train: --resume needs an existing run in --out, got '.*' \(no such folder\)/ },
  'train --resume --force': { args: ['train', '--resume', '--force', '--out', '$OUT'], message: /^train: --resume and --force exclude each other/ },
  'train --resume <corrupt checkpoint>': { args: ['train', '--resume', '--out', '$ROOT/run'], setup: (root) => runFolder(join(root, 'run'), { 'checkpoint.json': '{"format": "descent-checkpoint", "epoch": 1,' }), message: /^train: .*checkpoint\.json is not valid JSON/ },
  // configs
  'train --config <missing>': { args: ['train', '--config', '$ROOT/none.yaml', '--out', '$OUT'], message: /^train: cannot read config file .*none\.yaml/ },
  'train --config <bad JSON>': { args: ['train', '--config', '$ROOT/e.json', '--out', '$OUT'], setup: file('e.json', '{"lr": 0.1,'), message: /^train: config file .*e\.json is not valid JSON/ },
  'train --config <bad YAML>': { args: ['train', '--config', '$ROOT/e.yaml', '--out', '$OUT'], setup: file('e.yaml', 'lr: [0.1\n'), message: /^train: config file .*e\.yaml is not valid YAML/ },
  'train --config <unknown field>': { args: ['train', '--config', '$ROOT/e.yaml', '--out', '$OUT'], setup: file('e.yaml', 'batchsize: 64\n'), message: /^train: config file .*e\.yaml: field 'batchsize'.*known fields/ },
  'train --config <wrong type>': { args: ['train', '--config', '$ROOT/e.yaml', '--out', '$OUT'], setup: file('e.yaml', 'epochs: three\n'), message: /^train: config file .*e\.yaml: field 'epochs'/ },
  'train --config <seed 1e300>': { args: ['train', '--config', '$ROOT/e.json', '--out', '$OUT'], setup: file('e.json', '{"seed": 1e300}'), message: /^train: config file .*e\.json: field 'seed'/ },
  'train --config <300000 hidden layers>': { args: ['train', '--config', '$ROOT/e.json', '--out', '$OUT'], setup: file('e.json', JSON.stringify({ hidden: new Array(300_000).fill(2) })), message: /^train: config file .*e\.json: field 'hidden': at most 64 hidden layers, got 300000/ },
  'train --config <sweep section>': { args: ['train', '--config', '$ROOT/e.yaml', '--out', '$OUT'], setup: file('e.yaml', 'sweep:\n  lr: [0.1, 0.01]\n'), message: /^train: config field 'sweep' lists alternatives, which only 'descent sweep' runs/ },
  // sweep
  'sweep --lr 0.1,abc': { args: ['sweep', '--lr', '0.1,abc', '--out', '$OUT'], message: /^sweep: --lr must be a number, got 'abc'/ },
  'sweep --seed 1e300': { args: ['sweep', '--seed', '1e300', '--out', '$OUT'], message: /^sweep: --seed must be an integer in \[0, 9007199254740991\], got '1e300'/ },
  'sweep --hidden 1000000000/10': { args: ['sweep', '--hidden', '1000000000/10', '--out', '$OUT'], message: /^sweep: --hidden must be a comma list of at most 64 layer widths, each in \[1, 65536\]/ },
  'sweep --workers 0': { args: ['sweep', '--workers', '0', '--out', '$OUT'], message: /^sweep: --workers must be an integer in \[1, 1024\], got '0'/ },
  'sweep --workers two': { args: ['sweep', '--workers', 'two', '--out', '$OUT'], message: /^sweep: --workers must be an integer in \[1, 1024\], got 'two'/ },
  'sweep --limit-train 100,200': { args: ['sweep', '--limit-train', '100,200', '--out', '$OUT'], message: /^sweep: --limit-train must have one value in a sweep/ },
  'sweep --resume <tampered run name>': {
    args: ['sweep', '--resume', '--out', '$ROOT/grid'],
    setup: (root) => {
      mkdirSync(join(root, 'grid'));
      writeFileSync(join(root, 'grid', 'sweep.json'), JSON.stringify({ command: 'sweep', runs: [{ name: '../../ESCAPED', settings: { dataset: 'moons', lr: 0.1 } }] }));
    },
    message: /^sweep: --resume: .*sweep\.json: field 'runs\[0\]\.name': must be a run folder name .*got '\.\.\/\.\.\/ESCAPED'/,
  },
  'sweep --resume <damaged sweep.json>': {
    args: ['sweep', '--resume', '--out', '$ROOT/grid'],
    setup: (root) => {
      mkdirSync(join(root, 'grid'));
      writeFileSync(join(root, 'grid', 'sweep.json'), JSON.stringify({ command: 'sweep', runs: 'all of them' }));
    },
    message: /^sweep: --resume: .*sweep\.json: field 'runs'/,
  },
  'sweep --config <workers 0>': { args: ['sweep', '--config', '$ROOT/g.yaml', '--out', '$OUT'], setup: file('g.yaml', 'workers: 0\n'), message: /^sweep: config file .*g\.yaml: field 'workers'/ },
  // lecture
  'lecture --epochs abc': { args: ['lecture', '--epochs', 'abc', '--out', '$OUT'], message: /^lecture: --epochs must be an integer in \[1, 1000\], got 'abc'/ },
  'lecture --workers x': { args: ['lecture', '--workers', 'x', '--out', '$OUT'], message: /^lecture: --workers must be an integer in \[1, 1024\], got 'x'/ },
  'lecture --lr 0.1': { args: ['lecture', '--lr', '0.1', '--out', '$OUT'], message: /^lecture: unknown option '--lr'/ },
  // report
  'report <missing>': { args: ['report', '$ROOT/nowhere', '--out', '$OUT'], message: /^report: no such folder '.*nowhere'/ },
  'report <empty folder>': { args: ['report', '$ROOT/empty', '--out', '$OUT'], setup: (root) => mkdirSync(join(root, 'empty')), message: /^report: '.*empty' holds no run/ },
  'report <bad metrics line>': {
    args: ['report', '$ROOT/run', '--out', '$OUT'],
    setup: (root) => runFolder(join(root, 'run'), { 'metrics.jsonl': '{"epoch": 1, "trainLoss": 0.7, "testLoss": 0.6, "lr": 0.1, "seconds": 1, "evalSeconds": 0, "steps": 2}\n{epoch: 2}\n' }),
    message: /^report: .*run\/metrics\.jsonl: line 2 is not valid JSON/,
  },
  'report <metrics line of the wrong shape>': {
    args: ['report', '$ROOT/run', '--out', '$OUT'],
    setup: (root) => runFolder(join(root, 'run'), { 'metrics.jsonl': '{"epoch": "one"}\n' }),
    message: /^report: .*run\/metrics\.jsonl: line 1: field 'epoch'/,
  },
  'report <summary of the wrong shape>': {
    args: ['report', '$ROOT/run', '--out', '$OUT'],
    setup: (root) => runFolder(join(root, 'run'), { 'summary.json': '{"status": "completed", "final": {"trainLoss": "low"}}' }),
    message: /^report: .*run\/summary\.json: field '/,
  },
  'report <summary of the wrong shape> into the run': {
    args: ['report', '$ROOT/run'],
    setup: (root) => runFolder(join(root, 'run'), { 'summary.json': '[1, 2]' }),
    message: /^report: .*run\/summary\.json: /,
  },
  'report <config not JSON>': { args: ['report', '$ROOT/run', '--out', '$OUT'], setup: (root) => runFolder(join(root, 'run'), { 'config.json': '{"name": ' }), message: /^report: .*run\/config\.json is not valid JSON/ },
  'report <config of the wrong shape>': { args: ['report', '$ROOT/run', '--out', '$OUT'], setup: (root) => runFolder(join(root, 'run'), { 'config.json': '{"train": {"optimizer": 3}}' }), message: /^report: .*run\/config\.json: field 'train/ },
  'report --out <a file>': { args: ['report', '$ROOT/run', '--out', '$ROOT/out.txt'], setup: (root) => (runFolder(join(root, 'run')), writeFileSync(join(root, 'out.txt'), 'x')), message: /^report: --out must be a folder, got '.*out\.txt' \(a file\)/ },
  // schedule
  'schedule cosine:abc': { args: ['schedule', 'cosine:abc', '--out', '$OUT'], message: /^schedule: SPEC: cosine\.tMax must be a number, got 'abc'/ },
  'schedule nope:1': { args: ['schedule', 'nope:1', '--out', '$OUT'], message: /^schedule: SPEC: unknown schedule/ },
  'schedule --lr -1': { args: ['schedule', 'step:30:0.1', '--lr', '-1', '--out', '$OUT'], message: /^schedule: --lr must be a finite number >= 0, got '-1'/ },
  'schedule --lr 1e400': { args: ['schedule', 'step:30:0.1', '--lr', '1e400', '--out', '$OUT'], message: /^schedule: --lr must be a finite number >= 0, got '1e400'/ },
  'schedule --steps 0': { args: ['schedule', 'cosine:100', '--steps', '0', '--out', '$OUT'], message: /^schedule: --steps must be/ },
  'schedule --steps 1e300': { args: ['schedule', 'cosine:100', '--steps', '1e300', '--out', '$OUT'], message: /^schedule: --steps must be/ },
  'schedule nested 3000 deep': { args: ['schedule', deepSchedule(3000), '--out', '$OUT'], message: /^schedule: SPEC: .*nested more than 32 deep/ },
  'schedule --width abc': { args: ['schedule', 'cosine:100', '--width', 'abc', '--out', '$OUT'], message: /^schedule: --width must be/ },
  'schedule --out <a file>': { args: ['schedule', 'cosine:100', '--out', '$ROOT/out.txt'], setup: file('out.txt', 'x'), message: /^schedule: --out must be a folder, got '.*out\.txt' \(a file\)/ },
  // race and lr-find (their own flags are theirs; the shared rules hold)
  'race --surface nope': { args: ['race', '--surface', 'nope', '--optimizer', 'adam', '--out', '$OUT'], message: /^race: unknown surface 'nope'/ },
  'race --optimizer bogus': { args: ['race', '--optimizer', 'bogus:lr=1', '--out', '$OUT'], message: /^(race|parseOptimizerSpec): .*unknown optimizer 'bogus'/ },
  'race --seed 1e300': { args: ['race', '--optimizer', 'adam', '--seed', '1e300', '--out', '$OUT'], message: /^race: --seed must be/ },
  'lr-find --optimizer bogus': { args: ['lr-find', '--optimizer', 'bogus', '--out', '$OUT'], message: /^(lr-find|parseOptimizerSpec): .*unknown optimizer 'bogus'/ },
  'lr-find --steps abc': { args: ['lr-find', '--steps', 'abc', '--out', '$OUT'], message: /^lr-find: --steps must be/ },
  // the program
  'descent bogus': { args: ['bogus'], message: /^unknown command 'bogus'/ },
};
