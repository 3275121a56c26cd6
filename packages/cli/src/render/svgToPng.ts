import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);

/**
 * The TrueType font every picture is drawn with. It ships in the `dejavu-fonts-ttf`
 * package, so text renders on machines without system fonts (containers, CI).
 */
export function fontFile(): string {
  return require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
}

/** A rasterised picture: its PNG bytes and its size in pixels. */
export interface PngImage {
  png: Buffer;
  /** The same picture as RGBA bytes, row-major. */
  pixels: Uint8Array;
  width: number;
  height: number;
}

/**
 * Rasterises an SVG document to PNG with resvg, drawing all text in DejaVu Sans
 * (no system font is read, so the output is the same on every machine).
 *
 * @param svg - the SVG document.
 * @param options.scale - pixels per SVG unit. Default 1.
 * @param options.background - the page colour. Default white.
 * @example
 * const { png, width, height } = svgToPng(svg, { scale: 2 });
 */
export function svgToPng(svg: string, options: { scale?: number; background?: string } = {}): PngImage {
  const scale = options.scale ?? 1;
  const resvg = new Resvg(svg, {
    background: options.background ?? 'white',
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: [fontFile()],
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
      serifFamily: 'DejaVu Sans',
      monospaceFamily: 'DejaVu Sans',
    },
  });
  const image = resvg.render();
  return { png: image.asPng(), pixels: new Uint8Array(image.pixels), width: image.width, height: image.height };
}
