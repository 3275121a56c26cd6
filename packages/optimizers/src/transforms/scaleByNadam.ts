import { betasSpec, epsSpec } from '../specs';
import type { Spec } from '../specs';
import { given } from './given';
import { updateMoments } from './moments';
import type { GivenOptions } from '../optionSpec';
import type { Transform } from '../transform';

/** The hyperparameters of {@link scaleByNadam}. */
export interface ScaleByNadamHyperparameters {
  betas: readonly [number, number];
  eps: number;
  momentumDecay: number;
  torchVersion: NadamTorchVersion;
}

/** Which torch NAdam rule: `'2'` (torch >= 2.0, the default) or `'1.13'` (torch 1.13's single-tensor path). */
export type NadamTorchVersion = '2' | '1.13';

const torchVersionSpec: Spec<'torchVersion', 'choice'> = {
  name: 'torchVersion',
  type: 'choice',
  default: '2',
  choices: ['2', '1.13'],
  description:
    "Which torch NAdam rule: '2' (torch >= 2.0: momentum term over 1 - P_t mu_{t+1}) or '1.13' (torch 1.13's default single-tensor path: over 1 - P_t mu_t mu_{t+1}).",
};

const momentumDecaySpec: Spec<'momentumDecay', 'number'> = {
  name: 'momentumDecay',
  type: 'number',
  default: 4e-3,
  min: 0,
  description: 'Momentum decay psi of the momentum schedule mu_t.',
};

/**
 * NAdam's scaling (Dozat, 2016), torch's `_single_tensor_nadam` without lr and decay:
 *   mu_t <- beta1 (1 - 0.5 * 0.96^(t * momentumDecay)), P_t <- P_{t-1} mu_t (scalar `muProduct`)
 *   m, v as Adam;  d <- sqrt(v / (1 - beta2^t)) + eps
 *   update <- (1 - mu_t) / (1 - P_t) * g / d + mu_{t+1} / (1 - P_t mu_{t+1}) * m / d
 * That is torch >= 2.0 (and torch 1.13's multi-tensor path). `torchVersion: '1.13'` gives
 * torch 1.13's default single-tensor path, whose m-term denominator is 1 - P_t mu_t mu_{t+1}:
 * with the default betas its momentum term is 12% smaller at step 1, 5% at step 2, and the
 * two converge as P_t -> 0. Buffers `expAvg`, `expAvgSq`.
 *
 * Options: `betas` [0.9, 0.999], `eps` 1e-8, `momentumDecay` 4e-3, `torchVersion` '2'.
 *
 * @example
 * const nadamLike = chain(scaleByNadam(), scaleByLearningRate(2e-3));
 */
export function scaleByNadam(options?: GivenOptions<ScaleByNadamHyperparameters>): Transform<ScaleByNadamHyperparameters> {
  return {
    name: 'scaleByNadam',
    specs: { betas: betasSpec([0.9, 0.999]), eps: epsSpec(1e-8), momentumDecay: momentumDecaySpec, torchVersion: torchVersionSpec },
    values: given(options),
    buffers: ['expAvg', 'expAvgSq'],
    required: () => ['expAvg', 'expAvgSq'],
    update({ backend, params }) {
      for (const p of params) {
        const { h, step, scalars } = p;
        const { g, m, v, beta1, beta2 } = updateMoments(backend, p);
        const psi = h.momentumDecay;
        const bias2 = 1 - beta2 ** step;
        const mu = beta1 * (1 - 0.5 * 0.96 ** (step * psi));
        const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * psi));
        const muProduct = (scalars.muProduct ?? 1) * mu;
        scalars.muProduct = muProduct;
        const d = p.temp(0);
        backend.copy(d, v);
        backend.scale(d, 1 / bias2);
        backend.sqrt(d);
        backend.addScalar(d, h.eps);
        p.replace(g, (1 - mu) / (1 - muProduct), d);
        const muProductNext = h.torchVersion === '1.13' ? muProduct * mu * muNext : muProduct * muNext;
        p.add(m, muNext / (1 - muProductNext), d);
      }
    },
  };
}
