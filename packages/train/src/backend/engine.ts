/**
 * Which engine the built-in MLP is built on in this thread, as the last {@link initBackend}
 * chose: TensorFlow.js (whatever backend tfjs has active) or descent's own (no tfjs), with
 * the threads its products may use. Like tfjs' active backend, it is per thread.
 */
export type Engine = { name: 'tfjs' } | { name: 'descent'; threads: number; fma: boolean };

let current: Engine = { name: 'tfjs' };

/** The engine the built-in MLP uses now. @internal */
export function activeEngine(): Engine {
  return current;
}

/** Sets the engine (initBackend does). @internal */
export function setEngine(engine: Engine): void {
  current = engine;
}
