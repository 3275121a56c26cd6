export type {
  BackendChoice,
  BackendInfo,
  Checkpoint,
  DataSplit,
  Divergence,
  EncodedTensor,
  EpochMetrics,
  ResolvedTrainConfig,
  StepMetrics,
  TrainConfig,
  TrainData,
  TrainHooks,
  TrainResult,
  TrainStatus,
} from './types';
export { initBackend } from './backend/initBackend';
export { backendChoices, backendDescriptions, browserBackendChoices, isBackendChoice } from './backend/backendChoices';
export type { BrowserBackendChoice } from './backend/backendChoices';
export type { InitBackendOptions } from './backend/initBackend';
export { createMlp } from './model/createMlp';
export type { Mlp, MlpOptions, LossAndGrads } from './model/createMlp';
export { createDescentMlp } from './model/createDescentMlp';
export { initDescent } from './backend/initDescent';
export type { DescentBackendInfo } from './backend/initDescent';
export type { DescentMlp, DescentMlpBatch, DescentMlpOptions, DescentMlpSplit } from './model/createDescentMlp';
export { softmaxCrossEntropy, sparseCategoricalCrossentropy, accuracy, correctCount } from './model/loss';
export type { TrainableModel, ModelBatch, LossAndGradients, Evaluation } from './model/TrainableModel';
export { modelFromMlp } from './model/modelFromMlp';
export { modelFromLayers, isLayersModel } from './model/modelFromLayers';
export type { LayersLoss, LayersModelOptions } from './model/modelFromLayers';
export { modelFromVariables } from './model/modelFromVariables';
export type { VariablesModelOptions } from './model/modelFromVariables';
export { resolveTrainConfig, trainConfigDefaults } from './loop/resolveTrainConfig';
export { buildLearningRate } from './loop/buildLearningRate';
export { createTrainOptimizer, trainOptimizerParts } from './loop/createTrainOptimizer';
export type { LearningRate } from './loop/createTrainOptimizer';
export { Trainer } from './loop/Trainer';
export { yieldToEventLoop } from './loop/yieldToEventLoop';
export type { MlpInit, TrainerOptions } from './loop/Trainer';
export { train } from './loop/train';
export { trainModel } from './loop/trainModel';
export type { ModelInput, TrainModelOptions } from './loop/trainModel';
export { runExperiment } from './loop/runExperiment';
export type { ExperimentInput, ExperimentResult } from './loop/runExperiment';
export { encodeTensor, decodeTensor } from './checkpoint/encodeTensor';
export { checkCheckpoint } from './checkpoint/checkCheckpoint';
export { encodeCheckpoint, decodeCheckpoint, isCheckpointFile } from './checkpoint/encodeCheckpoint';
export type { CheckpointFile, EncodedCheckpoint } from './checkpoint/encodeCheckpoint';
export { readSafetensors, writeSafetensors } from './checkpoint/safetensors';
export type { NamedTensor, Safetensors } from './checkpoint/safetensors';
