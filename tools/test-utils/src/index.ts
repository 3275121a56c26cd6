// `@descent/test-utils/allclose` is the same comparison without vitest (safe to bundle for a browser).
// Importing this module registers the `toBeAllclose` matcher on vitest's `expect`.
import './matchers';

export { allclose, expectAllclose } from './allclose';
export type { AllcloseOptions, AllcloseReport } from './allclose';
export { errorText } from './errorText';
export { quietTfjsCpuNotice } from './quietTfjsCpuNotice';
