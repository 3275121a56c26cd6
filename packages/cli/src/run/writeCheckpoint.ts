import { join } from 'node:path';
import { encodeCheckpoint } from '@descent/train';
import type { Checkpoint } from '@descent/train';
import { runFiles } from './runFiles';
import { writeFileAtomic, writeJsonAtomic } from './writeFileAtomic';

/**
 * Writes a checkpoint into its run folder compactly: the tensors as `checkpoint.safetensors`
 * (raw float32), then `checkpoint.json` (the rest), which names that file by id, each
 * atomically. A save that fails while writing leaves the previous pair as it was; one killed
 * between the two renames leaves a pair that {@link readCheckpoint} refuses by name.
 *
 * @example
 * writeCheckpoint('runs/a', trainer.checkpoint());
 */
export function writeCheckpoint(dir: string, checkpoint: Checkpoint): void {
  const { json, tensors } = encodeCheckpoint(checkpoint);
  writeFileAtomic(join(dir, runFiles.checkpointTensors), tensors);
  writeJsonAtomic(join(dir, runFiles.checkpoint), json);
}
