import type { RunSpec } from '../state/runSpec';

/** What one of the lecture's runs should teach, and what to look at to see it. */
export interface Lesson {
  /** The lecture's words. */
  claim: string;
  /** Where to look on the charts. */
  watch: string;
}

/** The lessons of the lecture's preset, by plain-SGD learning rate and schedule (`lr|schedule`). */
const LESSONS: ReadonlyMap<string, Lesson> = new Map([
  ['0.0001|', { claim: 'Low learning rate: slow convergence.', watch: 'its loss hardly leaves 2.3 (chance over 10 classes) while lr 0.01 is already far below.' }],
  ['0.01|', { claim: 'A well chosen learning rate converges.', watch: 'a steady fall of the loss and a steady climb of the accuracy, no rise.' }],
  ['0.1|', { claim: 'High learning rate: convergence is fast at the beginning, but fails to find a good optimum at the end.', watch: 'the fastest start; then compare where it levels off with the decayed run.' }],
  ['1|', { claim: 'Ridiculously high learning rate: oscillations start to appear (convergence problems).', watch: 'the wobble of its loss curve and the dips in its accuracy.' }],
  ['1|step:938:0.5', { claim: 'The remedy: decay the learning rate during learning, e.g. divide by two every X epochs.', watch: 'the same start as lr 1, then, after the halving at step 938, a lower and calmer loss.' }],
  ['10|', { claim: 'Far too high: the updates overshoot.', watch: 'the loss jumps far above its start within a few steps, then the network is stuck at chance (about 10% accuracy): it is marked as blown up.' }],
]);

/**
 * The lesson of a run of the lecture's preset (plain SGD at one of its learning rates), or
 * undefined for any other run.
 *
 * @example
 * lessonOf({ name: 'sgd', options: { lr: 1e-4 }, schedule: '' })?.claim; // 'Low learning rate: slow convergence.'
 */
export function lessonOf(run: RunSpec): Lesson | undefined {
  if (run.name !== 'sgd' || Object.keys(run.options).some((k) => k !== 'lr') || typeof run.options.lr !== 'number') return undefined;
  return LESSONS.get(`${run.options.lr}|${run.schedule}`);
}
