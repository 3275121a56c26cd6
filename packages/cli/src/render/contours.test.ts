import { describe, expect, it } from 'vitest';
import { linearLevels, logLevels, rasterizeContours, sampleGrid } from './contours';

describe('contours', () => {
  const box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const bowl = sampleGrid((x, y) => x * x + 4 * y * y, box, 40, 20);

  it('samples pixel centres, row 0 at the top', () => {
    expect(bowl.values.length).toBe(800);
    // Top-left pixel centre: (-1 + 1/40, 1 - 1/20).
    expect(bowl.values[0]).toBeCloseTo((-1 + 0.025) ** 2 + 4 * 0.95 ** 2, 12);
    expect(bowl.values[799]).toBeCloseTo(0.975 ** 2 + 4 * 0.95 ** 2, 12);
  });

  it('spaces log levels geometrically up to the highest value', () => {
    const { floor, levels } = logLevels(bowl, 10, 0);
    expect(floor).toBe(0);
    const ratios = levels.slice(1).map((v, i) => v / levels[i]!);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0]!, 10);
    expect(levels[0]! * ratios[0]! ** 10).toBeCloseTo(Math.max(...bowl.values), 10);
    const linear = linearLevels(bowl, 4);
    expect(linear.levels[1]! - linear.levels[0]!).toBeCloseTo(linear.levels[0]!, 12);
  });

  it('colours the bottom of the bowl with the first band and the walls with higher ones', () => {
    const { floor, levels } = logLevels(bowl, 8, 0);
    const raster = rasterizeContours(bowl, levels, floor);
    expect(raster.rgba.length).toBe(800 * 4);
    const centre = 10 * 40 + 20;
    const corner = 0;
    expect(raster.bands[centre]! % (levels.length + 1)).toBeLessThan(raster.bands[corner]! % (levels.length + 1));
    expect(raster.palette.length).toBe(2 * (levels.length + 1));
    const [r, g, b] = raster.palette[raster.bands[corner]!]!;
    expect([raster.rgba[0], raster.rgba[1], raster.rgba[2], raster.rgba[3]]).toEqual([r, g, b, 255]);
    // Some pixels sit on contour lines (the darker half of the palette).
    expect(Array.from(raster.bands).some((v) => v > levels.length)).toBe(true);
  });
});
