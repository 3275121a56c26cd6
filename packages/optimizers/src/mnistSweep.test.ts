import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The README's MNIST table is the sweep's summary (`fixtures/mnist-sweep.json`, written
 * from the real `descent sweep` run the README quotes): every row, every number.
 */
interface SweepRun {
  label: string;
  optimizer: string;
  lr: number;
  optimizerParts: Record<string, string[]> | null;
  epochs: Array<{ epoch: number; trainLoss: number; testLoss: number; testAccuracy: number }>;
  seconds: number;
}

const read = (path: string): string => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const sweep = JSON.parse(read('../fixtures/mnist-sweep.json')) as { command: string; runs: SweepRun[] };
const readme = read('../README.md');

describe('the README MNIST comparison', () => {
  it('quotes the command and every number of the sweep summary', () => {
    expect(readme).toContain(sweep.command);
    expect(sweep.runs.map((r) => r.label)).toEqual(['Muon + AdamW', 'schedule-free AdamW', 'AdamW']);
    for (const run of sweep.runs) {
      const accuracy = run.epochs.map((e) => `${(e.testAccuracy * 100).toFixed(2)}%`).join(' / ');
      const testLoss = run.epochs.map((e) => e.testLoss.toFixed(4)).join(' / ');
      const row = `| ${run.label} | \`${run.optimizer}\` | ${run.lr} | ${accuracy} | ${testLoss} | ${run.epochs.at(-1)!.trainLoss.toFixed(4)} | ${run.seconds} |`;
      expect(readme, run.label).toContain(row);
      expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    }
    // The Muon run trained the two weight matrices with Muon and the two biases with AdamW.
    expect(sweep.runs[0]!.optimizerParts).toEqual({ muon: ['fc1.weight', 'fc2.weight'], adamw: ['fc1.bias', 'fc2.bias'] });
  });
});
