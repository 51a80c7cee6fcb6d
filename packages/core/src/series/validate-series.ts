/** Numbers indexable by position: a plain array or a typed array such as `Float64Array`. */
export type NumericSeries = ArrayLike<number>;

/**
 * Checks that `xs` and `ys` describe one drawable series: same length, every value finite,
 * `xs` sorted ascending (equal neighbours allowed). Throws an error naming the function,
 * the field, the index and the value otherwise.
 */
export function assertDrawableSeries(fn: string, xs: NumericSeries, ys: NumericSeries): void {
  if (xs.length !== ys.length) {
    throw new RangeError(
      `${fn}: xs has ${xs.length} values but ys has ${ys.length}; both must have one value per point.`,
    );
  }
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    if (!Number.isFinite(x)) {
      throw new RangeError(`${fn}: xs[${i}] is ${String(x)}; every x must be a finite number.`);
    }
    if (!Number.isFinite(y)) {
      throw new RangeError(
        `${fn}: ys[${i}] is ${String(y)}; every y must be a finite number (split the series at gaps).`,
      );
    }
    if (x < previous) {
      throw new RangeError(
        `${fn}: xs[${i}] = ${x} is smaller than xs[${i - 1}] = ${previous}; xs must be sorted ascending.`,
      );
    }
    previous = x;
  }
}

/** Checks that a requested output size is an integer at least `min`; names the field otherwise. */
export function assertCount(fn: string, field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${fn}: ${field} is ${String(value)}; it must be an integer >= ${min}.`);
  }
}
