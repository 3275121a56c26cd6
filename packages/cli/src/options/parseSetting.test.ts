import { describe, expect, it } from 'vitest';
import { parseSetting, splitAlternatives } from './parseSetting';
import { settingSpecs } from './settingSpecs';

const spec = (key: string) => settingSpecs.get(key)!;

describe('parseSetting', () => {
  it('reads numbers, integers, booleans, lists, pairs and choices', () => {
    expect(parseSetting('train', spec('lr'), '1e-3')).toBe(0.001);
    expect(parseSetting('train', spec('epochs'), '3')).toBe(3);
    expect(parseSetting('train', spec('nesterov'), 'true')).toBe(true);
    expect(parseSetting('train', spec('nesterov'), 'no')).toBe(false);
    expect(parseSetting('train', spec('hidden'), '200, 100')).toEqual([200, 100]);
    expect(parseSetting('train', spec('betas'), '0.9,0.999')).toEqual([0.9, 0.999]);
    expect(parseSetting('train', spec('scheduleUnit'), 'step')).toBe('step');
  });

  it('names the flag and the value it refuses', () => {
    expect(() => parseSetting('train', spec('lr'), '0.1x')).toThrow("train: --lr must be a number, got '0.1x'");
    expect(() => parseSetting('train', spec('epochs'), '1.5')).toThrow("train: --epochs must be an integer, got '1.5'");
    expect(() => parseSetting('train', spec('epochs'), '0')).toThrow("train: --epochs must be an integer in [1, 100000], got '0'");
    expect(() => parseSetting('train', spec('seed'), '-1')).toThrow("train: --seed must be an integer in [0, 9007199254740991], got '-1'");
    // Integers beyond 2^53 - 1 lose digits: refused with the text typed, as is a number beyond float64.
    expect(() => parseSetting('train', spec('seed'), '1e300')).toThrow("train: --seed must be an integer in [0, 9007199254740991], got '1e300'");
    expect(() => parseSetting('train', spec('lr'), '1e400')).toThrow("train: --lr must be a finite number, got '1e400'");
    expect(() => parseSetting('train', spec('hidden'), '200,0')).toThrow('train: --hidden must be a comma list of at most 64 layer widths, each in [1, 65536]');
    expect(() => parseSetting('train', spec('hidden'), '1000000000')).toThrow('train: --hidden must be a comma list of at most 64 layer widths, each in [1, 65536]');
    expect(() => parseSetting('train', spec('betas'), '0.9')).toThrow("train: --betas must be two numbers such as 0.9,0.999, got '0.9'");
    expect(() => parseSetting('train', spec('backend'), 'gpu')).toThrow("train: --backend must be one of auto, descent, tensorflow, wasm, cpu, got 'gpu'");
  });

  it('splits sweep alternatives on commas, or on / for list-valued settings', () => {
    expect(splitAlternatives(spec('lr'), '0.01,0.1')).toEqual(['0.01', '0.1']);
    expect(splitAlternatives(spec('hidden'), '200/100,100')).toEqual(['200', '100,100']);
    expect(splitAlternatives(spec('betas'), '0.9,0.999/0.8,0.99')).toEqual(['0.9,0.999', '0.8,0.99']);
  });
});

describe('settingSpecs', () => {
  it('has a flag for every option of every optimizer, and says which optimizers take it', () => {
    expect(spec('weightDecay').flag).toBe('--weight-decay');
    expect(spec('betas').optimizers).toEqual(['adam', 'adamw', 'adamax', 'nadam', 'radam', 'lion', 'adamwScheduleFree']);
    expect(spec('momentum').optimizers).toEqual(['sgd', 'rmsprop', 'sgdScheduleFree', 'muon']);
    expect(spec('warmupSteps').flag).toBe('--warmup-steps');
    expect(spec('adjustLrFn').choices).toEqual(['original', 'match_rms_adamw']);
  });
});
