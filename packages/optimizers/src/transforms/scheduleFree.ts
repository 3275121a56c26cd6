import type { Backend, Tensor } from '@descent/core';
import { betasSpec, epsSpec, lrSpec } from '../specs';
import type { Spec } from '../specs';
import { given } from './given';
import type { GivenOptions } from '../optionSpec';
import type { ParamUpdate, Transform } from '../transform';

/** The hyperparameters both schedule-free rules share. */
export interface ScheduleFreeCommon {
  lr: number;
  weightDecay: number;
  warmupSteps: number;
  r: number;
  weightLrPower: number;
}

/** The hyperparameters of {@link scheduleFreeAdamW}. */
export interface ScheduleFreeAdamWHyperparameters extends ScheduleFreeCommon {
  betas: readonly [number, number];
  eps: number;
}

/** The hyperparameters of {@link scheduleFreeSgd}. */
export interface ScheduleFreeSgdHyperparameters extends ScheduleFreeCommon {
  momentum: number;
}

const commonSpecs = (lr: number) => ({
  lr: lrSpec(lr),
  weightDecay: {
    name: 'weightDecay',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Weight decay at the training point y: weightDecay * y is added to the (normalised) gradient.',
  } as Spec<'weightDecay', 'number'>,
  warmupSteps: {
    name: 'warmupSteps',
    type: 'number',
    default: 0,
    min: 0,
    schedulable: false,
    description: 'Linear warmup: the lr is multiplied by (k + 1) / warmupSteps for the first warmupSteps steps.',
  } as Spec<'warmupSteps', 'number'>,
  r: { name: 'r', type: 'number', default: 0, min: 0, schedulable: false, description: 'Polynomial weighting of the average: step k + 1 weighs (k + 1)^r.' } as Spec<'r', 'number'>,
  weightLrPower: {
    name: 'weightLrPower',
    type: 'number',
    default: 2,
    min: 0,
    schedulable: false,
    description: 'Each step weighs lr_max^weightLrPower in the average (lr_max the largest lr so far; 0: no weighting).',
  } as Spec<'weightLrPower', 'number'>,
});

/**
 * The averaging weight of this step, c_{k+1} = w_k / sum w, with w_k = (k+1)^r lr_max^power
 * (the running `lrMax` and `weightSum` are per-parameter scalars, equal across a group that
 * steps together, as the reference keeps them per group).
 */
function averagingWeight(p: ParamUpdate<ScheduleFreeCommon>, lr: number): number {
  const { h, scalars, step } = p;
  const lrMax = Math.max(lr, scalars.lrMax ?? -1);
  scalars.lrMax = lrMax;
  const weight = step ** h.r * lrMax ** h.weightLrPower;
  const weightSum = (scalars.weightSum ?? 0) + weight;
  scalars.weightSum = weightSum;
  return weightSum === 0 ? 0 : weight / weightSum;
}

/** The step's warmed-up learning rate: lr (k + 1) / warmupSteps while k < warmupSteps. */
function warmedLr(h: ScheduleFreeCommon, step: number): number {
  return step - 1 < h.warmupSteps ? (h.lr * step) / h.warmupSteps : h.lr;
}

/** `z`, created as a copy of the parameter on its first step (the reference's `clone(p)`). */
function zOf(backend: Backend, p: ParamUpdate<object>): Tensor {
  const fresh = !p.has('z');
  const z = p.buffer('z');
  if (fresh) backend.copy(z, p.param);
  return z;
}

/**
 * The y/z update both rules end with, applied to the parameter directly (the update left
 * for the engine is empty): y <- lerp(y, z, c); y <- y + lr (beta (1 - c) - 1) u; z <- z - lr u.
 */
function scheduleFreeStep(backend: Backend, p: ParamUpdate<object>, u: Tensor, z: Tensor, lr: number, beta: number, c: number): void {
  backend.lerp(p.param, z, c);
  backend.add(p.param, u, lr * (beta * (1 - c) - 1));
  backend.add(z, u, -lr);
  p.replace(p.param, 0);
}

/** eval(): y -> x = lerp(y, z, 1 - 1/beta); train(): x -> y = lerp(x, z, 1 - beta). Nothing to move before the first step. */
function modesFor<H>(beta: (h: H) => number): NonNullable<Transform<H>['modes']> {
  return {
    toEval(p) {
      if (p.has('z')) p.backend.lerp(p.param, p.buffer('z'), 1 - 1 / beta(p.h));
    },
    toTrain(p) {
      if (p.has('z')) p.backend.lerp(p.param, p.buffer('z'), 1 - beta(p.h));
    },
  };
}

/**
 * Schedule-free AdamW (Defazio et al., 2024), the rule of facebookresearch/schedule_free's
 * `AdamWScheduleFree` (its single-tensor path), as a whole optimizer's update: it writes
 * the parameter (the training point y) and its `z` itself. With k the step (0 first):
 *   lr_k = lr min(1, (k + 1) / warmupSteps);  c = w_k / sum w  (see `weightLrPower`, `r`)
 *   v <- beta2 v + (1 - beta2) g^2;  u = g / (sqrt(v / (1 - beta2^(k+1))) + eps) + weightDecay y
 *   y <- (1 - c) y + c z;  y <- y + lr_k (beta1 (1 - c) - 1) u;  z <- z - lr_k u
 * The point to evaluate is x = y + (1 - 1/beta1)(z - y) (`eval()` moves there). Buffers `z`,
 * `expAvgSq`; scalars `lrMax`, `weightSum`.
 *
 * Options: `lr` 2.5e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0, `warmupSteps` 0,
 * `r` 0, `weightLrPower` 2.
 *
 * @example
 * const optimizer = fromTransform(scheduleFreeAdamW({ lr: 1e-2 }), { w });
 */
export function scheduleFreeAdamW(options?: GivenOptions<ScheduleFreeAdamWHyperparameters>): Transform<ScheduleFreeAdamWHyperparameters> {
  return {
    name: 'scheduleFreeAdamW',
    specs: { ...commonSpecs(2.5e-3), betas: betasSpec([0.9, 0.999]), eps: epsSpec(1e-8) },
    values: given(options),
    buffers: ['z', 'expAvgSq'],
    required: () => ['z', 'expAvgSq'],
    modes: modesFor((h) => h.betas[0]),
    update({ backend, params }) {
      for (const p of params) {
        const { h, step } = p;
        const [beta1, beta2] = h.betas;
        const lr = warmedLr(h, step);
        const c = averagingWeight(p, lr);
        const z = zOf(backend, p);
        const v = p.buffer('expAvgSq');
        const g = p.read();
        backend.scale(v, beta2);
        backend.addcmul(v, g, g, 1 - beta2);
        const denom = p.temp(0);
        backend.copy(denom, v);
        backend.scale(denom, 1 / (1 - beta2 ** step));
        backend.sqrt(denom);
        backend.addScalar(denom, h.eps);
        const u = p.materialize();
        backend.div(u, denom);
        if (h.weightDecay !== 0) backend.add(u, p.param, h.weightDecay);
        scheduleFreeStep(backend, p, u, z, lr, beta1, c);
      }
    },
  };
}

/**
 * Schedule-free SGD (Defazio et al., 2024), the rule of facebookresearch/schedule_free's
 * `SGDScheduleFree`: as {@link scheduleFreeAdamW} with u = g + weightDecay y and `momentum`
 * in beta1's place; x = y + (1 - 1/momentum)(z - y). Buffer `z`; scalars `lrMax`, `weightSum`.
 *
 * Options: `lr` 1, `momentum` 0.9, `weightDecay` 0, `warmupSteps` 0, `r` 0, `weightLrPower` 2.
 *
 * @example
 * const optimizer = fromTransform(scheduleFreeSgd({ lr: 0.5 }), { w });
 */
export function scheduleFreeSgd(options?: GivenOptions<ScheduleFreeSgdHyperparameters>): Transform<ScheduleFreeSgdHyperparameters> {
  return {
    name: 'scheduleFreeSgd',
    specs: {
      ...commonSpecs(1),
      momentum: {
        name: 'momentum',
        type: 'number',
        default: 0.9,
        min: 0,
        max: 1,
        minExclusive: true,
        maxExclusive: true,
        description: 'Interpolation between the average x and the SGD iterate z (the reference\'s momentum, in (0, 1)).',
      },
    },
    values: given(options),
    buffers: ['z'],
    required: () => ['z'],
    modes: modesFor((h) => h.momentum),
    update({ backend, params }) {
      for (const p of params) {
        const { h, step } = p;
        const lr = warmedLr(h, step);
        const c = averagingWeight(p, lr);
        const z = zOf(backend, p);
        let u = p.read();
        if (h.weightDecay !== 0) {
          u = p.materialize();
          backend.add(u, p.param, h.weightDecay);
        }
        scheduleFreeStep(backend, p, u, z, lr, h.momentum, c);
      }
    },
  };
}
