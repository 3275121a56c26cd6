export { DESCENT_ERROR, DescentError, describeValue, errorCodes, isDescentError, rethrowIn } from './errors';
export type { DescentErrorOptions, ErrorCode } from './errors';
export type { Backend, DType, Shape, Tensor } from './tensor';
export { CpuBackend, CpuTensor, cpu, cpuData, isCpuTensor } from './cpu';
export { Rng } from './rng';
export type { RngState } from './rng';
export { checkOwn, checkPair, checkScalar, formatTensor, shapeSize } from './check';
