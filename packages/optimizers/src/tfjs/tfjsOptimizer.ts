import * as tf from '@tensorflow/tfjs-core';
import { DescentError, cpu, isDescentError } from '@descent/core';
import { tfjs } from '@descent/core/tfjs';
import type { TfjsTensor } from '@descent/core/tfjs';
import { createOptimizer, optimizerAliases } from '../index';
import type { Optimizer, OptimizerState, StepReport } from '../index';
import { decodeOptions, encodeOptions } from './config';
import { matchSaved, renameState, stateToWeights, weightsToState } from './weights';
import type { NamedTensor, SavedState } from './weights';

/**
 * A descent optimizer as a real `tf.Optimizer`: `model.compile({ optimizer })`, `model.fit`,
 * `optimizer.minimize(f, returnCost, varList)` and `applyGradients` (a `NamedTensorMap` or a
 * `NamedTensor[]`) all drive it. Make one with {@link tfjsOptimizer}.
 *
 * The descent optimizer inside is created on the first `applyGradients`, over the variables
 * that call names (parameter names are the `tf.Variable` names, e.g. `dense_Dense1/bias`, so
 * groups select by them); it updates them in place. A variable whose gradient is null in a
 * call is left out of that call's gradients. `getWeights()` / `setWeights()` carry descent's
 * whole state (buffers as float32 weights, step counts and scalars exactly as JSON), so
 * `model.save(handler, { includeOptimizer: true })` and `tf.loadLayersModel` resume with
 * identical numbers; the class is registered with `tf.serialization` as `DescentOptimizer`.
 *
 * @example
 * const optimizer = tfjsOptimizer('adamw', { lr: 1e-3, groups: [{ params: /bias$/, weightDecay: 0 }] });
 * model.compile({ optimizer, loss: 'meanSquaredError' });
 * await model.fit(xs, ys, { callbacks: { onBatchEnd: () => console.log(optimizer.lastReport) } });
 */
export class DescentOptimizer extends tf.Optimizer {
  /** The name `tf.serialization` knows this class by. */
  static get className(): string {
    return 'DescentOptimizer';
  }

  /** The algorithm as given, e.g. `adamw` or `AdamW`. */
  readonly algorithm: string;
  /** What the last `applyGradients` did (step count, lr, and with `telemetry` the norms); undefined before the first. */
  lastReport: StepReport | undefined;
  private readonly options: Readonly<Record<string, unknown>>;
  private readonly missing: readonly string[];
  private inner: Optimizer | null = null;
  /** The tf.Variable names, in order. */
  private names: string[] = [];
  /** The descent parameter names: the variable names, or those of the state loaded before the first step. */
  private paramNames: string[] = [];
  private pending: SavedState | null = null;
  private exported: tf.Tensor[] = [];

  /**
   * Prefer {@link tfjsOptimizer}. `missing` lists options that were functions when the
   * optimizer was saved (`fromConfig` passes it); such an optimizer refuses to train.
   */
  constructor(algorithm: string, options: Record<string, unknown> = {}, missing: readonly string[] = []) {
    super();
    this.algorithm = algorithm;
    this.options = options;
    this.missing = missing;
    validate(algorithm, options);
  }

  /** The descent optimizer, once the first `applyGradients` has created it. */
  get descent(): Optimizer | undefined {
    return this.inner ?? undefined;
  }

  /** Updates applied so far (with `accumulate: k`, one per k batches). */
  get stepCount(): number {
    return this.inner?.stepCount ?? this.pending?.state.stepCount ?? 0;
  }

  /** The names of the tf.Variables it trains, in order (empty before the first `applyGradients`). */
  get variableNames(): readonly string[] {
    return this.names;
  }

  /**
   * The descent parameter names (what `groups` select and the state is keyed by): the variable
   * names, or, when a saved state was loaded before the first step, the names it was saved with.
   */
  get parameterNames(): readonly string[] {
    return this.paramNames;
  }

  /**
   * One descent `step()` with these gradients. The first call creates the descent optimizer
   * over the variables it names (looked up in the tfjs engine by name) and loads any state
   * `setWeights` gave; later calls may name fewer of them (no gradient), not others.
   */
  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const fn = 'DescentOptimizer.applyGradients';
    const given = listGradients(fn, variableGradients);
    if (this.inner === null) this.create(fn, given.map((g) => g.name));
    const inner = this.inner!;
    const known = new Set(this.names);
    const unknown = given.filter((g) => !known.has(g.name)).map((g) => `'${g.name}'`);
    if (unknown.length > 0) {
      throw new DescentError(
        'INVALID_ARGUMENT',
        `${fn}: gradients for ${unknown.join(', ')}, which this optimizer does not train (it was created for ${this.names.map((n) => `'${n}'`).join(', ')}); use one optimizer per set of variables`,
      );
    }
    const grads: Record<string, TfjsTensor> = {};
    for (const g of given) {
      if (g.tensor !== null) grads[this.paramNames[this.names.indexOf(g.name)]!] = tfjs.wrapTensor(g.tensor, `${g.name}.grad`);
    }
    // The gradients stay the caller's: handles over them are dropped, not disposed.
    let report: StepReport | undefined;
    tf.tidy(() => {
      report = inner.step(grads);
    });
    this.lastReport = report;
    this.incrementIterations();
  }

  private create(fn: string, names: string[]): void {
    if (this.missing.length > 0) {
      throw new DescentError(
        'INVALID_ARGUMENT',
        `${fn}: this optimizer was loaded from a saved model whose options held functions (${this.missing.join(', ')}), which cannot be saved; ` +
          `make the optimizer again with them, move the state over and compile: const optimizer = tfjsOptimizer('${this.algorithm}', options); ` +
          `await optimizer.setWeights(await model.optimizer.getWeights()); model.compile({ optimizer, loss })`,
      );
    }
    const variables = names.map((name) => {
      const v = tf.engine().registeredVariables[name];
      if (v === undefined) throw new DescentError('NOT_FOUND', `${fn}: no tf.Variable named '${name}' is registered with the tfjs engine`);
      if (v.dtype !== 'float32') throw new DescentError('INVALID_ARGUMENT', `${fn}: variable '${name}' must be float32, got ${v.dtype}`);
      return v;
    });
    // A state loaded before the first step brings its parameter names: a model reloaded in the
    // same process has renamed variables (`..._1`), and groups must select what they did when saved.
    const paramNames = this.pending === null ? names : matchSaved(fn, this.pending, names, variables.map((v) => v.shape));
    const params = variables.map((v, i) => ({ name: paramNames[i]!, tensor: tfjs.wrapVariable(v, paramNames[i]!) }));
    let inner: Optimizer;
    try {
      inner = createOptimizer(this.algorithm, params, { ...this.options });
    } catch (error) {
      throw rename(fn, error);
    }
    if (this.pending !== null) {
      try {
        inner.loadStateDict(this.pending.state);
      } catch (error) {
        inner.dispose();
        throw rename(fn, error);
      }
      this.pending = null;
    }
    this.inner = inner;
    this.names = names;
    this.paramNames = paramNames;
  }

  /**
   * The state as tfjs weights: `descent/state` (a string tensor: step counts, scalars and the
   * layout, JSON) and one float32 tensor per buffer. The tensors belong to the optimizer and
   * stay valid until the next `getWeights()` or `dispose()`; do not dispose them.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    tf.dispose(this.exported);
    this.exported = [];
    const saved = this.snapshot();
    if (saved === null) return [];
    const weights = stateToWeights(saved);
    this.exported = weights.map((w) => tf.keep(w.tensor));
    return weights;
  }

  /**
   * Restores a state written by `getWeights()` (by this or another `DescentOptimizer` of the
   * same algorithm). Before the first `applyGradients` it is held and loaded then, matched
   * to the variables by name, or by position and shape when the names changed (a model
   * reloaded in the same process). The tensors given are only read.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const fn = 'DescentOptimizer.setWeights';
    const saved = await weightsToState(fn, weightValues);
    const expected = resolveName(this.algorithm);
    if (saved.state.optimizer !== expected) {
      throw new DescentError('INVALID_STATE', `${fn}: the weights are the state of '${saved.state.optimizer}', this optimizer is '${expected}'`);
    }
    if (this.inner !== null) {
      try {
        const from = matchSaved(fn, saved, this.paramNames, this.shapes());
        this.inner.loadStateDict(renameState(saved, from, this.paramNames));
      } catch (error) {
        throw rename(fn, error);
      }
    } else {
      this.pending = saved;
    }
    this.iterations_ = saved.iterations;
  }

  /** The algorithm and its options as JSON (functions are written as placeholders). */
  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { algorithm: this.algorithm, options: encodeOptions(this.options) };
    // A loaded optimizer that lost functions keeps saying so when saved again.
    if (this.missing.length > 0) config.lost = encodeOptions({ paths: [...this.missing] });
    return config;
  }

  /** Rebuilds an optimizer from {@link getConfig}'s output (what `tf.loadLayersModel` calls). */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const fn = 'DescentOptimizer.fromConfig';
    const algorithm = config.algorithm;
    if (typeof algorithm !== 'string') throw new DescentError('INVALID_ARGUMENT', `${fn}: config.algorithm must be a string, got ${String(algorithm)}`);
    const { options, missing } = decodeOptions(fn, config.options);
    const lost = config.lost === undefined ? [] : (decodeOptions(fn, config.lost).options.paths as string[]);
    return new cls(algorithm, options, [...missing, ...lost]);
  }

  /** Frees descent's state tensors and any tensors `getWeights()` returned; the variables are not touched. */
  override dispose(): void {
    this.inner?.dispose();
    this.inner = null;
    this.pending = null;
    tf.dispose(this.exported);
    this.exported = [];
  }

  private shapes(): number[][] {
    return this.names.map((n) => [...(tf.engine().registeredVariables[n]?.shape ?? [])]);
  }

  private snapshot(): SavedState | null {
    if (this.inner !== null) {
      const state: OptimizerState = this.inner.stateDict();
      return {
        state,
        iterations: this.iterations,
        names: this.paramNames,
        shapes: this.shapes(),
      };
    }
    return this.pending;
  }
}

tf.serialization.registerClass(DescentOptimizer);

/**
 * A descent optimizer for TensorFlow.js code: a `tf.Optimizer` that `model.compile` and
 * `model.fit` accept, by any descent name (`'sgd'`, `'momentum'`, `'nesterov'`, `'adam'`,
 * `'adamw'`, `'adamax'`, `'nadam'`, `'radam'`, `'rmsprop'`, `'adagrad'`, `'adadelta'`,
 * `'lion'`; case-insensitive, so torch's class names `AdamW`, `RMSprop`, `NAdam` work) with
 * every descent option: any hyperparameter a number or a schedule `(step) => number` counted
 * in optimizer steps (batches, or batches / k with `accumulate: k`), `groups` selecting tfjs
 * variable names (`{ params: /bias$/, weightDecay: 0 }`), `clipGradNorm`, `clipGradValue`,
 * `accumulate`, `nonFinite`, `telemetry` (read `optimizer.lastReport` after each batch).
 * Options are checked now: a bad one throws a `DescentError` here, not at the first batch.
 *
 * @param name The algorithm or alias.
 * @param options The descent options of that algorithm (defaults: torch's).
 * @example
 * import * as tf from '@tensorflow/tfjs';
 * import { tfjsOptimizer } from '@descent/optimizers/tfjs';
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: tfjsOptimizer('adamw', { lr: 0.01 }), loss: 'meanSquaredError' });
 */
export function tfjsOptimizer(name: string, options: Record<string, unknown> = {}): DescentOptimizer {
  return new DescentOptimizer(name, options);
}

/** Checks the name and options on a one-element cpu parameter, so mistakes surface at construction. */
function validate(algorithm: string, options: Record<string, unknown>): void {
  const fn = 'tfjsOptimizer';
  if (typeof options !== 'object' || options === null) throw new DescentError('INVALID_ARGUMENT', `${fn}: options must be an object, got ${String(options)}`);
  const { groups, ...top } = options;
  const probe = { probe: cpu.zeros([1], 'probe') };
  const attempts: Array<Record<string, unknown>> = [top];
  if (Array.isArray(groups)) {
    for (const g of groups as unknown[]) {
      // Selectors are matched against the real variable names later; here each group's overrides are checked.
      attempts.push({ ...top, groups: [typeof g === 'object' && g !== null ? { ...g, params: () => true } : g] });
    }
  } else if (groups !== undefined) {
    attempts.push({ ...top, groups });
  }
  try {
    for (const attempt of attempts) createOptimizer(algorithm, probe, attempt).dispose();
  } catch (error) {
    throw rename(fn, error);
  } finally {
    cpu.dispose(probe.probe);
  }
}

/** A descent error re-raised under this function's name (same code, the original as cause). */
function rename(fn: string, error: unknown): unknown {
  if (!isDescentError(error)) return error;
  return new DescentError(error.code, `${fn}: ${error.message}`, { cause: error, ...(error.details === undefined ? {} : { details: { ...error.details } }) });
}

/** The registry name an algorithm or alias resolves to (for checking a loaded state). */
function resolveName(algorithm: string): string {
  const key = algorithm.toLowerCase();
  return optimizerAliases[key]?.[0] ?? key;
}

function listGradients(fn: string, grads: tf.NamedTensorMap | NamedTensor[]): Array<{ name: string; tensor: tf.Tensor | null }> {
  if (Array.isArray(grads)) {
    return grads.map((g, i) => {
      if (typeof g !== 'object' || g === null || typeof g.name !== 'string') {
        throw new DescentError('INVALID_ARGUMENT', `${fn}: variableGradients[${i}] must be { name, tensor }, got ${String(g)}`);
      }
      return { name: g.name, tensor: g.tensor ?? null };
    });
  }
  if (typeof grads !== 'object' || grads === null) {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: expected a NamedTensorMap or a NamedTensor[], got ${String(grads)}`);
  }
  return Object.entries(grads).map(([name, tensor]) => ({ name, tensor: tensor ?? null }));
}
