import { describe, expect, it } from 'vitest';
import { textPlot } from './textPlot';

describe('textPlot', () => {
  it('draws a rising line as columns of increasing height, labelled with the range', () => {
    const lines = textPlot([0, 1, 2, 3], { width: 4, height: 2 }).split('\n');
    expect(lines).toHaveLength(4);
    // Levels 1 + round(v / 3 * 15) eighths: 1, 6, 11, 16.
    expect(lines[0]).toBe('3 ┤  ▃█');
    expect(lines[1]).toBe('0 ┤▁▆██');
    expect(lines[2]).toBe('  └────');
    expect(lines[3]).toBe('   0  3');
  });

  it('samples a long series down to the width and clips values above yMax', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const [top] = textPlot(values, { width: 10, height: 1, yMax: 100 }).split('\n');
    expect(top).toBe('100 ┤▁█████████');
  });

  it('uses a log axis on request and says so when nothing is plottable', () => {
    // 10 is half-way on a log axis: 1 + round(7.5) = 9 eighths.
    const [top, bottom] = textPlot([1, 10, 100], { width: 3, height: 2, logY: true }).split('\n');
    expect(top).toBe('100 ┤ ▁█');
    expect(bottom).toBe('  1 ┤▁██');
    expect(textPlot([NaN, Infinity])).toBe('(no finite values to plot)');
  });
});
