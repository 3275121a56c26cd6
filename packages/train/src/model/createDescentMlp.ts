import { DescentError, Rng, addBias, cpu, createComputeArena, reluBackward, sumRows } from '@descent/core';
import type { ComputeArena, CpuTensor } from '@descent/core';
import { attachWasmKernels } from '@descent/optimizers';

/** Options of {@link createDescentMlp}. */
export interface DescentMlpOptions {
  /** Layer widths, input first, classes last, e.g. `[784, 200, 10]`. At least two entries. */
  sizes: readonly number[];
  /** Seed of the initialisation. Default 0. Ignored when `rng` is given. */
  seed?: number;
  /** Draw the initial weights from this generator (it advances). Default `new Rng(seed)`. */
  rng?: Rng;
  /** The largest batch {@link DescentMlp.lossAndGradients} takes. Default 64. */
  batchSize?: number;
  /** Most worker threads {@link DescentMlp.startThreads} may start (beyond the calling thread). Default 0. */
  maxThreads?: number;
  /** Use relaxed SIMD's fused multiply-add where the engine has it. Default true. */
  fma?: boolean;
  /**
   * Worker threads to start now, in the background (at most `maxThreads`): products use each
   * one as soon as it is ready, after the event loop has run once or twice, so a caller that
   * cannot await (a trainer's synchronous model factory) still gets them. Default 0.
   */
  threads?: number;
  /**
   * `dispose()` hands the arena's memory to the next model of the same sizes and options (see
   * core's `ComputeArena` `recycle`): for an owner that reads nothing of the model after it
   * disposed it, such as a trainer's own model. Default false: the parameters stay readable.
   */
  recycle?: boolean;
}

/** One batch: `size` items of `sizes[0]` values each, one after another, and their labels. */
export interface DescentMlpBatch {
  images: Float32Array;
  labels: ArrayLike<number>;
  size: number;
}

/** A split to evaluate: `count` items and their labels. */
export interface DescentMlpSplit {
  images: Float32Array;
  labels: ArrayLike<number>;
  count: number;
}

/**
 * A multilayer perceptron on core's cpu backend, with no TensorFlow.js: parameters,
 * gradients and activations live in one {@link ComputeArena}, and every matrix product runs
 * in its WebAssembly SIMD kernels (split across threads after {@link startThreads}). An
 * optimizer over `params` keeps its state (up to two buffers per parameter: Adam's moments,
 * SGD's momentum) in the same arena, and its SIMD kernels run there in place.
 * Same initialisation, names, shapes and loss as `createMlp` (so the same seed gives the same
 * starting weights, and checkpoints move between the two): `fcK.weight` is `[in, out]`,
 * `fcK.bias` `[out]`, ReLU after every hidden layer, mean softmax cross-entropy.
 * It has the shape of a trainable model: `kind`, `params`, `lossAndGradients(batch)`,
 * `evaluate(split, batchSize)`, `dispose()`.
 */
export interface DescentMlp {
  readonly kind: 'mlp';
  readonly sizes: readonly number[];
  /** Parameter names in order: `fc1.weight`, `fc1.bias`, `fc2.weight`, ... */
  readonly names: readonly string[];
  /** The parameters (cpu tensors in the arena): what an optimizer steps in place. */
  readonly params: Readonly<Record<string, CpuTensor>>;
  readonly inputSize: number;
  readonly outputSize: number;
  /** The arena holding everything. */
  readonly arena: ComputeArena;
  /**
   * Mean loss of the batch, and its gradient by parameter name: fresh cpu tensor handles on
   * the model's own gradient buffers (valid until the next call; disposing a handle frees
   * nothing). Does not change the parameters.
   */
  lossAndGradients(batch: DescentMlpBatch): { loss: number; grads: Record<string, CpuTensor> };
  /** Logits `[n, classes]` of `n` items, written to `out` (a new array when not given). */
  predict(images: Float32Array, n: number, out?: Float32Array): Float32Array;
  /** Mean loss and accuracy over a split, `batchSize` items per forward pass (default 1000). */
  evaluate(split: DescentMlpSplit, batchSize?: number): { loss: number; accuracy: number };
  /** Starts `count` worker threads for the products (at most `maxThreads`); resolves when they are ready. */
  startThreads(count: number): Promise<void>;
  /** Ends the worker threads. The parameters stay readable (unless the model was made with `recycle`). Idempotent. */
  dispose(): void;
}

/** Optimizer state buffers per parameter the arena has room for. */
const STATE_BUFFERS = 2;

/** Views of one batch size's buffers, as tensors with exact shapes (the products check them). */
interface Views {
  x: CpuTensor;
  /** a[l]: the output of layer l + 1 (ReLU applied for hidden layers; logits for the last). */
  a: CpuTensor[];
  /** dz[l]: the loss's gradient with respect to layer l + 1's pre-activation. */
  dz: CpuTensor[];
}

/**
 * Creates a {@link DescentMlp}: `sizes[0] -> ... -> classes`, ReLU between layers, weights
 * and biases U(-1/sqrt(fanIn), 1/sqrt(fanIn)) in the order of `createMlp` (PyTorch's
 * `nn.Linear` initialisation), from core's seeded {@link Rng}.
 *
 * Forward: `z_l = a_{l-1} W_l + b_l`, `a_l = relu(z_l)`; backward (n rows):
 * `dz_L = (softmax(z_L) - onehot(y)) / n`, `dW_l = a_{l-1}^T dz_l`, `db_l = sum_rows dz_l`,
 * `dz_{l-1} = (dz_l W_l^T) * [a_{l-1} > 0]` (torch's ReLU derivative: 0 at 0).
 *
 * Options (defaults): `sizes` (required), `seed` (0), `rng` (`new Rng(seed)`), `batchSize` (64),
 * `maxThreads` (`threads`), `fma` (true), `threads` (0: started in the background), `recycle` (false).
 *
 * @example
 * const model = createDescentMlp({ sizes: [784, 200, 10], seed: 1, maxThreads: 1 });
 * await model.startThreads(1);
 * const optimizer = sgd(model.params, { lr: 0.1 });
 * const { loss, grads } = model.lossAndGradients({ images, labels, size: 64 });
 * optimizer.step(grads);
 * @throws DescentError `INVALID_ARGUMENT` for bad sizes or options, `UNSUPPORTED` without WebAssembly SIMD
 */
export function createDescentMlp(options: DescentMlpOptions): DescentMlp {
  const sizes = options?.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
    throw new DescentError('INVALID_ARGUMENT', `createDescentMlp: sizes must be a list of at least two positive integers, got ${JSON.stringify(sizes)}`);
  }
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DescentError('INVALID_ARGUMENT', `createDescentMlp: batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  const layers = sizes.length - 1;
  const inputs = sizes[0]!;
  const widths = sizes.slice(1);
  const parameterCount = widths.reduce((sum, w, l) => sum + (sizes[l]! + 1) * w, 0);
  // Evaluation runs in chunks of at least 256 rows, with its own activations.
  const evalRows = Math.max(batchSize, 256);
  const activationFloats = (rows: number): number => rows * (inputs + 2 * widths.reduce((a, b) => a + b, 0)) + 64 * (2 * layers + 1);
  // Parameters, gradients, and room for two state buffers per parameter (Adam's moments;
  // SGD's momentum), which optimizers allocate here so that their SIMD kernels run in place.
  const bytes = 4 * ((2 + STATE_BUFFERS) * parameterCount + activationFloats(batchSize) + activationFloats(evalRows)) + 64 * 2 * (2 + STATE_BUFFERS) * layers;
  const threads = options.threads ?? 0;
  const maxThreads = options.maxThreads ?? threads;
  if (!Number.isInteger(threads) || threads < 0 || threads > maxThreads) {
    throw new DescentError('INVALID_ARGUMENT', `createDescentMlp: threads must be an integer in [0, maxThreads = ${maxThreads}], got ${String(threads)}`);
  }
  const arena = createComputeArena({ bytes, maxThreads, recycle: options.recycle === true, ...(options.fma === undefined ? {} : { fma: options.fma }) });
  attachWasmKernels(arena.memory, arena);
  // Started in the background: a product runs on the threads that are ready when it starts.
  const started = threads > 0 ? arena.startThreads(threads) : Promise.resolve();
  started.catch(() => undefined);
  return Object.freeze(new ArenaMlp(sizes, arena, options.rng ?? new Rng(options.seed ?? 0), batchSize, evalRows, started));
}

/**
 * The {@link DescentMlp} of {@link createDescentMlp}. A class, not closures: every model
 * shares one set of methods, so a process that trains one model after another (a sweep's
 * worker) keeps the optimised code of the first for the next instead of compiling it again.
 */
class ArenaMlp implements DescentMlp {
  readonly kind = 'mlp' as const;
  readonly sizes: readonly number[];
  readonly names: readonly string[];
  readonly params: Readonly<Record<string, CpuTensor>>;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly arena: ComputeArena;
  private readonly layers: number;
  private readonly batchSize: number;
  private readonly evalRows: number;
  private readonly started: Promise<void>;
  private readonly grads: Record<string, CpuTensor> = {};
  private readonly weights: CpuTensor[] = [];
  private readonly biases: CpuTensor[] = [];
  private readonly weightGrads: CpuTensor[] = [];
  private readonly biasGrads: CpuTensor[] = [];
  private readonly trainBuffers: Views;
  private readonly evalBuffers: Views;
  private readonly cache = new Map<string, Views>();

  constructor(sizes: readonly number[], arena: ComputeArena, rng: Rng, batchSize: number, evalRows: number, started: Promise<void>) {
    this.layers = sizes.length - 1;
    this.inputSize = sizes[0]!;
    this.outputSize = sizes[this.layers]!;
    this.sizes = Object.freeze([...sizes]);
    this.arena = arena;
    this.batchSize = batchSize;
    this.evalRows = evalRows;
    this.started = started;
    const names: string[] = [];
    const params: Record<string, CpuTensor> = {};
    for (let layer = 1; layer <= this.layers; layer++) {
      const fanIn = sizes[layer - 1]!;
      const fanOut = sizes[layer]!;
      const bound = 1 / Math.sqrt(fanIn);
      for (const [suffix, shape] of [['weight', [fanIn, fanOut]], ['bias', [fanOut]]] as const) {
        const name = `fc${layer}.${suffix}`;
        const size = shape.reduce((a, b) => a * b, 1);
        const p = arena.fromArray(rng.fillUniform(new Float32Array(size), -bound, bound), shape, name);
        names.push(name);
        params[name] = p;
        this.grads[name] = arena.zeros(shape, name);
        (suffix === 'weight' ? this.weights : this.biases).push(p);
        (suffix === 'weight' ? this.weightGrads : this.biasGrads).push(this.grads[name]!);
      }
    }
    this.names = Object.freeze(names);
    this.params = Object.freeze(params);
    this.trainBuffers = this.allocate(batchSize);
    this.evalBuffers = this.allocate(evalRows);
  }

  private allocate(rows: number): Views {
    const widths = this.sizes.slice(1);
    return {
      x: this.arena.zeros([rows, this.inputSize], 'x'),
      a: widths.map((w, l) => this.arena.zeros([rows, w], `a${l + 1}`)),
      dz: widths.map((w, l) => this.arena.zeros([rows, w], `dz${l + 1}`)),
    };
  }

  /** The first `rows` rows of `buffers`, as tensors shaped [rows, width]. */
  private views(buffers: Views, rows: number, kind: string): Views {
    if (rows === buffers.x.shape[0]) return buffers;
    const key = `${kind}:${rows}`;
    let v = this.cache.get(key);
    if (v === undefined) {
      const cut = (t: CpuTensor): CpuTensor => cpu.wrap(t.data.subarray(0, rows * t.shape[1]!), [rows, t.shape[1]!], t.name);
      v = { x: cut(buffers.x), a: buffers.a.map(cut), dz: buffers.dz.map(cut) };
      this.cache.set(key, v);
    }
    return v;
  }

  /** Runs the layers on v.x (already written); the logits end in v.a[layers - 1]. */
  private forward(v: Views): void {
    let input = v.x;
    for (let l = 0; l < this.layers; l++) {
      const out = v.a[l]!;
      cpu.matmul(out, input, this.weights[l]!);
      // Bias and ReLU in one SIMD pass in the arena (no JavaScript loop over the activations).
      addBias(out, this.biases[l]!, l < this.layers - 1);
      input = out;
    }
  }

  private checkBatch(op: string, images: Float32Array, labels: ArrayLike<number>, n: number, most: number): void {
    if (!Number.isInteger(n) || n < 1 || n > most) {
      throw new DescentError('INVALID_ARGUMENT', `${op}: the batch must hold 1 to ${most} items, got ${String(n)}`);
    }
    if (images.length < n * this.inputSize || labels.length < n) {
      throw new DescentError('SHAPE_MISMATCH', `${op}: expected ${n} items of ${this.inputSize} values and ${n} labels, got ${images.length} values and ${labels.length} labels`);
    }
  }

  lossAndGradients(batch: DescentMlpBatch): { loss: number; grads: Record<string, CpuTensor> } {
    const { images, labels, size: n } = batch;
    const classes = this.outputSize;
    const inputs = this.inputSize;
    const layers = this.layers;
    this.checkBatch('DescentMlp.lossAndGradients', images, labels, n, this.batchSize);
    for (let i = 0; i < n; i++) {
      const y = labels[i]!;
      if (!Number.isInteger(y) || y < 0 || y >= classes) {
        throw new DescentError('INVALID_ARGUMENT', `DescentMlp.lossAndGradients: label ${i} must be an integer in [0, ${classes - 1}], got ${String(y)}`);
      }
    }
    const v = this.views(this.trainBuffers, n, 'train');
    v.x.data.set(images.subarray(0, n * inputs));
    this.forward(v);
    // Mean softmax cross-entropy (log-sum-exp shifted by the row maximum) and dz_L, one exp per logit.
    const logits = v.a[layers - 1]!.data;
    const dzLast = v.dz[layers - 1]!.data;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * classes;
      let max = -Infinity;
      for (let j = 0; j < classes; j++) max = Math.max(max, logits[row + j]!);
      let sum = 0;
      for (let j = 0; j < classes; j++) {
        const e = Math.exp(logits[row + j]! - max);
        dzLast[row + j] = e;
        sum += e;
      }
      const y = labels[i]!;
      loss += max + Math.log(sum) - logits[row + y]!;
      // softmax_j / n = e_j / (sum n); the label's entry less 1 / n.
      const scale = 1 / (sum * n);
      for (let j = 0; j < classes; j++) dzLast[row + j]! *= scale;
      dzLast[row + y]! -= 1 / n;
    }
    for (let l = layers - 1; l >= 0; l--) {
      const dz = v.dz[l]!;
      const input = l === 0 ? v.x : v.a[l - 1]!;
      cpu.matmul(this.weightGrads[l]!, input, dz, { transposeA: true });
      sumRows(this.biasGrads[l]!, dz);
      if (l > 0) {
        const below = v.dz[l - 1]!;
        cpu.matmul(below, dz, this.weights[l]!, { transposeB: true });
        reluBackward(below, input);
      }
    }
    const handles: Record<string, CpuTensor> = {};
    for (const name of this.names) handles[name] = cpu.wrap(this.grads[name]!.data, this.grads[name]!.shape, name);
    return { loss: loss / n, grads: handles };
  }

  predict(images: Float32Array, n: number, out: Float32Array = new Float32Array(n * this.outputSize)): Float32Array {
    const inputs = this.inputSize;
    const classes = this.outputSize;
    if (!Number.isInteger(n) || n < 0 || images.length < n * inputs || out.length < n * classes) {
      throw new DescentError('SHAPE_MISMATCH', `DescentMlp.predict: expected ${n} items of ${inputs} values and room for ${n * classes} logits, got ${images.length} values and ${out.length}`);
    }
    for (let start = 0; start < n; start += this.evalRows) {
      const rows = Math.min(this.evalRows, n - start);
      const v = this.views(this.evalBuffers, rows, 'eval');
      v.x.data.set(images.subarray(start * inputs, (start + rows) * inputs));
      this.forward(v);
      out.set(v.a[this.layers - 1]!.data.subarray(0, rows * classes), start * classes);
    }
    return out;
  }

  evaluate(split: DescentMlpSplit, evalBatch = 1000): { loss: number; accuracy: number } {
    const { images, labels, count } = split;
    const inputs = this.inputSize;
    const classes = this.outputSize;
    this.checkBatch('DescentMlp.evaluate', images, labels, count, Number.MAX_SAFE_INTEGER);
    if (!Number.isInteger(evalBatch) || evalBatch < 1) {
      throw new DescentError('INVALID_ARGUMENT', `DescentMlp.evaluate: batchSize must be a positive integer, got ${String(evalBatch)}`);
    }
    let lossSum = 0;
    let correct = 0;
    const chunk = Math.min(evalBatch, this.evalRows);
    for (let start = 0; start < count; start += chunk) {
      const rows = Math.min(chunk, count - start);
      const v = this.views(this.evalBuffers, rows, 'eval');
      v.x.data.set(images.subarray(start * inputs, (start + rows) * inputs));
      this.forward(v);
      const logits = v.a[this.layers - 1]!.data;
      for (let i = 0; i < rows; i++) {
        const row = i * classes;
        let best = 0;
        let max = -Infinity;
        for (let j = 0; j < classes; j++) {
          const z = logits[row + j]!;
          if (z > max) {
            max = z;
            best = j;
          }
        }
        let sum = 0;
        for (let j = 0; j < classes; j++) sum += Math.exp(logits[row + j]! - max);
        const y = labels[start + i]!;
        lossSum += max + Math.log(sum) - logits[row + y]!;
        if (best === y) correct++;
      }
    }
    return { loss: lossSum / count, accuracy: correct / count };
  }

  async startThreads(count: number): Promise<void> {
    await this.started;
    await this.arena.startThreads(Math.max(count, this.arena.threads));
  }

  dispose(): void {
    this.arena.dispose();
  }
}
