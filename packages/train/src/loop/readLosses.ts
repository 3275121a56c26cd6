import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@descent/core';
import { TfjsTensor } from '@descent/core/tfjs';

/**
 * The values of step losses (numbers, or scalar descent tensors), then disposes the tensors.
 * The tfjs ones are stacked and read back in one transfer: a GPU waits once per read, not
 * once per step.
 *
 * @example
 * readLosses([0.7, tfjs.fromArray([0.5], [])]); // [0.7, 0.5]
 */
export function readLosses(losses: ReadonlyArray<number | Tensor>): number[] {
  const values = new Array<number>(losses.length);
  const onDevice: number[] = [];
  losses.forEach((loss, i) => {
    if (typeof loss === 'number') values[i] = loss;
    else if (loss instanceof TfjsTensor) onDevice.push(i);
    else values[i] = loss.backend.read(loss)[0]!;
  });
  if (onDevice.length > 0) {
    const stacked = tf.tidy(() => tf.stack(onDevice.map((i) => tf.reshape((losses[i] as TfjsTensor).value, []))));
    const data = stacked.dataSync();
    stacked.dispose();
    onDevice.forEach((i, k) => (values[i] = data[k]!));
  }
  for (const loss of losses) if (typeof loss !== 'number') loss.backend.dispose(loss);
  return values;
}
