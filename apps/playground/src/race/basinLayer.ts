import type { BasinMap } from '@descent/race';

/** Colours of the basins, one per minimum of the surface. */
export const BASIN_COLOURS = ['#e41a1c', '#377eb8', '#4daf4a', '#ff7f00', '#f781bf', '#a65628', '#984ea3', '#dddddd'];

function rgb(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/**
 * Paints a basin map over the field at 45% opacity: one pixel per start, scaled up without
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
  ctx.globalAlpha = 0.45;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.globalAlpha = 1;
}
