export { sgd, sgdRule } from './sgd';
export type { SgdHyperparameters, SgdOptions } from './sgd';
export { adagrad, adagradRule } from './adagrad';
export type { AdagradHyperparameters, AdagradOptions } from './adagrad';
export { rmsprop, rmspropRule } from './rmsprop';
export type { RmspropHyperparameters, RmspropOptions } from './rmsprop';
export { adam, adamRule } from './adam';
export type { AdamHyperparameters, AdamOptions } from './adam';
export { adamw } from './adamw';
export { adamax, adamaxRule } from './adamax';
export type { AdamaxHyperparameters, AdamaxOptions } from './adamax';
export { nadam, nadamRule } from './nadam';
export type { NadamHyperparameters, NadamOptions } from './nadam';
export { radam, radamRule } from './radam';
export type { RadamHyperparameters, RadamOptions } from './radam';
export { adadelta, adadeltaRule } from './adadelta';
export type { AdadeltaHyperparameters, AdadeltaOptions } from './adadelta';
export { lion, lionRule } from './lion';
export type { LionHyperparameters, LionOptions } from './lion';
export { clipGradNorm, clipGradValue } from './clip';
export { WasmArena, createWasmArena } from './wasm-arena';
export { createRuleOptimizer } from './optimizer';
export { resolveHyperparameter } from './option-spec';
export type { OptionSpec, Resolved } from './option-spec';
export type { FusedContext, Rule, UpdateContext } from './rule';
export { createOptimizer, optimizerAliases, optimizerNames, optimizers } from './registry';
export type { OptimizerEntry, OptimizerName } from './registry';
export type {
  CommonOptions,
  GroupView,
  Grads,
  Hyperparameter,
  Optimizer,
  OptimizerState,
  ParamGroup,
  ParamSelector,
  ParamState,
  Params,
  SerializedTensor,
  StepReport,
} from './types';
