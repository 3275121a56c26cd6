import type { Backend, Tensor } from '@descent/core';
import type { SerializedTensor, TensorValues } from '../types';
import type { Allocate } from './slot';

/**
 * Gradient accumulation over `k` calls of `step()`: the gradients are summed per parameter
 * and their mean (sum / k) is what the transforms see on every k-th call. A parameter
 * without a gradient in some calls sums the ones it had; with none in all k it is skipped.
 */
export class Accumulation {
  /** Calls summed so far in the current window. */
  count = 0;
  private readonly sums: Array<Tensor | null>;
  private readonly present: boolean[];

  constructor(
    readonly k: number,
    private readonly backend: Backend,
    private readonly params: ReadonlyArray<{ readonly name: string; readonly tensor: Tensor }>,
    private readonly allocate: Allocate,
  ) {
    this.sums = params.map(() => null);
    this.present = params.map(() => false);
  }

  private sum(i: number): Tensor {
    let t = this.sums[i]!;
    if (t === null) {
      // The accumulated gradient feeds the fused kernels: it is allocated beside its parameter.
      const p = this.params[i]!;
      t = this.allocate(p.tensor, `${p.name}.accumulator`);
      this.sums[i] = t;
    }
    return t;
  }

  /** Adds this call's gradients; true when the window is full (the step then applies). */
  add(grads: ReadonlyArray<Tensor | undefined>): boolean {
    grads.forEach((g, i) => {
      if (g === undefined) return;
      if (this.present[i]) this.backend.add(this.sum(i), g);
      else this.backend.copy(this.sum(i), g);
      this.present[i] = true;
    });
    this.count++;
    return this.count >= this.k;
  }

  /** The summed gradients of the full window (undefined for a parameter that had none); starts a new window. */
  take(): Array<Tensor | undefined> {
    const out = this.sums.map((t, i) => (this.present[i] ? t! : undefined));
    this.count = 0;
    this.present.fill(false);
    return out;
  }

  /** The pending sums, by parameter name (those that have one). */
  pending(serialize: (t: Tensor) => SerializedTensor): Record<string, SerializedTensor> {
    return Object.fromEntries(this.params.flatMap((p, i) => (this.present[i] && this.count > 0 ? [[p.name, serialize(this.sums[i]!)]] : [])));
  }

  /** Restores a window: `count` calls and each parameter's sum (absent: none yet). */
  load(count: number, sums: ReadonlyMap<string, SerializedTensor<TensorValues>>): void {
    this.count = count;
    this.params.forEach((p, i) => {
      const saved = count > 0 ? sums.get(p.name) : undefined;
      this.present[i] = saved !== undefined;
      if (saved !== undefined) this.backend.write(this.sum(i), saved.data);
    });
  }

  dispose(): void {
    for (const t of this.sums) if (t !== null) this.backend.dispose(t);
    this.sums.fill(null);
  }
}
