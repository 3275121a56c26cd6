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

/** The update of the step in progress, in deferred form, and its scratch tensor. */
interface Pending {
  terms: Term[];
  scratch: Tensor | null;
}

type View = ParamUpdate<Record<string, unknown>>;

/**
 * Everything one parameter carries between steps (its step, scalars, buffers) and, during
 * a step, its update in deferred form. Transforms see it through {@link ParamUpdate} views
 * (see {@link Slot.view}).
 */
export class Slot implements Omit<View, 'temp'> {
  step = 0;
  scalars: Record<string, number> = {};
  buffers = new Map<string, Tensor>();
  /** Scratch tensors by owner (each transform its own), allocated on first use, never saved. */
  private readonly temps = new Map<object, Tensor[]>();
  // Held in an object, not in fields of the slot: a view only reads the slot's own fields
  // (through its prototype), so what a view's calls change must live in objects they share.
  private readonly pending: Pending = { terms: [], scratch: null };
  /** The group's hyperparameters for the step in progress. */
  h: Record<string, unknown> = {};
  private readonly views = new Map<object, View>();

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

  /** The parameter (as {@link ParamUpdate} names it). */
  get param(): Tensor {
    return this.tensor;
  }

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

  /** Whether the buffer `name` exists. */
  has(name: string): boolean {
    return this.buffers.has(name);
  }

  /** Scratch tensor `index` of transform `owner`. */
  tempOf(owner: object, index: number): Tensor {
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
  private scratch(): Tensor {
    this.pending.scratch ??= this.backend.zerosLike(this.tensor, `${this.name}.update`);
    return this.pending.scratch;
  }

  /** Starts a step's update: `coef * grad`. */
  begin(grad: Tensor, coef: number, h: Record<string, unknown>): void {
    this.pending.terms = [{ a: grad, b: undefined, coef }];
    this.h = h;
  }

  single(): { a: Tensor; coef: number } | undefined {
    const { terms } = this.pending;
    const [t] = terms;
    return terms.length === 1 && t!.b === undefined ? { a: t!.a, coef: t!.coef } : undefined;
  }

  read(): Tensor {
    const s = this.single();
    return s !== undefined && s.coef === 1 ? s.a : this.materialize();
  }

  materialize(): Tensor {
    const s = this.scratch();
    const { backend, pending } = this;
    const { terms } = pending;
    if (terms.some((t) => t.b === s)) throw new DescentError('INVALID_ARGUMENT', `${this.name}: an update term divides by the update's own scratch`);
    // The scratch's own term goes first (it is scaled in place); the others are added to it.
    const own = terms.findIndex((t) => t.a === s);
    const ordered = own > 0 ? [terms[own]!, ...terms.filter((_, i) => i !== own)] : terms;
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
    pending.terms = [{ a: s, b: undefined, coef: 1 }];
    return s;
  }

  scale(s: number): void {
    for (const t of this.pending.terms) t.coef *= s;
  }

  replace(a: Tensor, coef = 1, b?: Tensor): void {
    this.pending.terms = [{ a, b, coef }];
  }

  add(a: Tensor, coef = 1, b?: Tensor): void {
    this.pending.terms.push({ a, b, coef });
  }

  /**
   * `param += update`. Terms of the parameter itself (decoupled weight decay) are applied
   * first, as one multiplication, as torch does (AdamW decays, then steps); the others
   * then in order, as torch's `add_` and `addcdiv_`.
   */
  apply(): void {
    const { backend, tensor: p, pending } = this;
    let decay = 0;
    for (const t of pending.terms) if (t.a === p && t.b === undefined) decay += t.coef;
    if (decay !== 0) backend.scale(p, 1 + decay);
    for (const t of pending.terms) {
      if (t.a === p && t.b === undefined) continue;
      if (t.b === undefined) backend.add(p, t.a, t.coef);
      else backend.addcdiv(p, t.a, t.b, t.coef);
    }
    pending.terms = [];
  }

  /**
   * The view of this parameter that transform `owner` gets: the slot itself (its prototype),
   * with the owner's own scratch tensors as `temp` and `within` giving other owners' views.
   */
  view<H>(owner: object): ParamUpdate<H> {
    let v = this.views.get(owner);
    if (v === undefined) {
      v = Object.create(this, {
        temp: { value: (index: number) => this.tempOf(owner, index) },
        within: { value: (other: object) => this.view(other) },
      }) as View;
      this.views.set(owner, v);
    }
    // The hyperparameters are the group's record; each transform reads its own keys of it.
    return v as unknown as ParamUpdate<H>;
  }

  /** The view of another transform (see {@link Slot.view}). */
  within(owner: object): View {
    return this.view(owner);
  }

  /** Frees every tensor this slot allocated (buffers, temps, scratch). */
  dispose(): void {
    for (const t of this.buffers.values()) this.backend.dispose(t);
    for (const list of this.temps.values()) for (const t of list) this.backend.dispose(t);
    if (this.pending.scratch !== null) this.backend.dispose(this.pending.scratch);
    this.buffers.clear();
    this.temps.clear();
    this.pending.scratch = null;
  }
}
