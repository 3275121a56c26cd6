import { expect } from 'vitest';

/**
 * Asserts `|actual - expected| <= rtol * (|expected| + atolScale)` element by element, naming
 * the first failing index. The default is issue 4's: 1e-9 relative, with no absolute part (the
 * fixtures' README allows rtol * (|e| + 1e-3), far looser for learning rates near 1e-8).
 * @internal test helper, not exported from the package.
 */
export function expectAllClose(actual: readonly number[], expected: readonly number[], rtol = 1e-9, atolScale = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (!(Math.abs(a - e) <= rtol * (Math.abs(e) + atolScale))) {
      throw new Error(`index ${i}: got ${a}, expected ${e} (relative error ${Math.abs(a - e) / (Math.abs(e) + atolScale)})`);
    }
  }
}
