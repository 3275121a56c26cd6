import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { addExperimentOptions } from './addExperimentOptions';
import { collectSettings } from './collectSettings';
import { readConfigFile } from './readConfigFile';
import { resolveRun } from './resolveRun';
import { expandGrid } from '../sweep/expandGrid';

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'descent-config-')), name);
  writeFileSync(path, text);
  return path;
}

describe('readConfigFile', () => {
  it('reads YAML and JSON, flattens optimizerOptions, and keeps the sweep section apart', () => {
    const yamlPath = file('e.yaml', 'optimizer: adam\noptimizerOptions: { betas: [0.9, 0.99] }\nhidden: 64\nsweep:\n  lr: [0.001, 0.01]\nworkers: 2\n');
    const yaml = readConfigFile('sweep', yamlPath);
    expect(yaml).toEqual({
      settings: { optimizer: 'adam', betas: [0.9, 0.99], hidden: [64] },
      sweep: { lr: [0.001, 0.01] },
      workers: 2,
      path: yamlPath,
      fields: { optimizer: 'optimizer', betas: 'optimizerOptions.betas', hidden: 'hidden' },
    });
    const jsonPath = file('e.json', '{"lr": 0.1, "schedule": {"type": "step", "stepSize": 2}, "out": "runs/x"}');
    const json = readConfigFile('train', jsonPath);
    expect(json).toEqual({ settings: { lr: 0.1, schedule: { type: 'step', stepSize: 2 } }, sweep: {}, out: 'runs/x', path: jsonPath, fields: { lr: 'lr', schedule: 'schedule' } });
  });

  it('names the field that is wrong', () => {
    expect(() => readConfigFile('train', file('e.json', '{"epochs": 0}'))).toThrow(/field 'epochs': .*>=1/);
    expect(() => readConfigFile('train', file('e.yaml', 'batchsize: 64\n'))).toThrow(/field 'batchsize'.*known fields: .*batchSize/);
    expect(() => readConfigFile('train', file('e.yaml', 'sweep:\n  lr: [0.1, fast]\n'))).toThrow(/field 'sweep\.lr\[1\]'/);
    expect(() => readConfigFile('train', file('e.json', '{"lr": 0.1,'))).toThrow(/is not valid JSON/);
    expect(() => readConfigFile('train', '/nonexistent/e.yaml')).toThrow(/cannot read config file/);
  });
});

/** What `descent <command> --config PATH ...args` resolves to (its first run), or the error it stops with, as train and sweep do. */
function resolveFromConfig(path: string, args: string[] = [], command = 'train'): ReturnType<typeof resolveRun> {
  const program = addExperimentOptions(new Command(command), { lists: command === 'sweep' }).exitOverride();
  program.parse(args, { from: 'user' });
  const config = readConfigFile(command, path);
  const labels = new Map<string, string>();
  const given = collectSettings(command, program.opts(), config, { lists: command === 'sweep' }, labels);
  return expandGrid(given).map((point) => resolveRun(command, point.settings, point.name, labels))[0]!;
}

describe('a config file value out of range', () => {
  it('names the field as the file spells it, not only the flag', () => {
    const nested = file('e.yaml', 'optimizer: adam\noptimizerOptions:\n  betas: [0.9, 1.5]\n');
    expect(() => resolveFromConfig(nested)).toThrow(`train: config file ${nested}: field 'optimizerOptions.betas' must be in [0, 1) for adam, got 1.5`);
    const flat = file('e.json', '{"optimizer": "adam", "betas": [0.9, 1.5]}');
    expect(() => resolveFromConfig(flat)).toThrow(`train: config file ${flat}: field 'betas' must be in [0, 1) for adam, got 1.5`);
    const negative = file('e.yaml', 'lr: -1\n');
    expect(() => resolveFromConfig(negative)).toThrow(`train: config file ${negative}: field 'lr' must be in [0, inf) for sgd, got -1`);
    const swept = file('e.yaml', 'optimizer: adam\nsweep:\n  lr: [0.1, -0.5]\n');
    expect(() => resolveFromConfig(swept, [], 'sweep')).toThrow(`sweep: config file ${swept}: field 'sweep.lr' must be in [0, inf) for adam, got -0.5`);
  });

  it('names the field for an option of another optimizer, an unknown optimizer and a bad schedule', () => {
    const other = file('e.yaml', 'optimizer: sgd\noptimizerOptions: { betas: [0.9, 0.99] }\n');
    expect(() => resolveFromConfig(other)).toThrow(`train: config file ${other}: field 'optimizerOptions.betas' is not an option of sgd; sgd takes --lr`);
    const unknown = file('e.yaml', 'optimizer: adamx\n');
    expect(() => resolveFromConfig(unknown)).toThrow(`train: config file ${unknown}: field 'optimizer': unknown optimizer 'adamx'; valid optimizers: sgd`);
    const schedule = file('e.yaml', 'schedule: step:x\n');
    expect(() => resolveFromConfig(schedule)).toThrow(`train: config file ${schedule}: field 'schedule': step.stepSize must be a number`);
  });

  it('names the flag when the flag typed overrides the file', () => {
    const path = file('e.yaml', 'optimizer: adam\nbetas: [0.9, 0.999]\n');
    expect(() => resolveFromConfig(path, ['--betas', '0.9,1.5'])).toThrow('train: --betas must be in [0, 1) for adam, got 1.5');
    expect(resolveFromConfig(path, ['--betas', '0.8,0.9']).train.optimizerOptions).toEqual({ betas: [0.8, 0.9] });
  });
});
