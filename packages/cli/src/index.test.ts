import { isDescentError } from '@descent/core';
import { parseSchedule } from '@descent/schedulers';
import { describe, expect, it } from 'vitest';
import * as api from './index';

describe('@descent/cli as a library', () => {
  it('exports each command twice, as a commander factory and as a function, beside the program and the exit codes: nothing else', () => {
    const commands = ['train', 'sweep', 'lecture', 'report', 'race', 'lrFind', 'schedule'];
    const names = [...commands.flatMap((c) => [`${c}Command`, `${c}Cli`]), 'createProgram', 'commandFactories', 'exitCodes', 'exitCodeFor'];
    expect(Object.keys(api).sort()).toEqual(names.sort());
    for (const name of names.filter((n) => n !== 'commandFactories' && n !== 'exitCodes')) expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    const program = api.createProgram();
    expect(program.commands.map((c) => c.name()).sort()).toEqual(['lecture', 'lr-find', 'race', 'report', 'schedule', 'sweep', 'train']);
    expect(api.commandFactories.map((factory) => factory().name())).toEqual(program.commands.map((c) => c.name()));
  });

  it('races through the exported function: Adam from Beale\'s usual start reaches (3, 0.5)', async () => {
    const result = await api.raceCli({ preset: 'beale', optimizer: ['adam:lr=0.1'], steps: '500', out: await tempDir(), animation: false });
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]!.stepsToMinimum).not.toBeNull();
    expect(result.rows[0]!.reached).toMatchObject({ x: 3, y: 0.5 });
    expect(result.leaderboard).toContain('reached');
  });
});

describe('errors across packages', () => {
  it("treats @descent/schedulers' errors as DescentErrors: same codes, exit code 2", () => {
    const error = (() => {
      try {
        parseSchedule('cosine:-5');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isDescentError(error)).toBe(true);
    expect(isDescentError(error, 'INVALID_HYPERPARAMETER') || isDescentError(error, 'INVALID_SCHEDULE')).toBe(true);
    expect(api.exitCodeFor(error)).toBe(2);
  });
});

async function tempDir(): Promise<string> {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  return join(mkdtempSync(join(tmpdir(), 'descent-index-')), 'race');
}
