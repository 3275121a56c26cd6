/** Tolerances of {@link allclose}: `|actual - expected| <= atol + rtol * |expected|`. */
export interface AllcloseOptions {
  /** Relative tolerance. Default `1e-6`. */
  rtol?: number;
  /** Absolute tolerance. Default `1e-7`. */
  atol?: number;
  /** Whether a NaN expected accepts a NaN actual. Default `true`. */
  equalNan?: boolean;
}

/** What {@link allclose} found: whether every element is close, and the first that is not. */
export interface AllcloseReport {
  pass: boolean;
  /** Says which element is off and by how much, or that all are close. */
  message: string;
  /** The largest |actual - expected| over the elements (NaN when a NaN does not match). */
  maxAbsError: number;
}

/**
 * Compares two arrays element by element as numpy's `allclose` does:
 * `|a - e| <= atol + rtol * |e|`, infinities equal only to the same infinity, NaN equal to NaN
 * when `equalNan`. A plain number on either side compares as a one-element array.
 *
 * @example
 * allclose(Float32Array.of(1, 2), [1, 2.000001], { rtol: 1e-6 }).pass; // true
 */
export function allclose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  options: AllcloseOptions = {},
): AllcloseReport {
  const { rtol = 1e-6, atol = 1e-7, equalNan = true } = options;
  const a = typeof actual === 'number' ? [actual] : actual;
  const e = typeof expected === 'number' ? [expected] : expected;
  if (a.length !== e.length) {
    return { pass: false, message: `length: got ${a.length}, expected ${e.length}`, maxAbsError: Number.NaN };
  }
  let maxAbsError = 0;
  let firstBad = -1;
  for (let i = 0; i < e.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    let close: boolean;
    if (Number.isNaN(y) || Number.isNaN(x)) close = equalNan && Number.isNaN(x) && Number.isNaN(y);
    else if (!Number.isFinite(y) || !Number.isFinite(x)) close = x === y;
    else close = Math.abs(x - y) <= atol + rtol * Math.abs(y);
    if (Number.isFinite(x) && Number.isFinite(y)) maxAbsError = Math.max(maxAbsError, Math.abs(x - y));
    else if (!close) maxAbsError = Number.NaN;
    if (!close && firstBad < 0) firstBad = i;
  }
  if (firstBad < 0) {
    return { pass: true, message: `all ${e.length} elements within atol ${atol} + rtol ${rtol} * |expected|`, maxAbsError };
  }
  const x = a[firstBad]!;
  const y = e[firstBad]!;
  return {
    pass: false,
    message:
      `element ${firstBad} of ${e.length}: got ${x}, expected ${y} ` +
      `(|difference| ${Math.abs(x - y)} > atol ${atol} + rtol ${rtol} * |expected| = ${atol + rtol * Math.abs(y)})`,
    maxAbsError,
  };
}

/**
 * Throws, naming the first element that is off, unless {@link allclose} passes.
 *
 * @example
 * expectAllclose(optimizer.read('w'), torchExpected, { rtol: 1e-5 });
 */
export function expectAllclose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  options: AllcloseOptions = {},
): void {
  const report = allclose(actual, expected, options);
  if (!report.pass) throw new Error(report.message);
}
