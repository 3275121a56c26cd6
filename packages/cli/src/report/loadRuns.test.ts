import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRuns } from './loadRuns';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runFolder(optimizer: string, optimizerOptions: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'descent-loadruns-'));
  made.push(dir);
  const train = { hidden: [200], optimizer, optimizerOptions, epochs: 1, batchSize: 64 };
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ name: 'run', train }));
  return dir;
}

describe('loadRuns', () => {
  it('reports the lr a run used when its config names none, as the optimizer built from the saved options starts', () => {
    expect(loadRuns([runFolder('adamw', {})])[0]!.lr).toBe(1e-3);
    // Muon's KellerJordan variant starts at 0.02, not torch's Muon default of 1e-3.
    expect(loadRuns([runFolder('muon', { variant: 'kellerJordan' })])[0]!.lr).toBe(0.02);
    expect(loadRuns([runFolder('muon', {})])[0]!.lr).toBe(1e-3);
    expect(loadRuns([runFolder('sgd', { lr: 0.05 })])[0]!.lr).toBe(0.05);
  });
});
