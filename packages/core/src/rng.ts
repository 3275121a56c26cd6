import { DescentError } from './errors';

/** The serialisable state of an {@link Rng}: four 32-bit words and a cached normal. */
export interface RngState {
  readonly algorithm: 'xoshiro128**';
  readonly s: readonly [number, number, number, number];
  /** Second value of the last Box-Muller pair, not yet returned (or null). */
  readonly spareNormal: number | null;
}

/** SplitMix32 (Vigna): spreads a 32-bit seed over the generator's state words. */
function splitmix32(seed: number): () => number {
  let z = seed >>> 0;
  return () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
    t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman and Vigna, 2018,
 * https://prng.di.unimi.it/xoshiro128starstar.c), seeded through SplitMix32. Used for
 * everything that must be reproducible: initialisation, shuffling, gradient noise.
 * Its state can be saved and restored exactly (`getState` / `Rng.fromState`).
 *
 * @example
 * const rng = new Rng(42);
 * rng.float();        // uniform in [0, 1)
 * rng.normal();       // standard normal
 * rng.shuffle(order); // in-place Fisher-Yates
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /** @param seed any finite number; its low 32 bits (and the high ones, folded in) seed the state. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new DescentError('INVALID_ARGUMENT', `Rng: seed must be a finite number, got ${String(seed)}`);
    }
    const next = splitmix32((seed >>> 0) ^ Math.floor(seed / 0x100000000));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Restores a generator from {@link Rng.getState}'s output. */
  static fromState(state: RngState): Rng {
    const ok =
      state !== null &&
      typeof state === 'object' &&
      state.algorithm === 'xoshiro128**' &&
      Array.isArray(state.s) &&
      state.s.length === 4 &&
      state.s.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) &&
      state.s.some((w) => w !== 0) &&
      (state.spareNormal === null || Number.isFinite(state.spareNormal));
    if (!ok) {
      throw new DescentError(
        'INVALID_STATE',
        `Rng.fromState: expected { algorithm: 'xoshiro128**', s: four 32-bit words not all zero, spareNormal: number | null }, got ${JSON.stringify(state)}`,
      );
    }
    const rng = new Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = state.s;
    rng.spare = state.spareNormal;
    return rng;
  }

  /** A JSON-serialisable snapshot; `Rng.fromState` continues the exact same stream. */
  getState(): RngState {
    return { algorithm: 'xoshiro128**', s: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spare };
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new DescentError('INVALID_ARGUMENT', `Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A standard normal (mean 0, sd 1), by the Box-Muller transform. */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    let u = this.float();
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<A extends { length: number; [i: number]: unknown }>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** Fills `out` with uniforms in [lo, hi). */
  fillUniform<A extends Float32Array | Float64Array>(out: A, lo = 0, hi = 1): A {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(lo, hi);
    return out;
  }

  /** Fills `out` with normals of the given mean and standard deviation. */
  fillNormal<A extends Float32Array | Float64Array>(out: A, mean = 0, std = 1): A {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** An independent generator, seeded from this one (advances this one by two draws). */
  fork(): Rng {
    return new Rng(this.nextUint32() * 0x100000000 + this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
