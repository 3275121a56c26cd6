import type { Shape, Tensor } from '@descent/core';
import { kernelBytes } from './kernelBytes';

/**
 * WebAssembly SIMD kernels for the fused updates, over arrays that live in one WebAssembly
 * memory. The module is assembled here byte by byte (616 bytes; no toolchain needed), and
 * shipped as those bytes: scripts/build-kernels.mjs writes them to kernelBytes.ts, a test
 * checks they are what this assembles, and the assembler stays out of every bundle. Four
 * float32 lanes per instruction; pointers are byte offsets, n % 4 == 0:
 *   adam(p, g, m, v, n, s, decay, l2, c1, beta2, c2, stepSize, inv, eps)
 *     p' = p * decay;  g' = s g + l2 p';  m <- m + c1 (g' - m);  v <- beta2 v + c2 g'^2
 *     p <- p' - stepSize m / (sqrt(v) inv + eps)
 *   sgd(p, g, b, n, s, wd, keep, fresh, lrOwn, lrBuffer)        (SGD with momentum)
 *     d = s g + wd p;  b <- keep b + fresh d;  p <- p - lrOwn d - lrBuffer b
 *   finite(x, n) -> sum of (x - x): 0 exactly when every element is finite
 */
export function kernelsModule(shared: boolean): Uint8Array<ArrayBuffer> {
  const uleb = (n: number): number[] => {
    const out: number[] = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n !== 0) byte |= 0x80;
      out.push(byte);
    } while (n !== 0);
    return out;
  };
  const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
  const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const I32 = 0x7f;
  const F32 = 0x7d;
  const V128 = 0x7b;
  const get = (i: number): number[] => [0x20, i];
  const set = (i: number): number[] => [0x21, i];
  const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
  const load = simd(0x00, 4, 0);
  const store = simd(0x0b, 4, 0);
  const splat = simd(0x13);
  const sqrt = simd(0xe3);
  const add = simd(0xe4);
  const sub = simd(0xe5);
  const mul = simd(0xe6);
  const div = simd(0xe7);
  /** A loop over byte offsets I in [0, n * 4) by 16, after splatting the float parameters. */
  const loop = (nParam: number, I: number, END: number, splats: number[][], step: number[], after: number[] = []): number[] => [
    ...get(nParam), 0x41, 2, 0x74, ...set(END), // END = n << 2
    ...splats.flat(),
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(I), ...get(END), 0x4f, 0x0d, 1, // if I >= END break
    ...step,
    ...get(I), 0x41, 16, 0x6a, ...set(I),
    0x0c, 0, 0x0b, 0x0b, // br loop, end loop, end block
    ...after,
    0x0b, // end function
  ];

  // adam: params p0 g1 m2 v3 n4 s5 decay6 l2_7 c1_8 beta2_9 c2_10 stepSize11 inv12 eps13;
  // locals I14 END15, splats of params 5..13 at 16..24, PI25 GI26 MI27 MN28 VN29.
  const adam = (() => {
    const [I, END, PI, GI, MI, MN, VN] = [14, 15, 25, 26, 27, 28, 29];
    const V = (param: number): number => param + 11;
    const at = (base: number): number[] => [...get(base), ...get(I), 0x6a];
    return [
      ...[2, 2, I32, 14, V128],
      ...loop(4, I, END, [5, 6, 7, 8, 9, 10, 11, 12, 13].map((p) => [...get(p), ...splat, ...set(V(p))]), [
        ...at(0), ...load, ...get(V(6)), ...mul, ...set(PI),
        ...get(V(5)), ...at(1), ...load, ...mul, ...get(V(7)), ...get(PI), ...mul, ...add, ...set(GI),
        ...at(2), ...load, ...set(MI),
        ...get(MI), ...get(V(8)), ...get(GI), ...get(MI), ...sub, ...mul, ...add, ...set(MN),
        ...get(V(9)), ...at(3), ...load, ...mul, ...get(V(10)), ...get(GI), ...mul, ...get(GI), ...mul, ...add, ...set(VN),
        ...at(2), ...get(MN), ...store,
        ...at(3), ...get(VN), ...store,
        ...at(0), ...get(PI), ...get(V(11)), ...get(MN), ...mul, ...get(VN), ...sqrt, ...get(V(12)), ...mul, ...get(V(13)), ...add, ...div, ...sub, ...store,
      ]),
    ];
  })();

  // sgd: params p0 g1 b2 n3 s4 wd5 keep6 fresh7 lrOwn8 lrBuffer9;
  // locals I10 END11, splats of params 4..9 at 12..17, P18 D19 B20.
  const sgd = (() => {
    const [I, END, P, D, B] = [10, 11, 18, 19, 20];
    const V = (param: number): number => param + 8;
    const at = (base: number): number[] => [...get(base), ...get(I), 0x6a];
    return [
      ...[2, 2, I32, 9, V128],
      ...loop(3, I, END, [4, 5, 6, 7, 8, 9].map((p) => [...get(p), ...splat, ...set(V(p))]), [
        ...at(0), ...load, ...set(P),
        ...get(V(4)), ...at(1), ...load, ...mul, ...get(V(5)), ...get(P), ...mul, ...add, ...set(D),
        ...get(V(6)), ...at(2), ...load, ...mul, ...get(V(7)), ...get(D), ...mul, ...add, ...set(B),
        ...at(2), ...get(B), ...store,
        ...at(0), ...get(P), ...get(V(8)), ...get(D), ...mul, ...sub, ...get(V(9)), ...get(B), ...mul, ...sub, ...store,
      ]),
    ];
  })();

  // finite: params x0 n1; locals I2 END3, ACC4 X5; returns the sum over lanes of sum(x - x),
  // 0 exactly when every element is finite (x - x is NaN for NaN and +-Infinity).
  const finite = (() => {
    const [I, END, ACC, X] = [2, 3, 4, 5];
    const lane = (k: number): number[] => [...get(ACC), ...simd(0x1f, k)];
    return [
      ...[2, 2, I32, 2, V128],
      ...loop(1, I, END, [], [
        ...get(0), ...get(I), 0x6a, ...load, ...set(X),
        ...get(ACC), ...get(X), ...get(X), ...sub, ...add, ...set(ACC),
      ], [...lane(0), ...lane(1), 0x92, ...lane(2), 0x92, ...lane(3), 0x92]),
    ];
  })();

  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [
      3,
      ...[0x60, 14, I32, I32, I32, I32, I32, ...new Array<number>(9).fill(F32), 0],
      ...[0x60, 10, I32, I32, I32, I32, ...new Array<number>(6).fill(F32), 0],
      ...[0x60, 2, I32, I32, 1, F32],
    ]),
    // The memory import: no maximum (flags 0), or for a shared memory (threads) flags 3 with
    // the largest maximum, so that any shared memory links.
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...(shared ? [0x03, 1, ...uleb(65536)] : [0x00, 1])]),
    ...section(3, [3, 0, 1, 2]),
    ...section(7, [3, ...name('adam'), 0x00, 0, ...name('sgd'), 0x00, 1, ...name('finite'), 0x00, 2]),
    ...section(10, [3, ...uleb(adam.length), ...adam, ...uleb(sgd.length), ...sgd, ...uleb(finite.length), ...finite]),
  ];
  return new Uint8Array(bytes);
}

export type AdamKernel = (p: number, g: number, m: number, v: number, n: number, s: number, decay: number, l2: number, c1: number, beta2: number, c2: number, stepSize: number, inv: number, eps: number) => void;
export type FiniteKernel = (x: number, n: number) => number;
export type SgdKernel = (p: number, g: number, b: number, n: number, s: number, wd: number, keep: number, fresh: number, lrOwn: number, lrBuffer: number) => void;

/** The module as kernelsModule(false) assembles it: the embedded bytes (written by scripts/build-kernels.mjs). */
export function moduleBytes(): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(kernelBytes), (c) => c.charCodeAt(0));
}

/**
 * The module as kernelsModule(true) assembles it (for a shared memory), derived from the
 * embedded bytes (a test checks it): the memory import's limits (flags 0, minimum 1) become
 * flags 3, minimum 1, maximum 65536 pages, and the import section (one byte of size here)
 * grows by 3 bytes. Only {@link attachWasmKernels} needs it, so a bundle of an optimizer
 * alone leaves it out.
 */
export function sharedModuleBytes(): Uint8Array<ArrayBuffer> {
  const bytes = moduleBytes();
  let i = 8;
  const uleb = (): number => {
    let n = 0;
    let k = 0;
    let b: number;
    do {
      b = bytes[i++]!;
      n |= (b & 0x7f) << k;
      k += 7;
    } while ((b & 0x80) !== 0);
    return n;
  };
  while (bytes[i] !== 2) {
    i++;
    const length = uleb();
    i += length;
  }
  const size = bytes[i + 1]!;
  const end = i + 2 + size;
  return Uint8Array.of(...bytes.subarray(0, i + 1), size + 3, ...bytes.subarray(i + 2, end - 2), 0x03, 1, 0x80, 0x80, 0x04, ...bytes.subarray(end));
}

const moduleCache = new Map<() => Uint8Array<ArrayBuffer>, WebAssembly.Module | null>();
/** The module of `bytes` (moduleBytes or sharedModuleBytes) compiled once, or null where SIMD is unavailable. */
export function compiled(bytes: () => Uint8Array<ArrayBuffer> = moduleBytes): WebAssembly.Module | null {
  let module = moduleCache.get(bytes);
  if (module === undefined) {
    const b = bytes();
    module = typeof WebAssembly === 'object' && WebAssembly.validate(b) ? new WebAssembly.Module(b) : null;
    moduleCache.set(bytes, module);
  }
  return module;
}

/** The three SIMD kernels over one WebAssembly memory, or null where SIMD is unavailable. */
export interface Kernels {
  readonly adam: AdamKernel | null;
  readonly sgd: SgdKernel | null;
  readonly finite: FiniteKernel | null;
}

/** The kernels instantiated over `memory`, an unshared memory unless `module` is {@link compiled}(sharedModuleBytes). */
export function instantiate(memory: WebAssembly.Memory, module = compiled()): Kernels {
  const exports = module === null ? null : new WebAssembly.Instance(module, { env: { memory } }).exports;
  return {
    adam: exports === null ? null : (exports.adam as AdamKernel),
    sgd: exports === null ? null : (exports.sgd as SgdKernel),
    finite: exports === null ? null : (exports.finite as FiniteKernel),
  };
}

/** What the kernels need of a WasmArena: its kernels, and room for state beside a parameter. */
export interface ArenaLike extends Kernels {
  readonly free: number;
  zeros(shape: Shape, name?: string): Tensor;
}

const arenas = new WeakMap<ArrayBufferLike, ArenaLike>();

/** Records the arena that owns `memory` (so tensors in it run the kernels in place). */
export function registerArena(memory: WebAssembly.Memory, arena: ArenaLike): void {
  arenas.set(memory.buffer, arena);
}

/** The arena holding `data` (a Float32Array in it, or its memory), if any. */
export function arenaOfData(data: Float32Array | WebAssembly.Memory): ArenaLike | undefined {
  return arenas.get(data.buffer);
}

/** The arena holding a cpu tensor's data, if any. */
export function arenaOf(t: Tensor): ArenaLike | undefined {
  const data = (t as { data?: unknown }).data;
  return data instanceof Float32Array ? arenas.get(data.buffer) : undefined;
}

// Floats per staged block: 4 x 128 KiB stay in L2 cache (1-2 MiB per core on current x86).
// Measured here: 32768 ~36 ms, 8192 ~39 ms, 4096 ~42 ms for a 10M-parameter Adam step.
const BLOCK = 32768;

let staging: { arena: Kernels; buffers: Float32Array[] } | null | undefined;
/** A small WebAssembly memory whose 4 block buffers stage arrays that live outside one. */
function stage(): { arena: Kernels; buffers: Float32Array[] } | null {
  if (staging === undefined) {
    if (compiled() === null) staging = null;
    else {
      const memory = new WebAssembly.Memory({ initial: Math.ceil((4 * BLOCK * 4) / 65536) });
      staging = { arena: instantiate(memory), buffers: [0, 1, 2, 3].map((i) => new Float32Array(memory.buffer, i * BLOCK * 4, BLOCK)) };
    }
  }
  return staging;
}

function inPlace(arrays: Float32Array[]): ArenaLike | undefined {
  const arena = arenaOfData(arrays[0]!);
  return arena !== undefined && arrays.every((a) => a.buffer === arrays[0]!.buffer && a.byteOffset % 16 === 0) ? arena : undefined;
}

/**
 * Runs a SIMD kernel over the first `n` elements (a multiple of 4) of `arrays` (the first
 * `written` of which it updates): in place when they all live in one {@link WasmArena},
 * else block by block through a cache-resident staging arena (copy in, kernel, copy back),
 * which moves the same bytes through main memory as the kernel alone. Returns false when
 * WebAssembly SIMD is unavailable (the caller's JS loop then does everything).
 */
function simd(arrays: Float32Array[], written: number, n: number, run: (arena: Kernels, offsets: number[], length: number) => void): boolean {
  const arena = inPlace(arrays);
  if (arena !== undefined) {
    run(arena, arrays.map((a) => a.byteOffset), n);
    return true;
  }
  const s = stage();
  if (s === null) return false;
  const buffers = s.buffers.slice(0, arrays.length);
  const offsets = buffers.map((b) => b.byteOffset);
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    arrays.forEach((a, i) => buffers[i]!.set(a.subarray(start, end)));
    run(s.arena, offsets, end - start);
    for (let i = 0; i < written; i++) arrays[i]!.set(end - start === BLOCK ? buffers[i]! : buffers[i]!.subarray(0, end - start), start);
  }
  return true;
}

/** Adam/AdamW's SIMD update of the first `n` elements (n % 4 == 0); false when SIMD is unavailable. */
export function simdAdam(p: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, n: number, s: number, decay: number, l2: number, c1: number, beta2: number, c2: number, stepSize: number, inv: number, eps: number): boolean {
  return simd([p, m, v, grad], 3, n, (arena, [op, om, ov, og], length) => arena.adam!(op!, og!, om!, ov!, length, s, decay, l2, c1, beta2, c2, stepSize, inv, eps));
}

/** SGD-with-momentum's SIMD update of the first `n` elements (n % 4 == 0); false when SIMD is unavailable. */
export function simdSgd(p: Float32Array, b: Float32Array, grad: Float32Array, n: number, s: number, wd: number, keep: number, fresh: number, lrOwn: number, lrBuffer: number): boolean {
  return simd([p, b, grad], 2, n, (arena, [op, ob, og], length) => arena.sgd!(op!, og!, ob!, length, s, wd, keep, fresh, lrOwn, lrBuffer));
}

/**
 * Plain SGD's SIMD update (p <- p - lr (s g + wd p)) of the first `n` elements (n % 4 == 0),
 * in place only (both arrays in one arena; false otherwise): the momentum kernel with its
 * buffer pointed at `p` and keep = fresh = 0, so the buffer store (0) comes before the
 * parameter's store at the same address, which then holds p - lr d.
 */
export function simdSgdInPlace(p: Float32Array, grad: Float32Array, n: number, s: number, wd: number, lr: number): boolean {
  const arena = inPlace([p, grad]);
  if (arena?.sgd == null) return false;
  arena.sgd(p.byteOffset, grad.byteOffset, p.byteOffset, n, s, wd, 0, 0, lr, 0);
  return true;
}

/**
 * True when every element of `a` is finite, by the SIMD kernel (in place in a WasmArena,
 * else staged block by block); null when WebAssembly SIMD is unavailable.
 */
export function simdAllFinite(a: Float32Array): boolean | null {
  const n = a.length;
  const n4 = n - (n % 4);
  let sum = 0;
  for (let i = n4; i < n; i++) sum += a[i]! - a[i]!;
  const arena = inPlace([a]);
  if (arena?.finite != null) return sum + arena.finite(a.byteOffset, n4) === 0;
  const s = stage();
  if (s === null) return null;
  const buffer = s.buffers[0]!;
  for (let start = 0; start < n4; start += BLOCK) {
    const end = Math.min(n4, start + BLOCK);
    buffer.set(a.subarray(start, end));
    sum += s.arena.finite!(buffer.byteOffset, end - start);
  }
  return sum === 0;
}
