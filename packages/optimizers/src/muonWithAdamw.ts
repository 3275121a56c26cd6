import { DescentError } from '@descent/core';
import type { Tensor } from '@descent/core';
import { adamw } from './adamw';
import type { AdamOptions } from './adam';
import { muon } from './muon';
import type { MuonOptions } from './muon';
import { partition } from './partition';
import type { Hyperparameter, Optimizer, Params } from './types';

/** Which optimizer of {@link muonWithAdamw} a parameter goes to: Muon for 2-D matrices, AdamW for the rest. */
export type MuonWithAdamwPart = 'muon' | 'adamw';

/** The AdamW side's options of {@link muonWithAdamw} (torch.optim.AdamW's names and defaults). */
export interface MuonAdamwSideOptions {
  /** Default 1e-3. */
  lr?: Hyperparameter;
  /** Default [0.9, 0.999]. */
  betas?: readonly [Hyperparameter, Hyperparameter];
  /** Default 1e-8. */
  eps?: Hyperparameter;
  /** Decoupled, default 1e-2. */
  weightDecay?: Hyperparameter;
  /** Default false. */
  amsgrad?: boolean;
  /** Default false. */
  maximize?: boolean;
}

/** Options of {@link muonWithAdamw}: Muon's for the matrices, `adamw` for the others. */
export type MuonWithAdamwOptions = Omit<MuonOptions, 'groups' | 'clipGradNorm' | 'accumulate'> & {
  /** The AdamW side (biases, gains, any parameter that is not a 2-D matrix). Default: torch.optim.AdamW's defaults. */
  adamw?: MuonAdamwSideOptions;
};

/** The option names of {@link MuonAdamwSideOptions}, in display order. */
export const muonAdamwSideOptionNames: readonly (keyof MuonAdamwSideOptions)[] = /* @__PURE__ */ Object.freeze(['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize']);

/** Options that act on the whole step, handed to both parts (`nonFinite` is the partition's own). */
const SHARED = ['clipGradValue', 'missingGrad', 'telemetry', 'fused', 'simd'] as const;

/**
 * The part {@link muonWithAdamw} gives a parameter: `'muon'` for a 2-D matrix, `'adamw'`
 * for anything else (biases, gains, scalars).
 *
 * @example
 * muonWithAdamwPart('fc1.bias', b); // 'adamw'
 */
export function muonWithAdamwPart(_name: string, tensor: Tensor): MuonWithAdamwPart {
  return tensor.shape.length === 2 ? 'muon' : 'adamw';
}

/**
 * The usual Muon setup as one optimizer: Muon (see {@link muon}, torch variant by default)
 * for every 2-D weight matrix and AdamW (torch.optim.AdamW's rule) for every other parameter,
 * through {@link partition}; the state holds both parts (`parts.muon`, `parts.adamw`).
 *
 * Options: Muon's (`lr`, `weightDecay`, `momentum`, `nesterov`, `eps`, `nsSteps`,
 * `adjustLrFn`, `variant`, `nsCoefficients`, with Muon's defaults), `adamw` for the AdamW
 * side (`lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 1e-2, `amsgrad` false,
 * `maximize` false), `nonFinite` ('throw' or 'skip': a NaN in either part skips the whole
 * step), and `clipGradValue`, `missingGrad`, `telemetry`, `fused`, `simd` for both parts.
 * `groups`, `clipGradNorm` and `accumulate` are refused (a global norm would be two norms here).
 * Keller Jordan's notes also give the output layer to AdamW; pass {@link partition} your own
 * labelling for that.
 *
 * @throws DescentError `INVALID_HYPERPARAMETER` for a bad or refused option (named `adamw.lr`
 *   etc. for the AdamW side), `SHAPE_MISMATCH` from neither.
 * @example
 * const optimizer = muonWithAdamw(mlp.params, { lr: 0.02, weightDecay: 0, adamw: { lr: 1e-3, weightDecay: 0 } });
 */
export function muonWithAdamw(params: Params, options: MuonWithAdamwOptions = {}): Optimizer {
  const fn = 'muonWithAdamw';
  const given = (options ?? {}) as Record<string, unknown>;
  for (const refused of ['groups', 'clipGradNorm', 'accumulate']) {
    if (given[refused] !== undefined) {
      throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: ${refused} is not supported (each part would apply it on its own); build a partition of your own for it`, {
        details: { option: refused },
      });
    }
  }
  const { adamw: side = {}, nonFinite, ...muonOptions } = given as MuonWithAdamwOptions & { nonFinite?: 'throw' | 'skip' };
  if (side === null || typeof side !== 'object' || Array.isArray(side)) {
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: adamw must be an object of AdamW options (${muonAdamwSideOptionNames.join(', ')}), got ${String(side)}`, { details: { option: 'adamw' } });
  }
  const unknown = Object.keys(side).filter((k) => !(muonAdamwSideOptionNames as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: adamw.${unknown[0]} is not an option of the AdamW side, expected one of ${muonAdamwSideOptionNames.join(', ')}`, {
      details: { option: `adamw.${unknown[0]}` },
    });
  }
  const shared = Object.fromEntries(SHARED.filter((k) => given[k] !== undefined).map((k) => [k, given[k]]));
  return partition(
    params,
    muonWithAdamwPart,
    {
      muon: (p) => muon(p, muonOptions as MuonOptions),
      adamw: (p) => {
        try {
          return adamw(p, { ...(side as AdamOptions), ...shared });
        } catch (error) {
          // adamw's messages name the option; say which side it belongs to.
          if (error instanceof DescentError && error.code === 'INVALID_HYPERPARAMETER') {
            throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: adamw.${error.message.replace(/^adamw: /, '')}`, { cause: error, details: { ...error.details, side: 'adamw' } });
          }
          throw error;
        }
      },
    },
    nonFinite === undefined ? {} : { nonFinite },
  );
}
