import { expect } from 'vitest';

/**
 * Asserts `|actual - expected| <= rtol * (|expected| + atolScale)` element by element, the
 * fixtures' tolerance (README of the torch fixtures), naming the first failing index.
 * @internal test helper, not exported from the package.
 */
export function expectAllClose(actual: readonly number[], expected: readonly number[], rtol = 1e-9, atolScale = 1e-3): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (!(Math.abs(a - e) <= rtol * (Math.abs(e) + atolScale))) {
      throw new Error(`index ${i}: got ${a}, expected ${e} (relative error ${Math.abs(a - e) / (Math.abs(e) + atolScale)})`);
    }
  }
}
