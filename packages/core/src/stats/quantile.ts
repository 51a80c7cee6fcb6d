import { selectRanks } from './select';
import { type Accessor, checkProbability, collect, describeValue, type MaybeNumber } from './values';

/**
 * Position of the p-quantile in n sorted values, Hyndman–Fan type 7 (linear interpolation):
 * `h = p·(n−1)`, the result lies between ranks `floor(h)` and `ceil(h)`.
 */
function positions(p: number, n: number): { h: number; lo: number; hi: number } {
  const h = p * (n - 1);
  return { h, lo: Math.floor(h), hi: Math.ceil(h) };
}

/** PostgreSQL's interpolation, `lo + (h − floor(h))·(hi − lo)`, so results match it bit for bit. */
function interpolate(lo: number, hi: number, h: number, floorH: number, ceilH: number): number {
  return floorH === ceilH ? lo : lo + (h - floorH) * (hi - lo);
}

/**
 * Quantiles of a Float64Array without missing values (reordered in place), type 7.
 * Internal: the public functions validate `ps` first.
 */
export function quantilesOf(x: Float64Array, ps: readonly number[]): (number | undefined)[] {
  const n = x.length;
  if (n === 0) return ps.map(() => undefined);
  const ranks = new Set<number>();
  const pos = ps.map((p) => positions(p, n));
  for (const { lo, hi } of pos) {
    ranks.add(lo);
    ranks.add(hi);
  }
  const sortedRanks = [...ranks].sort((a, b) => a - b);
  const values = new Map<number, number>();
  if (sortedRanks.length > 16) {
    x.sort();
    for (const r of sortedRanks) values.set(r, x[r]!);
  } else {
    const selected = selectRanks(x, sortedRanks);
    sortedRanks.forEach((r, i) => {
      values.set(r, selected[i]!);
    });
  }
  return pos.map(({ h, lo, hi }) => interpolate(values.get(lo)!, values.get(hi)!, h, lo, hi));
}

/**
 * The p-quantile (0 ≤ p ≤ 1) by linear interpolation between order statistics, Hyndman–Fan
 * type 7: with the n values sorted, `h = p·(n−1)` and the result is
 * `x[⌊h⌋] + (h−⌊h⌋)·(x[⌈h⌉] − x[⌊h⌋])`. The same definition and arithmetic as PostgreSQL
 * `percentile_cont(p) WITHIN GROUP (ORDER BY x)`, R's default and Excel's `PERCENTILE.INC`.
 * Missing values are skipped; `undefined` when there is no value. Throws a `RangeError` for
 * p outside [0, 1].
 */
export function quantile(values: Iterable<MaybeNumber>, p: number): number | undefined;
export function quantile<T>(values: Iterable<T>, p: number, valueof: Accessor<T>): number | undefined;
export function quantile<T>(values: Iterable<T>, p: number, valueof?: Accessor<T>): number | undefined {
  checkProbability('quantile', 'p', p);
  return quantilesOf(collect('quantile', values, valueof), [p])[0];
}

/**
 * Several type-7 quantiles (see `quantile`) of the same values in one call, in the order of
 * `ps`; each is `undefined` when there is no value. One copy of the data, exact selection.
 */
export function quantiles(values: Iterable<MaybeNumber>, ps: readonly number[]): (number | undefined)[];
export function quantiles<T>(
  values: Iterable<T>,
  ps: readonly number[],
  valueof: Accessor<T>,
): (number | undefined)[];
export function quantiles<T>(
  values: Iterable<T>,
  ps: readonly number[],
  valueof?: Accessor<T>,
): (number | undefined)[] {
  if (!Array.isArray(ps)) {
    throw new TypeError(
      `quantiles: ps is ${describeValue(ps)}; expected an array of numbers between 0 and 1`,
    );
  }
  ps.forEach((p, i) => {
    checkProbability('quantiles', `ps[${i}]`, p);
  });
  return quantilesOf(collect('quantiles', values, valueof), ps);
}

/** The median: `quantile(values, 0.5)` (type 7, the mean of the two middle values for even n). */
export function median(values: Iterable<MaybeNumber>): number | undefined;
export function median<T>(values: Iterable<T>, valueof: Accessor<T>): number | undefined;
export function median<T>(values: Iterable<T>, valueof?: Accessor<T>): number | undefined {
  return quantilesOf(collect('median', values, valueof), [0.5])[0];
}

/**
 * Type-7 quantile (see `quantile`) of values already sorted ascending with no missing value,
 * without copying; `undefined` for an empty array. The caller guarantees the order.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | undefined {
  checkProbability('quantileSorted', 'p', p);
  const n = sorted.length;
  if (n === 0) return undefined;
  const { h, lo, hi } = positions(p, n);
  return interpolate(sorted[lo]!, sorted[hi]!, h, lo, hi);
}
