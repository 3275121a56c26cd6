import { describe, expect, it } from 'vitest';
import { optimizerCatalog, surfaceCatalog } from '../catalog';
import { problemLines } from './problemList';
import { splitHash } from './query';
import { decodeRace } from './raceState';
import { decodeExperiment } from './experimentState';

describe('problemLines', () => {
  it('lists each problem once, with its count, the most frequent first', () => {
    expect(problemLines(['b', 'a', 'c', 'a', 'a'])).toEqual(['a (× 3)', 'b', 'c']);
    expect(problemLines([])).toEqual([]);
  });

  it('a link with 10,000 bad opt= entries gives a short notice, every problem counted', () => {
    const hash = `#race?${Array.from({ length: 10_000 }, (_, i) => `opt=${i % 2 === 0 ? 'nosuch' : 'sgd;lr=oops'}`).join('&')}`;
    const { problems } = decodeRace(splitHash(hash).pairs, surfaceCatalog, optimizerCatalog);
    expect(problems.length).toBeGreaterThanOrEqual(9_992);
    const lines = problemLines(problems);
    expect(lines.length).toBeLessThanOrEqual(11);
    // Every problem is accounted for: the counts shown add up to the problems found.
    const shown = lines.reduce((sum, line) => {
      const counted = /\(× ([\d,]+)\)$/.exec(line);
      const more = /^\.\.\. and ([\d,]+) more/.exec(line);
      return sum + (more !== null ? Number(more[1]!.replace(/,/g, '')) : counted !== null ? Number(counted[1]!.replace(/,/g, '')) : 1);
    }, 0);
    expect(shown).toBe(problems.length);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines[0]).toBe('at most 8 optimizers race; the rest were left out (× 9,984)');
  });

  it('caps distinct problems at ten lines plus a summary', () => {
    const problems = Array.from({ length: 10_000 }, (_, i) => `run ${i + 1}: unknown optimizer 'x${i}', left out`);
    const lines = problemLines(problems);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('... and 9,990 more (9,990 other kinds)');
  });

  it('the experiment link with 10,000 bad run= entries too', () => {
    const hash = `#experiment?${Array.from({ length: 10_000 }, () => 'run=adam;lr=x').join('&')}`;
    const { problems } = decodeExperiment(splitHash(hash).pairs, optimizerCatalog);
    expect(problemLines(problems).length).toBeLessThanOrEqual(11);
  });
});
