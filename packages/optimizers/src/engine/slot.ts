import { DescentError } from '@descent/core';
import type { Backend, Tensor } from '@descent/core';
import type { ParamUpdate } from '../transform';

/** One deferred term of an update: `coef * a`, or `coef * a / b`. */
interface Term {
  a: Tensor;
  b: Tensor | undefined;
  coef: number;
}

/** Allocates a state tensor for a parameter (beside it, where a kernel wants it). */
export type Allocate = (param: Tensor, name: string) => Tensor;

/**
 * Everything one parameter carries between steps (its step, scalars, buffers) and, during
 * a step, its update in deferred form. Transforms see it through {@link ParamUpdate} views.
 */
export class Slot {
  step = 0;
  scalars: Record<string, number> = {};
  buffers = new Map<string, Tensor>();
  /** Scratch tensors by owner (each transform its own), allocated on first use, never saved. */
  private readonly temps = new Map<object, Tensor[]>();
  private scratchTensor: Tensor | null = null;
  private terms: Term[] = [];
  /** The group's hyperparameters for the step in progress. */
  h: Record<string, unknown> = {};
  private readonly views = new Map<object, SlotView>();

  constructor(
    /** Position in the parameters as given (positional gradients follow it). */
    readonly index: number,
    readonly name: string,
    readonly tensor: Tensor,
    readonly group: number,
    readonly backend: Backend,
    private readonly allocate: Allocate,
    /** Buffers whose shape is not the parameter's (a factored state), by name. */
    private readonly shapes: Readonly<Record<string, (shape: readonly number[]) => number[]>> = {},
  ) {}

  /** The persistent buffer `name`, created on first use as zeros (or `fill`). */
  buffer(name: string, fill?: number): Tensor {
    let t = this.buffers.get(name);
    if (t === undefined) {
      const shape = this.shapes[name];
      t = shape === undefined ? this.allocate(this.tensor, `${this.name}.${name}`) : this.backend.zeros(shape(this.tensor.shape), `${this.name}.${name}`);
      if (fill !== undefined && fill !== 0) this.backend.fill(t, fill);
      this.buffers.set(name, t);
    }
    return t;
  }

  temp(owner: object, index: number): Tensor {
    let list = this.temps.get(owner);
    if (list === undefined) {
      list = [];
      this.temps.set(owner, list);
    }
    let t = list[index];
    if (t === undefined) {
      t = this.backend.zerosLike(this.tensor, `${this.name}.temp${index}`);
      list[index] = t;
    }
    return t;
  }

  /** The update's own scratch tensor. */
  scratch(): Tensor {
    if (this.scratchTensor === null) this.scratchTensor = this.backend.zerosLike(this.tensor, `${this.name}.update`);
    return this.scratchTensor;
  }

  /** Starts a step's update: `coef * grad`. */
  begin(grad: Tensor, coef: number, h: Record<string, unknown>): void {
    this.terms = [{ a: grad, b: undefined, coef }];
    this.h = h;
  }

  single(): { a: Tensor; coef: number } | undefined {
    const [t] = this.terms;
    return this.terms.length === 1 && t!.b === undefined ? { a: t!.a, coef: t!.coef } : undefined;
  }

  read(): Tensor {
    const s = this.single();
    return s !== undefined && s.coef === 1 ? s.a : this.materialize();
  }

  materialize(): Tensor {
    const s = this.scratch();
    const { backend } = this;
    if (this.terms.some((t) => t.b === s)) throw new DescentError('INVALID_ARGUMENT', `${this.name}: an update term divides by the update's own scratch`);
    // The scratch's own term goes first (it is scaled in place); the others are added to it.
    const own = this.terms.findIndex((t) => t.a === s);
    const ordered = own > 0 ? [this.terms[own]!, ...this.terms.filter((_, i) => i !== own)] : this.terms;
    const [first, ...rest] = ordered;
    if (first === undefined) backend.fill(s, 0);
    else if (first.a === s) {
      if (first.b !== undefined) backend.div(s, first.b);
      if (first.coef !== 1) backend.scale(s, first.coef);
    } else {
      backend.copy(s, first.a);
      if (first.b !== undefined) backend.div(s, first.b);
      if (first.coef !== 1) backend.scale(s, first.coef);
    }
    for (const t of rest) {
      if (t.a === s) throw new DescentError('INVALID_ARGUMENT', `${this.name}: the update's scratch appears twice in its terms`);
      if (t.b === undefined) backend.add(s, t.a, t.coef);
      else backend.addcdiv(s, t.a, t.b, t.coef);
    }
    this.terms = [{ a: s, b: undefined, coef: 1 }];
    return s;
  }

  scale(s: number): void {
    for (const t of this.terms) t.coef *= s;
  }

  replace(a: Tensor, coef = 1, b?: Tensor): void {
    this.terms = [{ a, b, coef }];
  }

  add(a: Tensor, coef = 1, b?: Tensor): void {
    this.terms.push({ a, b, coef });
  }

  /**
   * `param += update`. Terms of the parameter itself (decoupled weight decay) are applied
   * first, as one multiplication, as torch does (AdamW decays, then steps); the others
   * then in order, as torch's `add_` and `addcdiv_`.
   */
  apply(): void {
    const { backend, tensor: p } = this;
    let decay = 0;
    for (const t of this.terms) if (t.a === p && t.b === undefined) decay += t.coef;
    if (decay !== 0) backend.scale(p, 1 + decay);
    for (const t of this.terms) {
      if (t.a === p && t.b === undefined) continue;
      if (t.b === undefined) backend.add(p, t.a, t.coef);
      else backend.addcdiv(p, t.a, t.b, t.coef);
    }
    this.terms = [];
  }

  /** The view of this parameter that transform `owner` gets. */
  view<H>(owner: object): ParamUpdate<H> {
    let v = this.views.get(owner);
    if (v === undefined) {
      v = new SlotView(this, owner);
      this.views.set(owner, v);
    }
    // The hyperparameters are the group's record; each transform reads its own keys of it.
    return v as unknown as ParamUpdate<H>;
  }

  /** Frees every tensor this slot allocated (buffers, temps, scratch). */
  dispose(): void {
    for (const t of this.buffers.values()) this.backend.dispose(t);
    for (const list of this.temps.values()) for (const t of list) this.backend.dispose(t);
    if (this.scratchTensor !== null) this.backend.dispose(this.scratchTensor);
    this.buffers.clear();
    this.temps.clear();
    this.scratchTensor = null;
  }
}

/** A slot as one transform sees it: the shared update, the transform's own temps. */
class SlotView implements ParamUpdate<Record<string, unknown>> {
  constructor(
    private readonly slot: Slot,
    private readonly owner: object,
  ) {}
  get backend(): Backend {
    return this.slot.backend;
  }
  get name(): string {
    return this.slot.name;
  }
  get param(): Tensor {
    return this.slot.tensor;
  }
  get h(): Record<string, unknown> {
    return this.slot.h;
  }
  get step(): number {
    return this.slot.step;
  }
  get scalars(): Record<string, number> {
    return this.slot.scalars;
  }
  buffer(name: string, fill?: number): Tensor {
    return this.slot.buffer(name, fill);
  }
  has(name: string): boolean {
    return this.slot.buffers.has(name);
  }
  temp(index: number): Tensor {
    return this.slot.temp(this.owner, index);
  }
  read(): Tensor {
    return this.slot.read();
  }
  materialize(): Tensor {
    return this.slot.materialize();
  }
  scale(s: number): void {
    this.slot.scale(s);
  }
  replace(a: Tensor, coef?: number, b?: Tensor): void {
    this.slot.replace(a, coef, b);
  }
  add(a: Tensor, coef?: number, b?: Tensor): void {
    this.slot.add(a, coef, b);
  }
  single(): { readonly a: Tensor; readonly coef: number } | undefined {
    return this.slot.single();
  }
  within(owner: object): ParamUpdate<Record<string, unknown>> {
    return this.slot.view(owner);
  }
}
