import type { Backend, Tensor } from '@descent/core';
import type { StepReport } from '../types';

/**
 * The update's size per step: a copy of the parameters before it, then the norm of the
 * change, of the parameters, and their ratio (a healthy training is often near 1e-3).
 */
export class Telemetry {
  private readonly previous: Array<Tensor | null>;

  constructor(
    private readonly backend: Backend,
    private readonly params: readonly Tensor[],
  ) {
    this.previous = params.map(() => null);
  }

  /** Remembers the parameters before the update. */
  before(): void {
    this.params.forEach((p, i) => {
      let t = this.previous[i]!;
      if (t === null) {
        t = this.backend.zerosLike(p, `${p.name ?? 'param'}.previous`);
        this.previous[i] = t;
      }
      this.backend.copy(t, p);
    });
  }

  /** Writes `updateNorm`, `weightNorm` and `updateToWeight` into `report`. */
  after(report: StepReport): void {
    const change = this.params.map((p, i) => {
      const t = this.previous[i]!;
      this.backend.scale(t, -1);
      this.backend.add(t, p);
      return t;
    });
    report.updateNorm = Math.sqrt(this.backend.sumSquares(change));
    report.weightNorm = Math.sqrt(this.backend.sumSquares([...this.params]));
    report.updateToWeight = report.weightNorm === 0 ? Infinity : report.updateNorm / report.weightNorm;
  }

  dispose(): void {
    for (const t of this.previous) if (t !== null) this.backend.dispose(t);
    this.previous.fill(null);
  }
}
