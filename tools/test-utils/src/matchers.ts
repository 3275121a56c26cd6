import { expect } from 'vitest';
import { allclose, type AllcloseOptions } from './allclose';

interface AllcloseMatchers<R = unknown> {
  /**
   * Passes when every element is within `atol + rtol * |expected|` (numpy's `allclose`;
   * defaults rtol 1e-6, atol 1e-7, NaN equal to NaN).
   *
   * @example
   * expect(backend.read(w)).toBeAllclose(torchExpected, { rtol: 1e-5, atol: 1e-6 });
   */
  toBeAllclose(expected: ArrayLike<number> | number, options?: AllcloseOptions): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends AllcloseMatchers<T> {}
}

expect.extend({
  toBeAllclose(received: ArrayLike<number> | number, expected: ArrayLike<number> | number, options?: AllcloseOptions) {
    const report = allclose(received, expected, options);
    return {
      pass: report.pass,
      message: () => (report.pass ? `expected not all close, but ${report.message}` : `expected all close: ${report.message}`),
    };
  },
});
