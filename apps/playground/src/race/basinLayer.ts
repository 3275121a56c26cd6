import type { BasinMap } from '@descent/race';

/**
 * Colours of the basins, one per minimum of the surface: hues far apart from each other and
 * from viridis' blues and greens (Kelly's colours of maximum contrast).
 */
export const BASIN_COLOURS = ['#ff2a2a', '#f3c300', '#00a8ff', '#f38400', '#e000e0', '#ffffff', '#7fff00', '#875692'];

function rgb(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/**
 * Paints a basin map over the field at 65% opacity: one pixel per start, scaled up without
 * smoothing (crisp cells, no seams), each in its minimum's colour, black for none.
 *
 * @example
 * drawBasin(ctx, map, canvas.width, canvas.height);
 */
export function drawBasin(ctx: CanvasRenderingContext2D, map: BasinMap, width: number, height: number): void {
  const small = document.createElement('canvas');
  small.width = map.nx;
  small.height = map.ny;
  const image = new ImageData(map.nx, map.ny);
  for (let k = 0; k < map.nx * map.ny; k++) {
    const m = map.reached[k] as number;
    const [r, g, b] = m < 0 ? [0, 0, 0] : rgb(BASIN_COLOURS[m % BASIN_COLOURS.length] as string);
    image.data[4 * k] = r;
    image.data[4 * k + 1] = g;
    image.data[4 * k + 2] = b;
    image.data[4 * k + 3] = 255;
  }
  (small.getContext('2d') as CanvasRenderingContext2D).putImageData(image, 0, 0);
  ctx.globalAlpha = 0.65;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.globalAlpha = 1;
}
