import { describe, expect, it } from 'vitest';
import { expandGrid } from './expandGrid';

describe('expandGrid', () => {
  it('is the cartesian product, the first setting varying slowest, named after what varies', () => {
    const points = expandGrid(new Map<string, unknown[]>([['lr', [0.01, 0.1]], ['epochs', [2]], ['hidden', [[200], [100, 100]]]]));
    expect(points.map((p) => p.name)).toEqual(['lr-0.01_hidden-200', 'lr-0.01_hidden-100x100', 'lr-0.1_hidden-200', 'lr-0.1_hidden-100x100']);
    expect(points[3]!.settings).toEqual({ lr: 0.1, epochs: 2, hidden: [100, 100] });
  });

  it('names a single point run, and makes folder-safe names of schedules', () => {
    expect(expandGrid(new Map([['lr', [0.1]]]))).toEqual([{ name: 'run', settings: { lr: 0.1 } }]);
    expect(expandGrid(new Map([['schedule', ['step:5:0.5', '{"type":"cosine","tMax":10}']]])).map((p) => p.name)).toEqual([
      'schedule-step-5-0.5',
      'schedule-type-cosine-tMax-10',
    ]);
  });
});
