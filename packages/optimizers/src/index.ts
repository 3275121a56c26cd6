export { sgd, sgdDefinition } from './sgd';
export type { SgdHyperparameters, SgdOptions } from './sgd';
export { adagrad, adagradDefinition } from './adagrad';
export type { AdagradHyperparameters, AdagradOptions } from './adagrad';
export { rmsprop, rmspropDefinition } from './rmsprop';
export type { RmspropHyperparameters, RmspropOptions } from './rmsprop';
export { adam, adamDecoupledDefinition, adamDefinition } from './adam';
export type { AdamHyperparameters, AdamOptions } from './adam';
export { adamw, adamwDefinition } from './adamw';
export { adamax, adamaxDefinition } from './adamax';
export type { AdamaxHyperparameters, AdamaxOptions } from './adamax';
export { nadam, nadamDecoupledDefinition, nadamDefinition } from './nadam';
export type { NadamHyperparameters, NadamOptions } from './nadam';
export { radam, radamDecoupledDefinition, radamDefinition } from './radam';
export type { RadamHyperparameters, RadamOptions } from './radam';
export type { DecoupledWeightDecayOption } from './engine/decoupled';
export { adadelta, adadeltaDefinition } from './adadelta';
export type { AdadeltaHyperparameters, AdadeltaOptions } from './adadelta';
export { lion, lionDefinition } from './lion';
export type { LionHyperparameters, LionOptions } from './lion';
export { chain } from './chain';
export type { ChainHyperparameters } from './chain';
export { fromTransform } from './engine/fromTransform';
export type { TransformOptions } from './engine/fromTransform';
export { createFromDefinition, optionSpecs } from './defineOptimizer';
export type { OptimizerDefinition } from './defineOptimizer';
export { maximize } from './transforms/maximize';
export type { MaximizeHyperparameters } from './transforms/maximize';
export { addDecayedWeights, addL2 } from './transforms/weightDecay';
export type { WeightDecayHyperparameters } from './transforms/weightDecay';
export { scaleByLearningRate } from './transforms/scaleByLearningRate';
export type { LearningRateHyperparameters } from './transforms/scaleByLearningRate';
export { scaleByAdam } from './transforms/scaleByAdam';
export type { ScaleByAdamHyperparameters } from './transforms/scaleByAdam';
export { scaleByAdamax } from './transforms/scaleByAdamax';
export type { ScaleByAdamaxHyperparameters } from './transforms/scaleByAdamax';
export { scaleByRms } from './transforms/scaleByRms';
export type { ScaleByRmsHyperparameters } from './transforms/scaleByRms';
export { scaleByRss } from './transforms/scaleByRss';
export type { ScaleByRssHyperparameters } from './transforms/scaleByRss';
export { scaleByNadam } from './transforms/scaleByNadam';
export type { NadamTorchVersion } from './transforms/scaleByNadam';
export type { ScaleByNadamHyperparameters } from './transforms/scaleByNadam';
export { scaleByRadam } from './transforms/scaleByRadam';
export type { ScaleByRadamHyperparameters } from './transforms/scaleByRadam';
export { scaleByAdadelta } from './transforms/scaleByAdadelta';
export type { ScaleByAdadeltaHyperparameters } from './transforms/scaleByAdadelta';
export { scaleByLion } from './transforms/scaleByLion';
export type { ScaleByLionHyperparameters } from './transforms/scaleByLion';
export { scaleBySign } from './transforms/scaleBySign';
export { trace } from './transforms/trace';
export type { TraceHyperparameters } from './transforms/trace';
export { clipByGlobalNorm, clipByValue } from './transforms/clipping';
export { masked } from './transforms/masked';
export { accumulate, skipNonFinite } from './transforms/wrappers';
export { adamKernel } from './fused/adamKernel';
export { sgdKernel } from './fused/sgdKernel';
export { nadamKernel } from './fused/nadamKernel';
export { scheduleFreeAdamWKernel } from './fused/scheduleFreeKernel';
export type { FusedContext, FusedKernel, FusedPlan, ParamUpdate, StepNotes, StepUpdate, Transform } from './transform';
export { clipGradNorm, clipGradValue } from './clip';
export { WasmArena, attachWasmKernels, createWasmArena } from './fused/wasmArena';
export type { StateAllocator } from './fused/wasmArena';
export { resolveHyperparameter } from './optionSpec';
export type { Given, GivenOptions, OptionSpec, Resolved, SpecTable, SpecType } from './optionSpec';
export type { EpsPlacement, Spec } from './specs';
export { createOptimizer, optimizerAliases, optimizerNames, optimizers } from './registry';
export type { ConstructionOption, OptimizerEntry, OptimizerName } from './registry';
export type {
  CommonOptions,
  GroupView,
  Grads,
  Hyperparameter,
  MomentHyperparameters,
  Optimizer,
  OptimizerState,
  OptionsOf,
  ParamGroup,
  ParamSelector,
  ParamState,
  Params,
  SerializedTensor,
  StepReport,
  TensorValues,
  TorchHyperparameters,
} from './types';
export { adamwScheduleFree, adamwScheduleFreeDefinition, sgdScheduleFree, sgdScheduleFreeDefinition } from './scheduleFree';
export type {
  AdamwScheduleFreeHyperparameters,
  AdamwScheduleFreeOptions,
  ScheduleFreeHyperparameters,
  SgdScheduleFreeHyperparameters,
  SgdScheduleFreeOptions,
} from './scheduleFree';
export { scheduleFreeAdamW, scheduleFreeSgd } from './transforms/scheduleFree';
export type { ScheduleFreeAdamWHyperparameters, ScheduleFreeCommon, ScheduleFreeSgdHyperparameters } from './transforms/scheduleFree';
export { muon, muonDefinition } from './muon';
export type { MuonHyperparameters, MuonOptions } from './muon';
export { MUON_NS_COEFFICIENTS, newtonSchulz, scaleByMuon } from './transforms/orthogonalize';
export type { MuonAdjustLr, MuonNormEps, ScaleByMuonConfig, ScaleByMuonHyperparameters } from './transforms/orthogonalize';
export { adafactor, adafactorDefinition } from './adafactor';
export type { AdafactorHyperparameters, AdafactorOptions } from './adafactor';
export { FLOAT32_EPS, scaleByAdafactor } from './transforms/scaleByAdafactor';
export type { ScaleByAdafactorHyperparameters } from './transforms/scaleByAdafactor';
export { partition } from './partition';
export type { PartitionOptions, PartitionState } from './partition';
export { muonAdamwSideOptionNames, muonWithAdamw, muonWithAdamwPart } from './muonWithAdamw';
export type { MuonAdamwSideOptions, MuonWithAdamwOptions, MuonWithAdamwPart } from './muonWithAdamw';
