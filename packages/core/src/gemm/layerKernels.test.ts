import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { createComputeArena } from './arena';
import { addBias, reluBackward, sumRows } from './layers';
import type { ComputeArena } from './arena';

setFlagsFromString('--experimental-wasm-relaxed-simd');

/** `[rows, cols]`: odd sizes (SIMD over 4 columns, a scalar tail), edges, the MLP's shapes. */
const shapes: ReadonlyArray<readonly [number, number]> = [
  [1, 1],
  [1, 3],
  [3, 4],
  [5, 7],
  [7, 9],
  [2, 17],
  [64, 200],
  [64, 10],
  [33, 2000],
  [0, 5],
];

/** Seeded values in [-1, 1), with exact zeros, -0, NaN and infinities sprinkled in. */
function values(seed: number, size: number): Float32Array {
  const out = new Rng(seed).fillUniform(new Float32Array(size), -1, 1);
  const special = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, -1e-45];
  for (let i = 0; i < size; i += 11) out[i] = special[(i / 11) % special.length]!;
  return out;
}

/** Bits of a float32, so that NaN equals NaN and -0 differs from +0. */
const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));

describe.each([
  { label: '1 thread', fma: false, threads: 0 },
  { label: '2 threads, fused multiply-add', fma: true, threads: 1 },
])('the layer kernels ($label)', ({ fma, threads }) => {
  let arena: ComputeArena;
  afterAll(() => arena?.dispose());
  const setup = async (): Promise<ComputeArena> => {
    arena ??= createComputeArena({ bytes: 4 << 20, maxThreads: threads, fma });
    await arena.startThreads(threads);
    arena.reset();
    return arena;
  };

  it('addBias: z + bias per row, then (with relu) v > 0 ? v : 0, bit for bit the float32 loop', async () => {
    const a = await setup();
    for (const [rows, cols] of shapes) {
      for (const relu of [false, true]) {
        a.reset();
        const z0 = values(rows * 31 + cols, rows * cols);
        const b0 = values(cols + 7, cols);
        const z = a.fromArray(z0, [rows, cols]);
        const bias = a.fromArray(b0, [cols]);
        addBias(z, bias, relu);
        const expected = new Float32Array(rows * cols);
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            const v = Math.fround(z0[i * cols + j]! + b0[j]!);
            expected[i * cols + j] = relu ? (v > 0 ? v : 0) : v;
          }
        }
        expect(bits(z.data), `[${rows}, ${cols}] relu ${relu}`).toEqual(bits(expected));
        expect(bits(bias.data)).toEqual(bits(b0));
      }
    }
  });

  it('reluBackward: g where a > 0, else 0 (0 at 0, at -0 and at NaN), leaving a as it was', async () => {
    const a = await setup();
    for (const [rows, cols] of shapes) {
      a.reset();
      const g0 = values(rows + 3, rows * cols);
      const a0 = values(cols + 5, rows * cols);
      const g = a.fromArray(g0, [rows, cols]);
      const act = a.fromArray(a0, [rows, cols]);
      reluBackward(g, act);
      const expected = g0.map((v, i) => (a0[i]! > 0 ? v : 0));
      expect(bits(g.data), `[${rows}, ${cols}]`).toEqual(bits(expected));
      expect(bits(act.data)).toEqual(bits(a0));
    }
  });

  it('sumRows: column sums within float32 rounding of the float64 sum, bit for bit the row-by-row float32 loop', async () => {
    const a = await setup();
    for (const [rows, cols] of shapes) {
      a.reset();
      // Finite values only: the float64 reference is compared with a tolerance.
      const x0 = new Rng(rows * 7 + cols).fillUniform(new Float32Array(rows * cols), -1, 1);
      const x = a.fromArray(x0, [rows, cols]);
      const out = a.fromArray(new Float32Array(cols).fill(Number.NaN), [cols]);
      sumRows(out, x);
      for (let j = 0; j < cols; j++) {
        let f32 = 0;
        let f64 = 0;
        let abs = 0;
        for (let i = 0; i < rows; i++) {
          f32 = Math.fround(f32 + x0[i * cols + j]!);
          f64 += x0[i * cols + j]!;
          abs += Math.abs(x0[i * cols + j]!);
        }
        expect(out.data[j], `[${rows}, ${cols}] column ${j}`).toBe(f32);
        expect(Math.abs(out.data[j]! - f64)).toBeLessThanOrEqual(1e-6 * abs * Math.max(1, rows) + 1e-7);
      }
    }
  });

  it('rejects tensors outside the arena and mismatched shapes, changing nothing', async () => {
    const a = await setup();
    const z = a.fromArray([1, -2, 3, -4, 5, -6], [2, 3]);
    const bias = a.fromArray([1, 1, 1], [3]);
    const other = createComputeArena({ bytes: 1024 });
    const outside = other.fromArray([1, 1, 1], [3]);
    expect(() => addBias(z, outside)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: 'addBias: expected live tensors of one ComputeArena, got one outside it' }));
    expect(() => addBias(z, a.fromArray([1, 2], [2]))).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH', message: 'addBias: bias must hold 3 values (the columns of z [2, 3]), got 2' }),
    );
    expect(() => addBias(bias, bias)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: 'addBias: z must be a matrix [rows, cols], got shape [3]' }));
    expect(() => reluBackward(z, bias)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: 'reluBackward: g and a must have the same size, got 6 and 3' }));
    expect(() => sumRows(a.fromArray([0, 0], [2]), z)).toThrow(/^sumRows: out must hold 3 values \(the columns of x \[2, 3\]\), got 2/);
    other.dispose();
    const gone = a.fromArray([1, 2, 3], [3]);
    gone.backend.dispose(gone);
    expect(() => sumRows(gone, z)).toThrow('sumRows: expected live tensors of one ComputeArena, got a disposed tensor');
    expect(Array.from(z.data)).toEqual([1, -2, 3, -4, 5, -6]);
  });
});
