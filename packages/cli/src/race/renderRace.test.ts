import { surfaces } from '@descent/datasets';
import { decode } from 'fast-png';
import { GifReader } from 'omggif';
import { describe, expect, it } from 'vitest';
import { runRace } from '@descent/race';
import { parseOptimizerSpec } from '../options/optimizerSpec';
import { racerColors } from './racePicture';
import { renderRace } from './renderRace';

function variance(pixels: ArrayLike<number>, channels: number): number {
  let sum = 0;
  let sumSquares = 0;
  let n = 0;
  for (let i = 0; i < pixels.length; i += channels) {
    const luma = 0.299 * pixels[i]! + 0.587 * pixels[i + 1]! + 0.114 * pixels[i + 2]!;
    sum += luma;
    sumSquares += luma * luma;
    n++;
  }
  return sumSquares / n - (sum / n) ** 2;
}

/** The contour raster embedded in the race's SVG: the size it is drawn at, and its own pixels. */
function contourRaster(svg: string): { drawn: [number, number]; pixels: [number, number] } {
  const image = /<image xlink:href="data:image\/png;base64,([^"]+)"[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  const raster = decode(Buffer.from(image[1]!, 'base64'));
  return { drawn: [Number(image[2]), Number(image[3])], pixels: [raster.width, raster.height] };
}

describe('renderRace', () => {
  const racers = ['sgd:lr=0.001,label=SGD', 'adam:lr=0.1,label=Adam'].map(parseOptimizerSpec);
  const trajectories = runRace({ surface: surfaces.beale, start: [0.7, 1.4], steps: 300, racers });

  it('draws a PNG of the size the SVG declares, with a 400 x 400 contour plot that is not blank', async () => {
    const drawn = await renderRace(surfaces.beale, trajectories, { animation: { frames: 6 } });
    const size = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(drawn.svg)!;
    const png = decode(drawn.png.png);
    expect([png.width, png.height]).toEqual([Number(size[1]), Number(size[2])]);
    expect(png.width).toBeGreaterThan(400);
    expect(png.height).toBeGreaterThan(400);
    // The contour plot itself: a 400 x 400 raster drawn at 400 x 400.
    expect(contourRaster(drawn.svg)).toEqual({ drawn: [400, 400], pixels: [400, 400] });
    expect(variance(png.data, png.channels)).toBeGreaterThan(500);
    // Axis titles, legend entries and both racers are in the SVG.
    expect(drawn.svg).toContain('>SGD<');
    expect(drawn.svg).toContain('>Adam<');
    expect(drawn.svg).toContain("Beale's function");
    // Adam's colour is painted somewhere (its trajectory and final point).
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(racerColors(2)[1]!.slice(i, i + 2), 16));
    let found = 0;
    for (let i = 0; i < png.data.length; i += png.channels) if (png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b) found++;
    expect(found).toBeGreaterThan(50);
  });

  it('sizes the contour plot by the size option', async () => {
    const small = await renderRace(surfaces.beale, trajectories, { size: 200, animation: false });
    expect(contourRaster(small.svg)).toEqual({ drawn: [200, 200], pixels: [200, 200] });
    // The picture shrinks with it (its width is held by the formula in the title, its height is not).
    const png = decode(small.png.png);
    expect(png.height).toBeGreaterThan(200);
    expect(png.height).toBeLessThan(400);
  });

  it('animates the race as a GIF of the same size whose frames grow the trajectories', async () => {
    const drawn = await renderRace(surfaces.beale, trajectories, { animation: { frames: 6 }, lossChart: false });
    const reader = new GifReader(Buffer.from(drawn.gif!));
    expect(reader.numFrames()).toBe(6);
    expect([reader.width, reader.height]).toEqual([drawn.png.width, drawn.png.height]);
    const first = new Uint8Array(reader.width * reader.height * 4);
    reader.decodeAndBlitFrameRGBA(0, first);
    const last = first.slice();
    for (let k = 1; k < 6; k++) reader.decodeAndBlitFrameRGBA(k, last);
    let changed = 0;
    for (let i = 0; i < first.length; i += 4) if (first[i] !== last[i] || first[i + 1] !== last[i + 1]) changed++;
    expect(changed).toBeGreaterThan(500);
    expect(variance(first, 4)).toBeGreaterThan(500);
  });

  it('draws loss against step as a Vega-Lite chart (log gap to the minimum)', async () => {
    const drawn = await renderRace(surfaces.beale, trajectories, { animation: false });
    expect(drawn.lossSvg).toContain('loss against step');
    expect(drawn.lossSvg).toContain('role-axis');
    expect(decode(drawn.lossPng!.png).width).toBe(drawn.lossPng!.width);
    expect(drawn.gif).toBeUndefined();
  });
});

describe('visibleSteps', () => {
  it('keeps the points half a pixel apart and both ends', async () => {
    const { visibleSteps } = await import('./racePicture');
    const xs = Float64Array.from([0, 0.001, 0.002, 0.5, 0.5001, 1]);
    const t = { label: 'a', optimizer: 'sgd', options: {}, schedule: '', xs, ys: new Float64Array(6), losses: new Float64Array(6), lrs: new Float64Array(6), steps: 5, outcome: 'ran' as const, diverged: false, escaped: false };
    // 100 pixels per unit: 0.001 is 0.1 px (dropped), 0.5 is 50 px (kept).
    expect(visibleSteps(t, { xMin: 0, xMax: 4, yMin: 0, yMax: 4 }, 400, 400)).toEqual([0, 3, 5]);
  });
});
