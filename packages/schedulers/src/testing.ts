import { expectAllclose } from '@descent/test-utils';

/**
 * Asserts `|actual - expected| <= rtol * (|expected| + atolScale)` element by element, naming
 * the first failing index (the shared `allclose` with `atol = rtol * atolScale`). The default is
 * 1e-9 relative, with no absolute part (the fixtures' README allows rtol * (|e| + 1e-3), far
 * looser for learning rates near 1e-8).
 * @internal test helper, not exported from the package.
 */
export function expectAllClose(actual: readonly number[], expected: readonly number[], rtol = 1e-9, atolScale = 0): void {
  expectAllclose(actual, expected, { rtol, atol: rtol * atolScale, equalNan: false });
}
