import { cpu } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { createOptimizer, optimizerAliases, optimizerNames, optimizers } from './registry';

describe('registry', () => {
  it('lists every algorithm with torch defaults and option descriptions', () => {
    expect(optimizerNames).toEqual(['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'adadelta', 'lion', 'adamwScheduleFree', 'sgdScheduleFree', 'muon', 'adafactor']);
    expect(optimizers.nadam.defaults).toMatchObject({ torchVersion: '2' });
    expect(optimizers.muon.defaults).toMatchObject({ lr: 1e-3, weightDecay: 0.1, momentum: 0.95, nesterov: true, eps: 1e-7, nsSteps: 5, adjustLrFn: 'original' });
    expect(optimizers.adamwScheduleFree.defaults).toMatchObject({ lr: 2.5e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2 });
    expect(optimizers.sgdScheduleFree.defaults).toMatchObject({ lr: 1, momentum: 0.9, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2 });
    expect(optimizers.adafactor.defaults).toMatchObject({ lr: 1e-2, beta2Decay: -0.8, eps: [1.1920928955078125e-7, 1e-3], d: 1, weightDecay: 0, maximize: false });
    expect(optimizers.adam.defaults).toMatchObject({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false });
    expect(optimizers.adamw.defaults.weightDecay).toBe(1e-2);
    expect(optimizers.adamax.defaults.lr).toBe(2e-3);
    expect(optimizers.nadam.defaults).toMatchObject({ lr: 2e-3, momentumDecay: 4e-3 });
    expect(optimizers.adadelta.defaults).toMatchObject({ lr: 1, rho: 0.9, eps: 1e-6 });
    expect(optimizers.adagrad.defaults).toMatchObject({ lr: 1e-2, eps: 1e-10 });
    expect(optimizers.rmsprop.defaults).toMatchObject({ lr: 1e-2, alpha: 0.99, eps: 1e-8 });
    expect(optimizers.radam.defaults).toMatchObject({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 });
    expect(optimizers.sgd.defaults).toMatchObject({ momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false });
    // Lion: the paper's recommended betas, and lr 1e-4 (3-10x below AdamW's, as the paper advises).
    expect(optimizers.lion.defaults).toMatchObject({ lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0 });
    // Options that pick the rule at construction, listed for UIs and the CLI, and accepted by create.
    expect(optimizers.muon.construction.map((o) => [o.name, o.default])).toEqual([['variant', 'torch'], ['nsCoefficients', [3.4445, -4.775, 2.0315]]]);
    expect(['adam', 'nadam', 'radam'].map((n) => optimizers[n as 'adam'].construction.map((o) => o.name))).toEqual([['decoupledWeightDecay'], ['decoupledWeightDecay'], ['decoupledWeightDecay']]);
    expect(optimizers.adafactor.options.find((o) => o.name === 'eps')?.nullable).toBe(true);
    const w2 = cpu.fromArray([1, 2, 3, 4], [2, 2]);
    for (const name of optimizerNames) {
      const e = optimizers[name];
      e.create(name === 'muon' ? { w2 } : { w2: cpu.fromArray([1, 2]) }, Object.fromEntries(e.construction.map((o) => [o.name, o.default]))).dispose();
      for (const option of [...e.options, ...e.construction]) expect(option.description.length, `${name}.${option.name}`).toBeGreaterThan(10);
    }
    for (const name of optimizerNames) {
      for (const option of optimizers[name].options) expect(option.description.length, `${name}.${option.name}`).toBeGreaterThan(10);
    }
  });

  it('creates by name or alias, and lists valid names for an unknown one', () => {
    const w = cpu.fromArray([1, 2]);
    expect(createOptimizer('AdamW', { w }).name).toBe('adamw');
    // torch's class names (and facebookresearch/schedule_free's) work, whatever the case.
    const m = cpu.fromArray([1, 2, 3, 4], [2, 2]);
    expect(createOptimizer('NAdam', { w }).name).toBe('nadam');
    expect(createOptimizer('Muon', { m }).name).toBe('muon');
    expect(createOptimizer('AdamWScheduleFree', { w }).name).toBe('adamwScheduleFree');
    expect(createOptimizer('SGDScheduleFree', { w }).name).toBe('sgdScheduleFree');
    expect(createOptimizer('Adafactor', { w }).name).toBe('adafactor');
    const nesterov = createOptimizer('nesterov', { w }, { lr: 0.1 });
    expect(nesterov.groups[0]!.options).toMatchObject({ momentum: 0.9, nesterov: true, lr: 0.1 });
    expect(optimizerAliases.momentum).toEqual(['sgd', { momentum: 0.9 }]);
    expect(() => createOptimizer('adamm', { w })).toThrow(/createOptimizer: unknown optimizer 'adamm', expected one of sgd, adagrad, .*lion, adamwScheduleFree, sgdScheduleFree, muon, adafactor, momentum, nesterov/);
  });
});
