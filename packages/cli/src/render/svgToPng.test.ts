import { existsSync } from 'node:fs';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { fontFile, svgToPng } from './svgToPng';

function inkPixels(svg: string): number {
  const png = decode(svgToPng(svg).png);
  let ink = 0;
  for (let i = 0; i < png.data.length; i += png.channels) if (png.data[i]! < 128) ink++;
  return ink;
}

describe('svgToPng', () => {
  it('draws text with the shipped DejaVu Sans, reading no system font', () => {
    expect(existsSync(fontFile())).toBe(true);
    const text = (family: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="40" font-family="${family}" font-size="30">descent</text></svg>`;
    // Any family, generic or unknown, falls back to the shipped font: the text is inked.
    expect(inkPixels(text('sans-serif'))).toBeGreaterThan(200);
    expect(inkPixels(text('Helvetica Neue'))).toBeGreaterThan(200);
    expect(inkPixels('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"></svg>')).toBe(0);
  });

  it('scales the picture', () => {
    const image = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="30" height="20" fill="red"/></svg>', { scale: 2 });
    expect([image.width, image.height]).toEqual([60, 40]);
    expect(Array.from(image.pixels.slice(0, 4))).toEqual([255, 0, 0, 255]);
  });
});
