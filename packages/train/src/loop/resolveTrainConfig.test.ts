import { describe, expect, it } from 'vitest';
import { isDescentError } from '@descent/core';
import { resolveTrainConfig, trainConfigDefaults } from './resolveTrainConfig';

describe('resolveTrainConfig', () => {
  it('fills in the defaults: the lecture setup', () => {
    expect(resolveTrainConfig()).toEqual({
      hidden: [200],
      optimizer: 'sgd',
      optimizerOptions: {},
      schedule: null,
      scheduleUnit: 'epoch',
      epochs: 1,
      batchSize: 64,
      seed: 0,
      classes: 10,
      evalBatchSize: 1000,
      syncEvery: 16,
      dataset: '',
    });
    expect(resolveTrainConfig({ epochs: undefined }).epochs).toBe(trainConfigDefaults.epochs);
  });

  it("returns a copy that later changes to the caller's objects do not reach", () => {
    const options = { lr: 0.1, betas: [0.9, 0.99] };
    const hidden = [32, 16];
    const resolved = resolveTrainConfig({ optimizer: 'adam', optimizerOptions: options, hidden });
    options.lr = 5;
    hidden.push(8);
    expect(resolved.optimizerOptions).toEqual({ lr: 0.1, betas: [0.9, 0.99] });
    expect(resolved.hidden).toEqual([32, 16]);
  });

  it.each([
    [{ hidden: [200, 0] }, 'hidden', /^resolveTrainConfig: hidden must be a list of positive integers, got \[200, 0\]$/],
    [{ epochs: 1.5 }, 'epochs', /epochs must be an integer >= 1, got 1.5/],
    [{ optimizerOptions: { lr: -1 } }, 'optimizerOptions.lr', /optimizerOptions.lr must be a finite number >= 0, got -1/],
    [{ optimizerOptions: { lr: () => 1 } }, 'optimizerOptions', /optimizerOptions must be an object of JSON values/],
    [{ scheduleUnit: 'batch' }, 'scheduleUnit', /scheduleUnit must be 'epoch' or 'step', got 'batch'/],
    [{ seed: NaN }, 'seed', /seed must be a finite number, got NaN/],
    [{ classes: 1 }, 'classes', /classes must be an integer >= 2/],
    [{ schedule: 3 }, 'schedule', /schedule must be a schedule spec object/],
    [{ optimizer: 'sgdd' }, 'optimizer', /optimizer must be one of sgd, .*, got 'sgdd'/],
    [{ lr: 0.1 }, 'lr', /lr must be a known field \(one of hidden, optimizer, /],
  ])('rejects %j naming the field', (config, field, message) => {
    try {
      resolveTrainConfig(config as never);
      expect.unreachable();
    } catch (error) {
      expect(isDescentError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect((error as { details: { field: string } }).details.field).toBe(field);
    }
  });
});
