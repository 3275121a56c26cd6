import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { perIteration, schedule } from '@descent/schedulers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH, N, dataset, expectSameWeights, fitRun, makeModel, mse, readWeights, referenceRun, variablesOf } from './fitHelpers';
import { DescentOptimizer, tfjsOptimizer } from './index';

const data = (() => {
  let d: ReturnType<typeof dataset> | undefined;
  return () => (d ??= tf.tidy(() => dataset()));
})();

/** The initial weights every run starts from. */
const initial = (() => {
  let w: tf.Tensor[] | undefined;
  return () => {
    if (w === undefined) {
      const m = makeModel();
      w = m.getWeights().map((t) => tf.keep(t.clone()));
      m.dispose();
    }
    return w;
  };
})();

const batchesPerEpoch = Math.ceil(N / BATCH);

/** The artifacts `model.save` writes with `includeOptimizer`, kept in memory. */
async function saveWithOptimizer(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer: true },
  );
  return artifacts!;
}

describe.each(['cpu', 'wasm'])('tfjsOptimizer under model.fit on tfjs-%s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it('is a tf.Optimizer that model.compile accepts, by any descent name or torch class name', async () => {
    for (const name of ['sgd', 'momentum', 'nesterov', 'adam', 'AdamW', 'adamax', 'NAdam', 'RAdam', 'RMSprop', 'Adagrad', 'Adadelta', 'lion']) {
      const optimizer = tfjsOptimizer(name, { lr: 1e-3 });
      expect(optimizer).toBeInstanceOf(tf.Optimizer);
      expect(optimizer).toBeInstanceOf(DescentOptimizer);
      const { model } = await fitRun(optimizer, initial(), 1, data());
      expect(optimizer.stepCount).toBe(batchesPerEpoch);
      expect(optimizer.iterations).toBe(batchesPerEpoch);
      expect(optimizer.variableNames).toEqual(variablesOf(model).map((v) => v.name));
      optimizer.dispose();
      model.dispose();
    }
  }, 120_000);

  it.each<[string, Record<string, unknown>]>([
    ['adamw', { lr: 0.01, weightDecay: 0.1, groups: [{ params: /bias$/, weightDecay: 0 }], clipGradNorm: 0.5 }],
    ['adamw', { lr: (step: number) => 0.02 * 0.9 ** step, amsgrad: true, telemetry: true }],
    ['nesterov', { lr: 0.05, clipGradValue: 0.2 }],
    ['sgd', { lr: 0.05, momentum: 0.8, dampening: 0.1, weightDecay: 0.01, accumulate: 2 }],
    ['RMSprop', { lr: 0.005, centered: true, momentum: 0.5 }],
    ['NAdam', { lr: 0.01 }],
    ['radam', { lr: 0.01 }],
    ['adagrad', { lr: 0.05 }],
    ['adadelta', { lr: 1 }],
    ['adamax', { lr: 0.01 }],
    ['lion', { lr: 1e-3, weightDecay: 0.1 }],
  ])('%s %o under fit gives exactly the parameters of descent’s own step() loop over the same batches', async (name, options) => {
    const epochs = 3;
    const expected = referenceRun(name, options, initial(), epochs, data());
    const optimizer = tfjsOptimizer(name, options);
    const { weights, model } = await fitRun(optimizer, initial(), epochs, data());
    expectSameWeights(weights, expected);
    // Training moved them.
    expect(weights[0]).not.toEqual(Float32Array.from(initial()[0]!.dataSync()));
    optimizer.dispose();
    model.dispose();
  }, 120_000);

  it("tfjsOptimizer('sgd') is tf.train.sgd exactly; 'adam' is tf.train.adam (epsilon 1e-8) within float32 tolerance", async () => {
    const epochs = 3;
    const ours = await fitRun(tfjsOptimizer('sgd', { lr: 0.1 }), initial(), epochs, data());
    const theirs = await fitRun(tf.train.sgd(0.1), initial(), epochs, data());
    expectSameWeights(ours.weights, theirs.weights);
    const adam = await fitRun(tfjsOptimizer('adam', { lr: 0.01 }), initial(), epochs, data());
    const tfAdam = await fitRun(tf.train.adam(0.01, 0.9, 0.999, 1e-8), initial(), epochs, data());
    let worst = 0;
    adam.weights.forEach((w, i) => w.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - tfAdam.weights[i]![j]!) / (Math.abs(tfAdam.weights[i]![j]!) + 1e-3)))));
    console.log(`tfjs-${backend}: tfjsOptimizer('adam') vs tf.train.adam after 15 steps: worst |a - b| / (|b| + 1e-3) = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    // And they are not trivially equal: Adam moved the weights well beyond that tolerance.
    expect(Math.abs(adam.weights[0]![0]! - initial()[0]!.dataSync()[0]!)).toBeGreaterThan(1e-2);
    for (const r of [ours, theirs, adam, tfAdam]) r.model.dispose();
  }, 120_000);

  it('3 epochs of fit with adamw, clipping, accumulation and telemetry keep tf.memory().numTensors flat', async () => {
    const counts: number[] = [];
    const optimizer = tfjsOptimizer('adamw', { lr: 0.01, clipGradNorm: 1, clipGradValue: 0.5, accumulate: 2, telemetry: true });
    const before = tf.memory().numTensors;
    const { model } = await fitRun(optimizer, initial(), 3, data(), () => counts.push(tf.memory().numTensors));
    expect(counts).toHaveLength(3);
    expect(counts[2]).toBe(counts[0]);
    expect(counts[1]).toBe(counts[0]);
    console.log(`tfjs-${backend}: numTensors ${before} before fit (model not built), after epochs 1-3: ${counts.join(', ')}`);
    optimizer.dispose();
    model.dispose();
  }, 120_000);

  it('telemetry is readable after each batch: optimizer.lastReport', async () => {
    const optimizer = tfjsOptimizer('adamw', { lr: 0.01, telemetry: true, clipGradNorm: 0.1 });
    const model = makeModel(initial());
    model.compile({ optimizer, loss: mse });
    const reports: Array<{ step: number; gradNorm?: number; updateToWeight?: number; clipped?: boolean }> = [];
    await model.fit(data().x, data().y, {
      epochs: 1,
      batchSize: BATCH,
      shuffle: false,
      verbose: 0,
      callbacks: { onBatchEnd: () => void reports.push({ ...optimizer.lastReport! }) },
    });
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5]);
    for (const r of reports) {
      expect(r.gradNorm).toBeGreaterThan(0);
      expect(r.updateToWeight).toBeGreaterThan(0);
      expect(typeof r.clipped).toBe('boolean');
    }
    optimizer.dispose();
    model.dispose();
  }, 60_000);

  it('parameter groups select tfjs variable names: /bias$/ with weightDecay 0 leaves zero-gradient biases exactly in place', async () => {
    // With a zero loss gradient for the biases (targets equal to the model's own outputs are
    // not needed: lr 0 for the kernels isolates the decay), AdamW's decoupled decay would
    // shrink any decayed parameter; the bias group must not move at all.
    const optimizer = tfjsOptimizer('adamw', { lr: 0.1, weightDecay: 0.5, groups: [{ params: /kernel$/, lr: 0 }, { params: /bias$/, weightDecay: 0, lr: 0 }] });
    const { weights, model } = await fitRun(optimizer, initial(), 1, data());
    const names = optimizer.variableNames;
    expect(names.some((n) => /^dense_Dense\d+\/bias$/.test(n))).toBe(true);
    expect(optimizer.descent!.groups.map((g) => g.names.length)).toEqual([2, 2]);
    weights.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(initial()[i]!.dataSync())));
    optimizer.dispose();
    model.dispose();
  }, 60_000);

  it('schedules count optimizer steps; an epoch schedule goes through perIteration(schedule, batchesPerEpoch)', async () => {
    const byEpoch = schedule({ type: 'step', stepSize: 1, gamma: 0.5, initial: 0.1 });
    const optimizer = tfjsOptimizer('sgd', { lr: perIteration(byEpoch, batchesPerEpoch), momentum: 0.9 });
    const lrs: number[] = [];
    const model = makeModel(initial());
    model.compile({ optimizer, loss: mse });
    await model.fit(data().x, data().y, {
      epochs: 3,
      batchSize: BATCH,
      shuffle: false,
      verbose: 0,
      callbacks: { onBatchEnd: () => void lrs.push(optimizer.lastReport!.lr) },
    });
    expect(lrs).toEqual([...Array(5).fill(0.1), ...Array(5).fill(0.05), ...Array(5).fill(0.025)]);
    optimizer.dispose();
    model.dispose();
  }, 60_000);

  it('save with includeOptimizer, load with tf.loadLayersModel, fit on: bit for bit the uninterrupted run', async () => {
    const options = { lr: 0.01, weightDecay: 0.05, groups: [{ params: /bias$/, weightDecay: 0 }], betas: [0.8, 0.99], accumulate: 3 };
    // A saved model keeps its loss by name: tfjs's own 'meanSquaredError'.
    const full = await fitRun(tfjsOptimizer('adamw', options), initial(), 4, data(), undefined, 'meanSquaredError');

    const first = await fitRun(tfjsOptimizer('adamw', options), initial(), 2, data(), undefined, 'meanSquaredError');
    const artifacts = await saveWithOptimizer(first.model);
    // 10 batches with accumulate 3: 3 updates and one gradient waiting in the accumulator.
    expect((first.model.optimizer as DescentOptimizer).stepCount).toBe(3);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const optimizer = loaded.optimizer as DescentOptimizer;
    expect(optimizer).toBeInstanceOf(DescentOptimizer);
    expect(optimizer.stepCount).toBe(3);
    // Same process: tfjs gave the reloaded variables new names (`..._1`); the state follows by position.
    expect(variablesOf(loaded).map((v) => v.name)).not.toEqual(variablesOf(first.model).map((v) => v.name));
    await loaded.fit(data().x, data().y, { epochs: 2, batchSize: BATCH, shuffle: false, verbose: 0 });
    expectSameWeights(readWeights(loaded), full.weights);
    expect(optimizer.stepCount).toBe(6);
    // descent kept the names the state was saved with, so /bias$/ still selects the biases.
    expect(optimizer.parameterNames).toEqual(variablesOf(first.model).map((v) => v.name));
    expect(optimizer.getConfig().algorithm).toBe('adamw');
    for (const m of [full.model, first.model, loaded]) m.dispose();
  }, 120_000);

  it('a model saved with a schedule loads, refuses to train with a message, and resumes once the schedule is given again', async () => {
    const options = { lr: (step: number) => 0.01 / (1 + step), weightDecay: 0.01 };
    const full = await fitRun(tfjsOptimizer('adamw', options), initial(), 2, data(), undefined, 'meanSquaredError');
    const first = await fitRun(tfjsOptimizer('adamw', options), initial(), 1, data(), undefined, 'meanSquaredError');
    const artifacts = await saveWithOptimizer(first.model);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    await expect(loaded.fit(data().x, data().y, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 })).rejects.toThrow(
      /^DescentOptimizer\.applyGradients: this optimizer was loaded from a saved model whose options held functions \(lr\)/,
    );
    const optimizer = tfjsOptimizer('adamw', options);
    await optimizer.setWeights(await loaded.optimizer.getWeights());
    loaded.compile({ optimizer, loss: 'meanSquaredError' });
    await loaded.fit(data().x, data().y, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
    expectSameWeights(readWeights(loaded), full.weights);
    for (const m of [full.model, first.model, loaded]) m.dispose();
  }, 120_000);
});

describe('tfjsOptimizer outside model.fit (tfjs-cpu)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const quadratic = (w: tf.Variable, b: tf.Variable) => () => tf.add(tf.sum(tf.square(tf.sub(w, 1))), tf.sum(tf.square(b))) as tf.Scalar;

  it('minimize(f, returnCost, varList) and applyGradients with a NamedTensorMap or a NamedTensor[] give the same numbers', () => {
    const results: number[][] = [];
    for (const form of ['minimize', 'map', 'list'] as const) {
      const w = tf.variable(tf.tensor([0.5, -0.5, 2]), true, `min-${form}/w`);
      const b = tf.variable(tf.tensor([0.3]), true, `min-${form}/b`);
      const optimizer = tfjsOptimizer('adamw', { lr: 0.1 });
      for (let i = 0; i < 5; i++) {
        if (form === 'minimize') {
          const cost = optimizer.minimize(quadratic(w, b), true, [w, b]);
          expect(cost).not.toBeNull();
          cost!.dispose();
        } else {
          const { value, grads } = tf.variableGrads(quadratic(w, b), [w, b]);
          const before = Array.from(grads[w.name]!.dataSync());
          optimizer.applyGradients(form === 'map' ? grads : [{ name: w.name, tensor: grads[w.name]! }, { name: b.name, tensor: grads[b.name]! }]);
          expect(Array.from(grads[w.name]!.dataSync())).toEqual(before); // the gradients are only read
          expect(grads[w.name]!.isDisposed).toBe(false); // and stay the caller's
          tf.dispose([value, ...Object.values(grads)]);
        }
      }
      results.push([...w.dataSync(), ...b.dataSync()]);
      expect(optimizer.stepCount).toBe(5);
      optimizer.dispose();
      w.dispose();
      b.dispose();
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('getConfig/fromConfig keep the algorithm, numbers, RegExps and names with underscores; functions become missing', () => {
    const optimizer = tfjsOptimizer('AdamW', {
      lr: 0.003,
      betas: [0.8, 0.95],
      clipGradNorm: 1,
      groups: [{ params: /bias$/i, weightDecay: 0 }, { params: ['dense_Dense1/kernel'], lr: 0.001 }],
    });
    const config = optimizer.getConfig();
    expect(JSON.stringify(config)).not.toContain('_'); // tfjs-layers camel-cases strings with underscores on load
    const copy = DescentOptimizer.fromConfig(DescentOptimizer, JSON.parse(JSON.stringify(config))) as DescentOptimizer;
    expect(copy.getConfig()).toEqual(config);
    const withSchedule = tfjsOptimizer('sgd', { lr: (s: number) => 1 / (1 + s) });
    const loaded = DescentOptimizer.fromConfig(DescentOptimizer, withSchedule.getConfig()) as DescentOptimizer;
    expect(loaded.getConfig().lost).toBeDefined();
  });

  it('bad names and options throw a DescentError from tfjsOptimizer at once', () => {
    expect(() => tfjsOptimizer('adamm')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/^tfjsOptimizer: createOptimizer: unknown optimizer 'adamm'/) }));
    expect(() => tfjsOptimizer('adam', { lr: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER', message: expect.stringMatching(/^tfjsOptimizer: adam: lr/) }));
    expect(() => tfjsOptimizer('adam', { learningRate: 0.1 })).toThrow(/^tfjsOptimizer: adam: unknown option 'learningRate'/);
    expect(() => tfjsOptimizer('adamw', { groups: [{ params: /bias$/, weightDecay: -1 }] })).toThrow(/^tfjsOptimizer: adamw: groups\[0\]\.weightDecay/);
  });

  it('refuses gradients for variables it does not train, and weights that are not a descent state', async () => {
    const w = tf.variable(tf.tensor([1, 2]), true, 'refuse/w');
    const v = tf.variable(tf.tensor([1, 2]), true, 'refuse/v');
    const optimizer = tfjsOptimizer('sgd', { lr: 0.1 });
    optimizer.applyGradients({ [w.name]: tf.ones([2]) });
    expect(() => optimizer.applyGradients({ [v.name]: tf.ones([2]) })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^DescentOptimizer\.applyGradients: gradients for 'refuse\/v', which this optimizer does not train/) }),
    );
    expect(() => tfjsOptimizer('sgd').applyGradients({ 'no-such-variable': tf.ones([2]) })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const adam = tf.train.adam(0.1);
    adam.applyGradients({ [w.name]: tf.ones([2]) } as never);
    await expect(optimizer.setWeights(await adam.getWeights())).rejects.toThrow(/^DescentOptimizer\.setWeights: expected the weights of a descent optimizer/);
    const adamw = tfjsOptimizer('adamw');
    adamw.applyGradients({ [w.name]: tf.ones([2]) });
    await expect(optimizer.setWeights(await adamw.getWeights())).rejects.toThrow(/the weights are the state of 'adamw', this optimizer is 'sgd'/);
    for (const o of [optimizer, adam, adamw]) o.dispose();
    w.dispose();
    v.dispose();
  });

  it('a saved state that fits the variables neither by name nor by shape is refused at the first step, and nothing moves', async () => {
    const a = tf.variable(tf.tensor([1, 2]), true, 'layout/a');
    const b = tf.variable(tf.tensor([1, 2, 3]), true, 'layout/b');
    const source = tfjsOptimizer('adam', { lr: 0.1 });
    source.applyGradients({ [a.name]: tf.ones([2]) });
    const target = tfjsOptimizer('adam', { lr: 0.1 });
    await target.setWeights(await source.getWeights());
    expect(() => target.applyGradients({ [b.name]: tf.ones([3]) })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringMatching(/^DescentOptimizer\.applyGradients: the saved state is for 1 variables \('layout\/a' \[2\]\)/) }),
    );
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    expect(target.descent).toBeUndefined();
    // The same weights load where they fit, and the state (Adam's step 1) carries on: step 2.
    const again = tfjsOptimizer('adam', { lr: 0.1 });
    await again.setWeights(await source.getWeights());
    again.applyGradients({ [a.name]: tf.ones([2]) });
    expect(again.stepCount).toBe(2);
    expect(again.descent!.stateDict().params[a.name]!.step).toBe(2);
    for (const o of [source, target, again]) o.dispose();
    a.dispose();
    b.dispose();
  });
});
