import { describe, expect, it } from 'vitest';
import { logLevels, sampleGrid } from '@descent/race';
import { rasterizeContours } from './contours';

describe('contours', () => {
  const box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const bowl = sampleGrid((x, y) => x * x + 4 * y * y, box, 40, 20);

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
