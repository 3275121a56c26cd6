// descent beside PyTorch, in one run: seconds per epoch of the lecture's MLP (784-200-10)
// and of a wide one (784-2000-10), ReLU, SGD lr 0.01, batch 64, 60,000 images (the descent
// MLP by hand on 1 and 2 threads, the Trainer on --backend descent on 1 and 2 threads, the Trainer on
// tfjs-wasm); GEMM GFLOP/s on the MLP's shapes; one Adam step over each MLP's parameters
// (in a WasmArena, and in the MLP's own ComputeArena where the Trainer's optimizer keeps it). Every figure comes from
// its own child process, so each has its own peak memory (max RSS). PyTorch runs when
// /usr/bin/python3 imports torch (1 and 2 threads, OpenBLAS single-threaded); it is
// skipped, and the table says so, when it does not.
//
// Each epoch timing covers BATCHES batches (default 300) extrapolated to 938; best of
// REPEATS (default 3) per configuration: on a shared machine the fastest run is the one
// least disturbed, for both sides alike.
//   pnpm --filter @descent/train bench            (build first: pnpm build)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const BATCHES = Number(process.env.BATCHES ?? 300);
const REPEATS = Number(process.env.REPEATS ?? 3);
const BATCH = 64;
const EPOCH_BATCHES = Math.ceil(60000 / BATCH);
const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const self = fileURLToPath(import.meta.url);
const RELAXED = '--experimental-wasm-relaxed-simd';

const shapes = [
  ['X·W1', 64, 784, 200, {}],
  ['Xᵀ·dH', 784, 64, 200, { transposeA: true }],
  ['dZ·W2ᵀ', 64, 10, 200, { transposeB: true }],
  ['X·W1', 64, 784, 2000, {}],
  ['Xᵀ·dH', 784, 64, 2000, { transposeA: true }],
];

// ---------------------------------------------------------------- children
async function childDescentEpoch(hidden, threads) {
  const { Rng, cpu } = await import('@descent/core');
  const { BatchIterator, loadMnist } = await import('@descent/datasets');
  const { createOptimizer } = await import('@descent/optimizers');
  const { createDescentMlp } = await import('../dist/index.js');
  const mnist = await loadMnist({ limit: { train: BATCHES * BATCH, test: 100 } });
  const times = [];
  const steps = [];
  for (let r = 0; r <= REPEATS; r++) {
    const rng = new Rng(0);
    const model = createDescentMlp({ sizes: [784, hidden, 10], rng, maxThreads: threads - 1 });
    await model.startThreads(threads - 1);
    const iterator = new BatchIterator(mnist.train, { batchSize: BATCH, seed: rng.nextUint32() });
    const optimizer = createOptimizer('sgd', model.params, { lr: 0.01 });
    const start = performance.now();
    for (let b = 0; b < iterator.batchesPerEpoch; b++) {
      const t0 = performance.now();
      const { grads } = model.lossAndGradients(iterator.batch(0, b));
      optimizer.step(grads);
      for (const g of Object.values(grads)) cpu.dispose(g);
      if (r > 0) steps.push(performance.now() - t0);
    }
    if (r > 0) times.push((performance.now() - start) / 1000);
    model.dispose();
  }
  return { seconds: (Math.min(...times) * EPOCH_BATCHES) / BATCHES, fastStep: (quantile(steps, 0.1) * EPOCH_BATCHES) / 1000 };
}

// The Trainer end to end on the descent backend (initBackend('descent')): what `descent train
// --backend descent` runs, its per-step overhead (hooks, loss bookkeeping) included.
async function childTrainerDescent(hidden, threads) {
  const { loadMnist } = await import('@descent/datasets');
  const { Trainer, initBackend } = await import('../dist/index.js');
  await initBackend('descent', { threads });
  const mnist = await loadMnist({ limit: { train: BATCHES * BATCH, test: 100 } });
  const times = [];
  for (let r = 0; r <= REPEATS; r++) {
    const trainer = new Trainer({ hidden: [hidden], optimizer: 'sgd', optimizerOptions: { lr: 0.01 }, batchSize: BATCH, epochs: 1, seed: 0 }, { train: mnist.train });
    // Threads start in the background: let them come up before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const result = await trainer.run();
    trainer.dispose();
    if (r > 0) times.push(result.epochs[0].seconds);
  }
  return { seconds: (Math.min(...times) * EPOCH_BATCHES) / BATCHES };
}

async function childTfjsEpoch(hidden) {
  const { loadMnist } = await import('@descent/datasets');
  const { Trainer, initBackend } = await import('../dist/index.js');
  await initBackend('wasm');
  const mnist = await loadMnist({ limit: { train: BATCHES * BATCH, test: 100 } });
  const times = [];
  for (let r = 0; r <= REPEATS; r++) {
    const trainer = new Trainer({ hidden: [hidden], optimizer: 'sgd', optimizerOptions: { lr: 0.01 }, batchSize: BATCH, epochs: 1, seed: 0 }, { train: mnist.train });
    const result = await trainer.run();
    trainer.dispose();
    if (r > 0) times.push(result.epochs[0].seconds);
  }
  return { seconds: (Math.min(...times) * EPOCH_BATCHES) / BATCHES };
}

async function childGemm(threads) {
  const { cpu, createComputeArena } = await import('@descent/core');
  const arena = createComputeArena({ bytes: 64 << 20, maxThreads: threads - 1 });
  await arena.startThreads(threads - 1);
  const rows = [];
  for (const [, m, k, n, options] of shapes) {
    arena.reset();
    const a = arena.fromArray(Float32Array.from({ length: m * k }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5), options.transposeA ? [k, m] : [m, k]);
    const b = arena.fromArray(Float32Array.from({ length: k * n }, (_, i) => ((i * 104729) % 1000) / 1000 - 0.5), options.transposeB ? [n, k] : [k, n]);
    const c = arena.zeros([m, n]);
    rows.push(bestGflops(m * n * k, () => cpu.matmul(c, a, b, options)));
  }
  arena.dispose();
  return { gflops: rows, fma: arena.fma };
}

function quantile(xs, q) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * q)];
}

function bestGflops(macs, run) {
  for (let i = 0; i < 10; i++) run();
  // Calls timed one by one once they are long enough for the clock: short windows are the
  // ones a busy machine leaves undisturbed.
  const inner = macs > 1e6 ? 1 : 5;
  let best = Infinity;
  const start = performance.now();
  // At least 0.6 s and 60 samples (at most 5 s): a long call needs many tries to find an undisturbed one.
  for (let samples = 0; performance.now() - start < 5000 && (samples < 60 || performance.now() - start < 600); samples++) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) run();
    best = Math.min(best, (performance.now() - t0) / inner);
  }
  return (2 * macs) / (best / 1000) / 1e9;
}

async function childAdam(hidden, where) {
  const { createOptimizer, createWasmArena, attachWasmKernels } = await import('@descent/optimizers');
  const { createComputeArena } = await import('@descent/core');
  const count = (784 + 1) * hidden + (hidden + 1) * 10;
  let arena;
  if (where === 'compute') {
    // The descent MLP's arena (shared memory, as with threads), the optimizer's kernels attached.
    arena = createComputeArena({ bytes: 4 * count * 4 + (1 << 20), maxThreads: 1 });
    attachWasmKernels(arena.memory, arena);
  } else arena = createWasmArena(4 * count * 4 + (1 << 20));
  const p = arena.fromArray(Float32Array.from({ length: count }, (_, i) => Math.sin(i)), [count], 'p');
  const g = arena.fromArray(Float32Array.from({ length: count }, (_, i) => Math.cos(i) * 1e-2), [count], 'g');
  const optimizer = createOptimizer('adam', { p }, { lr: 1e-3 });
  for (let i = 0; i < 20; i++) optimizer.step({ p: g });
  let best = Infinity;
  const start = performance.now();
  while (performance.now() - start < 500) {
    const t0 = performance.now();
    optimizer.step({ p: g });
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best };
}

// ---------------------------------------------------------------- PyTorch
const torchScript = (task, threads, args) => `
import json, resource, time, torch
torch.set_num_threads(${threads})
torch.manual_seed(0)
task = ${JSON.stringify(task)}
args = json.loads(${JSON.stringify(JSON.stringify(args))})
def best_of(f, seconds=0.4, inner=5):
    for _ in range(10): f()
    best = float('inf'); start = time.perf_counter(); samples = 0
    while time.perf_counter() - start < 5 and (samples < 60 or time.perf_counter() - start < seconds):
        t = time.perf_counter()
        for _ in range(inner): f()
        best = min(best, (time.perf_counter() - t) / inner); samples += 1
    return best
out = {}
if task == 'epoch':
    hidden, batches, repeats = args
    m = torch.nn.Sequential(torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10))
    opt = torch.optim.SGD(m.parameters(), lr=0.01)
    x = torch.rand(batches * 64, 784); y = torch.randint(0, 10, (batches * 64,))
    loss_fn = torch.nn.CrossEntropyLoss()
    ts = []; steps = []
    for r in range(repeats + 1):
        perm = torch.randperm(x.shape[0]); t = time.perf_counter()
        for i in range(batches):
            t0 = time.perf_counter()
            idx = perm[i*64:(i+1)*64]
            opt.zero_grad(); loss = loss_fn(m(x[idx]), y[idx]); loss.backward(); opt.step()
            if r > 0: steps.append(time.perf_counter() - t0)
        ts.append(time.perf_counter() - t)
    out['seconds'] = min(ts[1:]) * ${EPOCH_BATCHES} / batches
    out['fastStep'] = sorted(steps)[len(steps) // 10] * ${EPOCH_BATCHES}
elif task == 'gemm':
    rows = []
    for m_, k, n, ta, tb in args:
        a = torch.rand(k, m_) if ta else torch.rand(m_, k)
        b = torch.rand(n, k) if tb else torch.rand(k, n)
        A = a.t() if ta else a
        B = b.t() if tb else b
        c = torch.empty(m_, n)
        s = best_of(lambda: torch.mm(A, B, out=c), 0.6, 1 if m_ * n * k > 1e6 else 5)
        rows.append(2 * m_ * n * k / s / 1e9)
    out['gflops'] = rows
elif task == 'adam':
    hidden, = args
    count = 785 * hidden + (hidden + 1) * 10
    p = torch.nn.Parameter(torch.sin(torch.arange(count, dtype=torch.float32)))
    p.grad = torch.cos(torch.arange(count, dtype=torch.float32)) * 1e-2
    opt = torch.optim.Adam([p], lr=1e-3)
    out['ms'] = best_of(opt.step, 0.5, 1) * 1000
out['maxRssMiB'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
`;

function torchAvailable() {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function runTorch(task, threads, args) {
  process.stderr.write(`  running PyTorch ${task} on ${threads} thread(s)\n`);
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: String(threads) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const out = execFileSync(PYTHON, ['-c', torchScript(task, threads, args)], { encoding: 'utf8', env });
  return JSON.parse(out.trim().split('\n').pop());
}

function runChild(flags, ...args) {
  process.stderr.write(`  running ${[...flags, ...args].join(' ')}\n`);
  const result = spawnSync(process.execPath, [...flags, self, 'child', ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`bench child ${args.join(' ')} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

// ---------------------------------------------------------------- main
if (process.argv[2] === 'child') {
  const [kind, a, b] = process.argv.slice(3);
  const out =
    kind === 'descent'
      ? await childDescentEpoch(Number(a), Number(b))
      : kind === 'trainer'
        ? await childTrainerDescent(Number(a), Number(b))
        : kind === 'tfjs'
          ? await childTfjsEpoch(Number(a))
          : kind === 'gemm'
            ? await childGemm(Number(a))
            : await childAdam(Number(a), b);
  const { resourceUsage } = await import('node:process');
  out.maxRssMiB = resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(out));
  process.exit(0);
}

const benchStart = performance.now();
const torch = torchAvailable();
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}); load average at start ${load()}`);
const mib = (r) => `${r.maxRssMiB.toFixed(0)} MiB`;
console.log(`descent vs PyTorch, one run. Epochs: ${BATCHES} batches of ${BATCH} extrapolated to ${EPOCH_BATCHES}, best of ${REPEATS}; GEMM and Adam: best of many calls.`);
console.log(`Node ${process.version}${torch ? `; PyTorch from ${PYTHON} (OPENBLAS_NUM_THREADS=1, torch.set_num_threads 1 and 2)` : `; PyTorch: not importable from ${PYTHON}, skipped`}`);

const table = [];
const ratioCell = (value, best) => (best === undefined ? 'n/a' : `${(value / best).toFixed(2)}x`);
for (const hidden of [200, 2000]) {
  const label = `epoch 784-${hidden}-10 (s)`;
  const rows = [];
  for (const threads of [1, 2]) {
    rows.push([`descent, ${threads} thread${threads > 1 ? 's' : ''}, fma`, runChild([RELAXED], 'descent', hidden, threads)]);
    rows.push([`descent, ${threads} thread${threads > 1 ? 's' : ''}, mul+add`, runChild([], 'descent', hidden, threads)]);
  }
  for (const threads of [1, 2]) rows.push([`descent Trainer, --backend descent, ${threads} thread${threads > 1 ? 's' : ''}, fma`, runChild([RELAXED], 'trainer', hidden, threads)]);
  rows.push(['descent Trainer, tfjs-wasm', runChild([], 'tfjs', hidden)]);
  const torchRows = torch ? [1, 2].map((t) => [`PyTorch ${t} thread${t > 1 ? 's' : ''}`, runTorch('epoch', t, [hidden, BATCHES, REPEATS])]) : [];
  const best = torch ? Math.min(...torchRows.map(([, r]) => r.seconds)) : undefined;
  const bestStep = torch ? Math.min(...torchRows.map(([, r]) => r.fastStep)) : undefined;
  for (const [name, r] of [...rows, ...torchRows]) {
    const step = r.fastStep === undefined ? 'n/a' : `${r.fastStep.toFixed(3)} (${ratioCell(r.fastStep, bestStep)})`;
    table.push([label, name, r.seconds.toFixed(3), ratioCell(r.seconds, best), step, mib(r)]);
  }
}

const gemmRows = [];
for (const threads of [1, 2]) {
  gemmRows.push([`descent ${threads}T fma`, runChild([RELAXED], 'gemm', threads)]);
  gemmRows.push([`descent ${threads}T mul+add`, runChild([], 'gemm', threads)]);
}
const torchGemm = torch ? [1, 2].map((t) => [`PyTorch ${t}T`, runTorch('gemm', t, shapes.map(([, m, k, n, o]) => [m, k, n, o.transposeA === true, o.transposeB === true]))]) : [];
shapes.forEach(([name, m, k, n], i) => {
  const label = `GEMM ${name} ${m}x${k}x${n} (GFLOP/s)`;
  const best = torch ? Math.max(...torchGemm.map(([, r]) => r.gflops[i])) : undefined;
  for (const [who, r] of [...gemmRows, ...torchGemm]) table.push([label, who, r.gflops[i].toFixed(1), best === undefined ? 'n/a' : `${(best / r.gflops[i]).toFixed(2)}x`, '', mib(r)]);
});

for (const hidden of [200, 2000]) {
  const label = `Adam step, ${(785 * hidden + (hidden + 1) * 10).toLocaleString('en')} params (ms)`;
  const ours = runChild([], 'adam', hidden, 'wasm');
  const inCompute = runChild([], 'adam', hidden, 'compute');
  const torchAdam = torch ? [1, 2].map((t) => [`PyTorch ${t} thread${t > 1 ? 's' : ''}`, runTorch('adam', t, [hidden])]) : [];
  const best = torch ? Math.min(...torchAdam.map(([, r]) => r.ms)) : undefined;
  for (const [who, r] of [['descent (WasmArena SIMD)', ours], ['descent (in the MLP\'s ComputeArena, shared memory)', inCompute], ...torchAdam]) table.push([label, who, r.ms.toFixed(3), ratioCell(r.ms, best), '', mib(r)]);
}

console.log(`load average at the end ${load()} (above the core count, every figure is disturbed: compare ratios, not seconds)`);
console.log('\n| measure | who | value | time vs PyTorch best | 10th-percentile step x 938 (s, vs PyTorch) | peak memory (max RSS) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of table) console.log(`| ${row.join(' | ')} |`);
console.log(`\nwall time of the bench: ${((performance.now() - benchStart) / 1000).toFixed(0)} s`);
console.log('\nThe ratio is time over PyTorch\'s best time (for GFLOP/s: PyTorch\'s best rate over this rate): below 1 is faster than PyTorch.');
console.log('The 10th-percentile step x 938 column is what an epoch would take undisturbed: on a loaded machine whole epochs mostly measure how often other processes ran.');
