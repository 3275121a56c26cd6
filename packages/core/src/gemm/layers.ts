import type { CpuTensor } from '../cpu';
import { DescentError } from '../errors';
import { computeArenaOf } from './arena';
import type { GemmExports } from './gemmBlocked';

/**
 * A dense layer's elementwise steps around its products, as WebAssembly SIMD kernels on a
 * {@link ComputeArena}'s memory (one pass each, on the calling thread): the descent MLP's
 * training step runs no JavaScript loop over its activations. Each gives bit for bit the
 * result of the plain float32 loop. Separate functions (not arena methods) so that a bundle
 * that does not use them leaves them out.
 */

/** The kernels of the arena holding every tensor, after checking each is live and there. */
function kernelsOf(op: string, ...tensors: CpuTensor[]): GemmExports {
  const arena = computeArenaOf(tensors[0]!.data);
  for (const x of tensors) {
    if (x?.isDisposed !== false || arena === undefined || !arena.holds(x.data)) {
      throw new DescentError('INVALID_ARGUMENT', `${op}: expected live tensors of one ComputeArena, got ${x?.isDisposed === true ? 'a disposed tensor' : 'one outside it'}`);
    }
  }
  return arena!.kernels;
}

function columns(op: string, x: CpuTensor, name: string, vector: CpuTensor, vectorName: string): number {
  if (x.shape.length !== 2) throw new DescentError('SHAPE_MISMATCH', `${op}: ${name} must be a matrix [rows, cols], got shape [${x.shape.join(', ')}]`);
  const cols = x.shape[1]!;
  if (vector.size !== cols) throw new DescentError('SHAPE_MISMATCH', `${op}: ${vectorName} must hold ${cols} values (the columns of ${name} [${x.shape.join(', ')}]), got ${vector.size}`);
  return cols;
}

/**
 * `z[i, j] <- z[i, j] + bias[j]` for `z` of shape `[rows, cols]` and `bias` of `cols` values,
 * then, with `relu` (default false), `v > 0 ? v : 0` (NaN and -0 give +0). Both tensors must
 * live in one {@link ComputeArena}.
 *
 * @example
 * cpu.matmul(h, x, w);
 * addBias(h, b, true); // h <- relu(x w + b)
 * @throws DescentError `INVALID_ARGUMENT` for a tensor outside the arena or disposed, `SHAPE_MISMATCH` for mismatched shapes
 */
export function addBias(z: CpuTensor, bias: CpuTensor, relu = false): void {
  const kernels = kernelsOf('addBias', z, bias);
  const cols = columns('addBias', z, 'z', bias, 'bias');
  kernels.biasAct(z.data.byteOffset, bias.data.byteOffset, z.shape[0]!, cols, relu ? 1 : 0);
}

/**
 * `g[i] <- a[i] > 0 ? g[i] : 0`: the ReLU's backward pass (torch's derivative, 0 at 0); `a`
 * is the layer's output after the ReLU or its input (both positive at the same places). Both
 * tensors of the same size, in one {@link ComputeArena}.
 *
 * @example
 * cpu.matmul(dh, dz, w2, { transposeB: true });
 * reluBackward(dh, h); // dh <- dh * [h > 0]
 * @throws DescentError `INVALID_ARGUMENT` for a tensor outside the arena or disposed, `SHAPE_MISMATCH` for different sizes
 */
export function reluBackward(g: CpuTensor, a: CpuTensor): void {
  const kernels = kernelsOf('reluBackward', g, a);
  if (g.size !== a.size) throw new DescentError('SHAPE_MISMATCH', `reluBackward: g and a must have the same size, got ${g.size} and ${a.size}`);
  kernels.reluBackward(g.data.byteOffset, a.data.byteOffset, g.size);
}

/**
 * `out[j] <- sum_i x[i, j]` for `x` of shape `[rows, cols]` and `out` of `cols` values (a
 * bias's gradient), summed in float32 row after row (the plain loop's order, so its bits).
 * Both tensors in one {@link ComputeArena}.
 *
 * @example
 * sumRows(db, dz); // db <- dz summed over the batch
 * @throws DescentError `INVALID_ARGUMENT` for a tensor outside the arena or disposed, `SHAPE_MISMATCH` for mismatched shapes
 */
export function sumRows(out: CpuTensor, x: CpuTensor): void {
  const kernels = kernelsOf('sumRows', x, out);
  const cols = columns('sumRows', x, 'x', out, 'out');
  kernels.sumRows(out.data.byteOffset, x.data.byteOffset, x.shape[0]!, cols);
}
