import { Command } from 'commander';
import { isDescentError } from '@descent/core';
import { optimizerNames, optimizers } from '@descent/optimizers';
import { describe, expect, it } from 'vitest';
import { addExperimentOptions } from './addExperimentOptions';
import { optimizerPartsLine, optimizerSpecHelp, parseOptimizerSpec, specKeys } from './optimizerSpec';
import { splitAlternatives } from './parseSetting';
import { resolveRun } from './resolveRun';
import { optimizerOptionSpecs, settingSpecs } from './settingSpecs';

/** The spec as train and sweep read it: every option of every optimizer, typed by the registry's specs. */

function caught(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

describe('the optimizer spec sets every option of every optimizer', () => {
  it("accepts every key the registry lists for every optimizer, with its default's text", () => {
    for (const name of optimizerNames) {
      const keys = specKeys(name);
      const registry = [...optimizers[name].options, ...optimizers[name].construction].map((o) => o.name);
      expect(keys.map((k) => k.key).filter((k) => !k.startsWith('adamw.'))).toEqual(registry);
      const text = keys
        .map((k) => {
          const v = k.default;
          return `${k.key}=${Array.isArray(v) ? `[${(v as number[]).join(',')}]` : String(v)}`;
        })
        .join(',');
      const parsed = parseOptimizerSpec(`${name}:${text}`);
      for (const k of keys.filter((x) => !x.key.startsWith('adamw.'))) expect(parsed.options[k.key], `${name}.${k.key}`).toEqual(k.default);
      // The defaults build the optimizer: each spec key reaches its factory.
      const plan = resolveRun('train', { optimizer: `${name}:${text}` }, 'run');
      expect(plan.train.optimizer).toBe(name);
    }
  });

  it("reads Adafactor's eps pair with null, Muon's three coefficients, construction options and the AdamW side", () => {
    expect(parseOptimizerSpec('adafactor:eps=null,1e-3,d=2').options).toEqual({ eps: [null, 1e-3], d: 2 });
    expect(parseOptimizerSpec('adafactor:eps=[1e-30,1e-3]').options).toEqual({ eps: [1e-30, 1e-3] });
    expect(parseOptimizerSpec('muon:nsCoefficients=3,-4,2,variant=kellerJordan').options).toEqual({ nsCoefficients: [3, -4, 2], variant: 'kellerJordan' });
    expect(parseOptimizerSpec('nadam:decoupledWeightDecay=true,torchVersion=1.13').options).toEqual({ decoupledWeightDecay: true, torchVersion: '1.13' });
    const muon = parseOptimizerSpec('muon:lr=0.02,adamw.lr=3e-4,adamw.betas=0.9,0.95,adamw.weightDecay=0');
    expect(muon.options).toEqual({ lr: 0.02, adamw: { lr: 3e-4, betas: [0.9, 0.95], weightDecay: 0 } });
    expect(muon.label).toBe('muon lr=0.02 adamw.lr=0.0003 adamw.betas=0.9,0.95 adamw.weightDecay=0');
  });

  it.each([
    ['adafactor:eps=1e-3', /eps must be two numbers A,B such as eps=null,0.001 \(or \[null,0.001\]\), got '1e-3'/],
    ['adam:eps=null', /eps must be a finite number, got 'null'/],
    ['adam:betas=null,0.9', /betas\[0\] must be a finite number, got 'null'/],
    ['muon:nsCoefficients=1,2', /nsCoefficients must be 3 numbers such as nsCoefficients=3.4445,-4.775,2.0315 .*got '1,2'/],
    ['muon:variant=fast', /variant must be one of torch, kellerJordan, got 'fast'/],
    ['muon:adamw.gamma=1', /unknown option 'adamw.gamma' for muon, expected one of lr, .*adamw.lr, adamw.betas/],
    ['adam:adamw.lr=1', /unknown option 'adamw.lr' for adam/],
    ['muon:adamw.lr=1,adamw.lr=2', /option 'adamw.lr' given twice/],
    ['nadam:decoupledWeightDecay=maybe', /decoupledWeightDecay must be true or false, got 'maybe'/],
  ])('rejects %s with INVALID_ARGUMENT', (text, message) => {
    const error = caught(() => parseOptimizerSpec(text));
    expect(isDescentError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(error.message).toMatch(/^parseOptimizerSpec: in '/);
    expect(error.message).toMatch(message);
  });
});

describe('train and sweep take the spec in --optimizer', () => {
  it('merges the spec with the flags, and refuses the same option twice', () => {
    expect(resolveRun('train', { optimizer: 'adafactor:eps=null,1e-3,d=2', lr: 0.05 }, 'run').train.optimizerOptions).toEqual({ eps: [null, 1e-3], d: 2, lr: 0.05 });
    expect(resolveRun('train', { optimizer: 'AdamWScheduleFree:r=1' }, 'run').train).toMatchObject({ optimizer: 'adamwScheduleFree', optimizerOptions: { r: 1 } });
    expect(resolveRun('train', { optimizer: 'nesterov:lr=0.01' }, 'run').train.optimizerOptions).toEqual({ momentum: 0.9, nesterov: true, lr: 0.01 });
    const muon = resolveRun('train', { optimizer: 'muon:variant=kellerJordan,adamw.lr=3e-4', weightDecay: 0.01 }, 'run').train;
    expect(muon).toMatchObject({ optimizer: 'muon', optimizerOptions: { variant: 'kellerJordan', adamw: { lr: 3e-4 }, weightDecay: 0.01 } });
    const twice = caught(() => resolveRun('train', { optimizer: 'muon:lr=0.1', lr: 0.2 }, 'run'));
    expect(twice).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'train: --lr and --optimizer muon:lr=0.1 both set lr; give it once' });
  });

  it.each([
    [{ optimizer: 'adafactor:d=x' }, 'INVALID_ARGUMENT', /^sweep: --optimizer: in 'adafactor:d=x', d must be a finite number, got 'x'$/],
    [{ optimizer: 'adafactor:d=-1' }, 'INVALID_HYPERPARAMETER', /^sweep: --optimizer adafactor: d must be > 0, got -1/],
    [{ optimizer: 'adafactor', eps: 1e-3 }, 'INVALID_HYPERPARAMETER', /^sweep: --eps must be given in the spec for adafactor, where eps is a pair: --optimizer adafactor:eps=A,B, got 0.001/],
    [{ optimizer: 'muon:adamw.lr=-1' }, 'INVALID_HYPERPARAMETER', /^sweep: --optimizer muon: adamw.lr must be >= 0, got -1/],
    [{ optimizer: 'muon:adamw.betas=0.9,1.5' }, 'INVALID_HYPERPARAMETER', /^sweep: --optimizer muon: adamw.betas\[1\] must be in \[0, 1\), got 1.5/],
    [{ optimizer: 'adam:label=fast' }, 'INVALID_ARGUMENT', /label=TEXT names a racer of race and lr-find/],
    [{ optimizer: 'sgd', warmupSteps: 3 }, 'INVALID_HYPERPARAMETER', /--warmup-steps is not an option of sgd; sgd takes --lr, --momentum, --dampening, --weight-decay, --nesterov, --maximize \(and every option in the spec, --optimizer sgd:KEY=VALUE\)/],
    [{ optimizer: 'adamm:lr=1' }, 'NOT_FOUND', /unknown optimizer 'adamm'; valid optimizers: sgd/],
  ])('rejects %j with %s', (settings, code, message) => {
    const error = caught(() => resolveRun('sweep', settings, 'run'));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('splits a sweep of specs at / and a sweep of plain names at commas', () => {
    const spec = settingSpecs.get('optimizer')!;
    expect(splitAlternatives(spec, 'sgd,adam')).toEqual(['sgd', 'adam']);
    expect(splitAlternatives(spec, 'muon:lr=0.02,adamw.lr=1e-3/adamw:lr=1e-3,betas=0.9,0.95/sgd')).toEqual(['muon:lr=0.02,adamw.lr=1e-3', 'adamw:lr=1e-3,betas=0.9,0.95', 'sgd']);
  });
});

describe('flags and help come from the option specs', () => {
  it('gives no one-letter flags, one flag per other option, each description per meaning', () => {
    const flags = optimizerOptionSpecs.map((s) => s.flag);
    expect(flags).not.toContain('--d');
    expect(flags).not.toContain('--r');
    expect(flags).toEqual(expect.arrayContaining(['--lr', '--beta2-decay', '--warmup-steps', '--weight-lr-power', '--ns-steps', '--adjust-lr-fn', '--torch-version']));
    const weightDecay = optimizerOptionSpecs.find((s) => s.key === 'weightDecay')!;
    expect(weightDecay.description).toMatch(/^L2 penalty: .*\(sgd, adagrad, rmsprop, adam, adamax, nadam, radam, adadelta\); Decoupled weight decay: .*\(adamw, lion, muon, adafactor\)/);
    const eps = optimizerOptionSpecs.find((s) => s.key === 'eps')!;
    expect(eps.optimizers).not.toContain('adafactor');
    expect(eps.description).toMatch(/adafactor: in the spec, e\.g\. --optimizer adafactor:eps=\.\.\.\]$/);
  });

  it("lists every optimizer's spec keys with their defaults in --help", () => {
    const help = optimizerSpecHelp();
    for (const name of optimizerNames) expect(help).toMatch(new RegExp(`^  ${name} +lr=`, 'm'));
    expect(help).toContain('eps=null,0.001 d=1');
    expect(help).toContain('variant=torch|kellerJordan');
    expect(help).toContain('adamw.lr=0.001');
    const command = addExperimentOptions(new Command('train'));
    let text = '';
    command.configureOutput({ writeOut: (s) => (text += s) });
    command.outputHelp();
    expect(text).toContain('Optimizer specs: --optimizer NAME:KEY=VALUE,...');
    expect(text).not.toMatch(/^ +--d </m);
    expect(optimizerPartsLine({ muon: ['fc1.weight', 'fc2.weight'], adamw: ['fc1.bias'] })).toBe('optimizer parts: muon fc1.weight, fc2.weight; adamw fc1.bias');
  });
});

describe('config files', () => {
  it("take the spec in 'optimizer', and point an option without a flag there", async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { readConfigFile } = await import('./readConfigFile');
    const dir = mkdtempSync(join(tmpdir(), 'descent-spec-'));
    writeFileSync(join(dir, 'a.yaml'), "optimizer: 'adafactor:d=2,eps=null,1e-3'\nlr: 0.05\n");
    const config = readConfigFile('train', join(dir, 'a.yaml'));
    expect(resolveRun('train', config.settings, 'run').train.optimizerOptions).toEqual({ d: 2, eps: [null, 1e-3], lr: 0.05 });
    writeFileSync(join(dir, 'b.yaml'), 'optimizer: adafactor\noptimizerOptions:\n  d: 2\n');
    expect(caught(() => readConfigFile('train', join(dir, 'b.yaml'))).message).toMatch(/field 'optimizerOptions.d' has no flag; give it in the optimizer's spec, e.g. optimizer: 'adafactor:d=...'/);
  });
});
