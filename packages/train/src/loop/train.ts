import { activeEngine } from '../backend/engine';
import { loadTfjs } from '../backend/loadTfjs';
import type { Checkpoint, TrainConfig, TrainData, TrainHooks, TrainResult } from '../types';
import { Trainer } from './Trainer';

/**
 * Trains the built-in MLP ({@link createMlp}, `config.hidden`) end to end: builds a
 * {@link Trainer} (from `resume` when given), runs it, and frees everything it allocated
 * on the device. The backend must be initialised first ({@link initBackend}). For a model
 * of your own, see {@link trainModel}.
 *
 * Hooks (all optional): `onStep`, `onEpoch`, `onDiverged`, `signal`; plus `resume`, a
 * checkpoint to continue from.
 *
 * @example
 * await initBackend('auto');
 * const mnist = await loadMnist();
 * const result = await train({ hidden: [200], optimizer: 'sgd', optimizerOptions: { lr: 0.1 }, epochs: 2 }, mnist, {
 *   onEpoch: (m) => console.log(`epoch ${m.epoch}: test accuracy ${m.testAccuracy}`),
 * });
 * result.status; // 'completed'
 */
export async function train(config: TrainConfig, data: TrainData, hooks: TrainHooks & { resume?: Checkpoint } = {}): Promise<TrainResult> {
  // The MLP on tfjs needs it loaded (initBackend did, unless it was never called); descent's engine never loads it.
  if (activeEngine().name === 'tfjs') await loadTfjs();
  const trainer = new Trainer(config, data, hooks.resume === undefined ? {} : { resume: hooks.resume });
  try {
    return await trainer.run(hooks);
  } finally {
    trainer.dispose();
  }
}
