import { DescentError } from '@descent/core';
import type * as tfjsOps from './tfjsOps';

/** TensorFlow.js as this package uses it: tfjs-core's ops (its gradients registered) and `@descent/core/tfjs`, the descent backend over it. */
export interface Tfjs {
  tf: typeof tfjsOps;
  adapter: Pick<typeof tfjsOps, 'tfjs' | 'TfjsTensor'>;
}

let loaded: Tfjs | undefined;
let loading: Promise<Tfjs> | undefined;

/**
 * Loads TensorFlow.js, once (`./tfjsOps`): tfjs-core, its gradient registrations
 * (`#tfjs-gradients`, see package.json "imports") and core's tfjs backend. Nothing imports them at module load, so a
 * thread that trains only on the `descent` engine never pays for tfjs (about 1 s of CPU in
 * Node, where `#tfjs-gradients` is the whole `@tensorflow/tfjs`). `initBackend` awaits it for
 * every tfjs choice; `train`, `trainModel` and `Trainer.run` await it before they need it.
 */
export function loadTfjs(): Promise<Tfjs> {
  loading ??= (async () => {
    const ops = await import('./tfjsOps');
    loaded = { tf: ops, adapter: ops };
    return loaded;
  })().catch((error: unknown) => {
    // A failed load (a missing package) is tried again by the next call.
    loading = undefined;
    throw error;
  });
  return loading;
}

/** TensorFlow.js if {@link loadTfjs} has loaded it, else undefined. */
export function tfjsIfLoaded(): Tfjs | undefined {
  return loaded;
}

/**
 * TensorFlow.js for a synchronous function that needs it (`createMlp`, the losses, the model
 * adapters): loaded by an earlier `initBackend` (or `train`, `trainModel`).
 *
 * @throws DescentError `INVALID_STATE`, naming `op`, when it is not loaded yet
 */
export function loadedTfjs(op: string): Tfjs {
  if (loaded !== undefined) return loaded;
  throw new DescentError(
    'INVALID_STATE',
    `${op}: TensorFlow.js is not loaded yet: await initBackend('cpu' | 'wasm' | 'webgl' | 'tensorflow' | 'auto') first (it loads tfjs on demand; the 'descent' engine does not use it)`,
  );
}
