/** Viridis (matplotlib, van der Walt and Smith), 9 stops; interpolated into a 256-entry table. */
const VIRIDIS = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
] as const;

/** RGB of viridis at t in [0, 1], as a 256-entry lookup table (r, g, b per entry). */
export const VIRIDIS_TABLE: Uint8ClampedArray = (() => {
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (VIRIDIS.length - 1);
    const k = Math.min(Math.floor(t), VIRIDIS.length - 2);
    const f = t - k;
    const a = VIRIDIS[k] as readonly number[];
    const b = VIRIDIS[k + 1] as readonly number[];
    for (let c = 0; c < 3; c++) table[3 * i + c] = (a[c] as number) + f * ((b[c] as number) - (a[c] as number));
  }
  return table;
})();

/** CSS colour of viridis at t in [0, 1]. */
export function viridis(t: number): string {
  const i = 3 * Math.max(0, Math.min(255, Math.round(t * 255)));
  return `rgb(${VIRIDIS_TABLE[i]}, ${VIRIDIS_TABLE[i + 1]}, ${VIRIDIS_TABLE[i + 2]})`;
}
