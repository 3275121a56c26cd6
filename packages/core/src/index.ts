export { DescentError, isDescentError } from './errors';
export type { ErrorCode } from './errors';
export type { Backend, BackendCapabilities, DType, HostMemory, Shape, Tensor } from './tensor';
export { CpuBackend, CpuTensor, cpu, cpuData, isCpuTensor } from './cpu';
export { Rng } from './rng';
export type { RngState } from './rng';
export { checkOwn, checkPair, checkScalar, formatTensor, shapeSize } from './check';
