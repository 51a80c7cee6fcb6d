import { quantilesOf } from './quantile';
import { type Accessor, collect, describeValue, type MaybeNumber } from './values';

/**
 * Median absolute deviation, raw (not scaled by 1.4826): the median (type 7) of `|x − center|`,
 * with `center` the median of the values unless given — the same as PostgreSQL
 * `percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(x − center))`. Multiply by 1.4826 for a
 * consistent estimate of the standard deviation of normal data. Missing values are skipped;
 * `undefined` when there is no value. Throws a `RangeError` when `center` is not a finite number.
 */
export function medianAbsoluteDeviation(values: Iterable<MaybeNumber>, center?: number): number | undefined;
export function medianAbsoluteDeviation<T>(
  values: Iterable<T>,
  center: number | undefined,
  valueof: Accessor<T>,
): number | undefined;
export function medianAbsoluteDeviation<T>(
  values: Iterable<T>,
  center?: number,
  valueof?: Accessor<T>,
): number | undefined {
  if (center !== undefined && !(typeof center === 'number' && Number.isFinite(center))) {
    throw new RangeError(
      `medianAbsoluteDeviation: center is ${describeValue(center)}; expected a finite number or undefined (the median)`,
    );
  }
  const x = collect('medianAbsoluteDeviation', values, valueof);
  if (x.length === 0) return undefined;
  const c = center ?? (quantilesOf(x, [0.5])[0] as number);
  for (let i = 0; i < x.length; i++) x[i] = Math.abs(x[i]! - c);
  return quantilesOf(x, [0.5])[0];
}
