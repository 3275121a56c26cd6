export { ScheduleError, describeValue } from './errors';
export type { ScheduleErrorCode } from './errors';
export type {
  BaseSpec,
  ConstantSpec,
  ConstantWarmupSpec,
  CosineSpec,
  CosineWarmRestartsSpec,
  CyclicSpec,
  ExponentialSpec,
  InverseTimeSpec,
  LinearWarmupSpec,
  MultiStepSpec,
  MultiplicativeSpec,
  OneCycleSpec,
  PolynomialSpec,
  ProductSpec,
  Schedule,
  ScheduleSpec,
  ScheduleType,
  SequenceSpec,
  StepSpec,
  WarmupCosineSpec,
} from './types';
export { schedule, scheduleTypes } from './schedule';
export { parseSchedule } from './parseSchedule';
export type { ParseScheduleOptions } from './parseSchedule';
export { formatSchedule } from './formatSchedule';
export type { FormatScheduleOptions } from './formatSchedule';
export { perEpoch, perIteration } from './units';
export { lambdaSchedule, multiplicativeLambda } from './lambda';
export { ReduceOnPlateau, reduceOnPlateau } from './reduceOnPlateau';
export type { ReduceOnPlateauOptions, ReduceOnPlateauState } from './reduceOnPlateau';
