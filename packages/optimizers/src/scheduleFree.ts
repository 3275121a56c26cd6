import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { scheduleFreeAdamWKernel } from './fused/scheduleFreeKernel';
import { scheduleFreeAdamW, scheduleFreeSgd } from './transforms/scheduleFree';
import type { Hyperparameter, Optimizer, OptionsOf, Params } from './types';

/**
 * The hyperparameters both schedule-free optimizers have (facebookresearch/schedule_free
 * names, camelCase).
 *
 * @example
 * const h: Partial<ScheduleFreeHyperparameters> = { lr: 0.0025, warmupSteps: 100 };
 */
export interface ScheduleFreeHyperparameters {
  lr: Hyperparameter;
  weightDecay: Hyperparameter;
  warmupSteps: number;
  r: number;
  weightLrPower: number;
}

/** Schedule-free AdamW's hyperparameters. */
export interface AdamwScheduleFreeHyperparameters extends ScheduleFreeHyperparameters {
  betas: readonly [Hyperparameter, Hyperparameter];
  eps: Hyperparameter;
}

/** Options of {@link adamwScheduleFree}. */
export type AdamwScheduleFreeOptions = OptionsOf<AdamwScheduleFreeHyperparameters>;

/** Schedule-free SGD's hyperparameters. */
export interface SgdScheduleFreeHyperparameters extends ScheduleFreeHyperparameters {
  momentum: Hyperparameter;
}

/** Options of {@link sgdScheduleFree}. */
export type SgdScheduleFreeOptions = OptionsOf<SgdScheduleFreeHyperparameters>;

/** facebookresearch/schedule_free `AdamWScheduleFree` (see {@link scheduleFreeAdamW} for the rule). */
export const adamwScheduleFreeDefinition: OptimizerDefinition = {
  name: 'adamwScheduleFree',
  title: 'AdamW (schedule-free)',
  options: ['lr', 'betas', 'eps', 'weightDecay', 'warmupSteps', 'r', 'weightLrPower'],
  transform: () => chain(scheduleFreeAdamW()),
  kernels: [scheduleFreeAdamWKernel],
};

/** facebookresearch/schedule_free `SGDScheduleFree` (see {@link scheduleFreeSgd} for the rule). */
export const sgdScheduleFreeDefinition: OptimizerDefinition = {
  name: 'sgdScheduleFree',
  title: 'SGD (schedule-free)',
  options: ['lr', 'momentum', 'weightDecay', 'warmupSteps', 'r', 'weightLrPower'],
  transform: () => chain(scheduleFreeSgd()),
};

/**
 * Schedule-free AdamW (Defazio et al., 2024; facebookresearch/schedule_free's
 * `AdamWScheduleFree`): no learning-rate schedule, an average of the iterates instead. The
 * parameters hold the training point y while training; call `optimizer.eval()` before
 * evaluating or saving (they move, in place, to the averaged point x) and
 * `optimizer.train()` before the next `step()`. The state round-trips in either mode.
 *
 * Options (the reference's defaults): `lr` 2.5e-3, `betas` [0.9, 0.999], `eps` 1e-8,
 * `weightDecay` 0 (at y, added to the normalised gradient), `warmupSteps` 0, `r` 0,
 * `weightLrPower` 2, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = adamwScheduleFree({ w, b }, { lr: 1e-2, warmupSteps: 100 });
 * optimizer.step({ w: gradW, b: gradB });
 * optimizer.eval(); // evaluate or save here
 * optimizer.train();
 */
export function adamwScheduleFree(params: Params, options: AdamwScheduleFreeOptions = {}): Optimizer {
  return createFromDefinition(adamwScheduleFreeDefinition, params, options);
}

/**
 * Schedule-free SGD (Defazio et al., 2024; facebookresearch/schedule_free's `SGDScheduleFree`),
 * with the same `train()` / `eval()` modes as {@link adamwScheduleFree}.
 *
 * Options (the reference's defaults): `lr` 1, `momentum` 0.9, `weightDecay` 0, `warmupSteps` 0,
 * `r` 0, `weightLrPower` 2, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = sgdScheduleFree({ w }, { lr: 0.1 });
 */
export function sgdScheduleFree(params: Params, options: SgdScheduleFreeOptions = {}): Optimizer {
  return createFromDefinition(sgdScheduleFreeDefinition, params, options);
}
