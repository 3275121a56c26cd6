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
export { initBackend, backendChoices } from './backend/initBackend';
export type { InitBackendOptions } from './backend/initBackend';
export { createMlp } from './model/createMlp';
export type { Mlp, MlpOptions, LossAndGrads } from './model/createMlp';
export { createDescentMlp } from './model/createDescentMlp';
export { initDescent } from './backend/initDescent';
export type { DescentBackendInfo } from './backend/initDescent';
export type { DescentMlp, DescentMlpBatch, DescentMlpOptions, DescentMlpSplit } from './model/createDescentMlp';
export { softmaxCrossEntropy, accuracy, correctCount } from './model/loss';
export { resolveTrainConfig, trainConfigDefaults } from './train/resolveTrainConfig';
export { buildLearningRate } from './train/buildLearningRate';
export { Trainer } from './train/Trainer';
export type { TrainerOptions } from './train/Trainer';
export { train } from './train/train';
export { runExperiment } from './train/runExperiment';
export type { ExperimentInput, ExperimentResult } from './train/runExperiment';
export { encodeTensor, decodeTensor } from './checkpoint/encodeTensor';
export { checkCheckpoint } from './checkpoint/checkCheckpoint';
