import { DescentError } from '@descent/core';
import type { Checkpoint } from '../types';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function count(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * Checks that `value` has the shape of a {@link Checkpoint} (as read back from JSON) and
 * returns it typed. Weights and optimizer state are checked in depth when loaded.
 *
 * @example
 * const checkpoint = checkCheckpoint(JSON.parse(await readFile('checkpoint.json', 'utf8')));
 * @throws DescentError `INVALID_STATE` naming the first field that is wrong
 */
export function checkCheckpoint(value: unknown): Checkpoint {
  const bad = (field: string, expected: string): never => {
    throw new DescentError('INVALID_STATE', `checkCheckpoint: ${field} must be ${expected}`, { details: { field } });
  };
  if (!isObject(value)) return bad('the checkpoint', 'an object');
  if (value.format !== 'descent-checkpoint') bad('format', "'descent-checkpoint'");
  if (value.version === 2) {
    throw new DescentError(
      'INVALID_STATE',
      'checkCheckpoint: this is the JSON half of a compact checkpoint (version 2): join it with its safetensors file first, decodeCheckpoint(json, bytes)',
      { details: { field: 'version' } },
    );
  }
  if (value.version !== 1) bad('version', `1 (this version of @descent/train reads version 1), got ${JSON.stringify(value.version)}`);
  if (!isObject(value.config)) bad('config', 'an object');
  if (typeof value.backend !== 'string') bad('backend', 'a string');
  for (const field of ['epoch', 'batch', 'step'] as const) if (!count(value[field])) bad(field, 'a non-negative integer');
  if (!isObject(value.weights)) bad('weights', 'an object of encoded tensors');
  if (!isObject(value.optimizer)) bad('optimizer', 'an optimizer state (stateDict)');
  if (!isObject(value.rng)) bad('rng', 'an Rng state');
  const partial = value.partial;
  if (!isObject(partial) || typeof partial.lossSum !== 'number' || !count(partial.batches) || typeof partial.seconds !== 'number') {
    bad('partial', '{ lossSum: number, batches: integer, seconds: number }');
  }
  if (!Array.isArray(value.history) || !value.history.every(isObject)) bad('history', 'a list of epoch metrics');
  if (value.diverged !== null && !isObject(value.diverged)) bad('diverged', 'null or { step, epoch, batch, loss }');
  return value as unknown as Checkpoint;
}
