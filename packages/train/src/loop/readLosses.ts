import type { Tensor } from '@descent/core';
import type { TfjsTensor } from '@descent/core/tfjs';
import { tfjsIfLoaded } from '../backend/loadTfjs';

/**
 * The values of step losses (numbers, or scalar descent tensors), then disposes the tensors.
 * The tfjs ones are stacked and read back in one transfer: a GPU waits once per read, not
 * once per step (a tensor of another backend, or any tensor while this package has not loaded
 * tfjs, is read on its own).
 *
 * @example
 * readLosses([0.7, tfjs.fromArray([0.5], [])]); // [0.7, 0.5]
 */
export function readLosses(losses: ReadonlyArray<number | Tensor>): number[] {
  const values = new Array<number>(losses.length);
  const onDevice: number[] = [];
  const loaded = tfjsIfLoaded();
  losses.forEach((loss, i) => {
    if (typeof loss === 'number') values[i] = loss;
    else if (loaded !== undefined && loss instanceof loaded.adapter.TfjsTensor) onDevice.push(i);
    else values[i] = loss.backend.read(loss)[0]!;
  });
  if (loaded !== undefined && onDevice.length > 0) {
    const { tf } = loaded;
    const stacked = tf.tidy(() => tf.stack(onDevice.map((i) => tf.reshape((losses[i] as TfjsTensor).value, []))));
    const data = stacked.dataSync();
    stacked.dispose();
    onDevice.forEach((i, k) => (values[i] = data[k]!));
  }
  for (const loss of losses) if (typeof loss !== 'number') loss.backend.dispose(loss);
  return values;
}
