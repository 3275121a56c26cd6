import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from './readConfigFile';

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'descent-config-')), name);
  writeFileSync(path, text);
  return path;
}

describe('readConfigFile', () => {
  it('reads YAML and JSON, flattens optimizerOptions, and keeps the sweep section apart', () => {
    const yaml = readConfigFile('sweep', file('e.yaml', 'optimizer: adam\noptimizerOptions: { betas: [0.9, 0.99] }\nhidden: 64\nsweep:\n  lr: [0.001, 0.01]\nworkers: 2\n'));
    expect(yaml).toEqual({ settings: { optimizer: 'adam', betas: [0.9, 0.99], hidden: [64] }, sweep: { lr: [0.001, 0.01] }, workers: 2 });
    const json = readConfigFile('train', file('e.json', '{"lr": 0.1, "schedule": {"type": "step", "stepSize": 2}, "out": "runs/x"}'));
    expect(json).toEqual({ settings: { lr: 0.1, schedule: { type: 'step', stepSize: 2 } }, sweep: {}, out: 'runs/x' });
  });

  it('names the field that is wrong', () => {
    expect(() => readConfigFile('train', file('e.json', '{"epochs": 0}'))).toThrow(/field 'epochs': .*>=1/);
    expect(() => readConfigFile('train', file('e.yaml', 'batchsize: 64\n'))).toThrow(/field 'batchsize'.*known fields: .*batchSize/);
    expect(() => readConfigFile('train', file('e.yaml', 'sweep:\n  lr: [0.1, fast]\n'))).toThrow(/field 'sweep\.lr\[1\]'/);
    expect(() => readConfigFile('train', file('e.json', '{"lr": 0.1,'))).toThrow(/is not valid JSON/);
    expect(() => readConfigFile('train', '/nonexistent/e.yaml')).toThrow(/cannot read config file/);
  });
});
