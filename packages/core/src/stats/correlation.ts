import { centredSums } from './linear-regression';
import { type Accessor, collectPairs } from './values';
import { meanOf } from './variance';

function pearsonOf(xs: Float64Array, ys: Float64Array): number | undefined {
  const n = xs.length;
  if (n < 2) return undefined;
  const { sxx, syy, sxy } = centredSums(xs, ys, meanOf(xs), meanOf(ys));
  if (!(sxx > 0 && syy > 0)) return undefined;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Ranks 1..n of the values, ties sharing the average of the ranks they span ("fractional"
 * ranking, as used by Spearman's coefficient): `[10, 20, 20, 30]` → `[1, 2.5, 2.5, 4]`.
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => values[a]! - values[b]! || 0);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Pearson product-moment correlation `Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²)`, in [−1, 1] (the
 * same definition as PostgreSQL `corr(y, x)`). `[x, y]` pairs or accessors; pairs with a
 * missing side are skipped. `undefined` for fewer than two pairs or when x or y is constant.
 */
export function pearson(
  points: Iterable<readonly [number | null | undefined, number | null | undefined]>,
): number | undefined;
export function pearson<T>(data: Iterable<T>, x: Accessor<T>, y: Accessor<T>): number | undefined;
export function pearson<T>(data: Iterable<T>, x?: Accessor<T>, y?: Accessor<T>): number | undefined {
  const { xs, ys } = collectPairs('pearson', data, x, y);
  return pearsonOf(xs, ys);
}

/**
 * Spearman rank correlation: the Pearson correlation of the average ranks of x and of y (ties
 * get the mean of their ranks, see `averageRanks`), in [−1, 1]; robust to outliers and to any
 * monotone rescaling. Same inputs, policy and `undefined` cases as `pearson`.
 */
export function spearman(
  points: Iterable<readonly [number | null | undefined, number | null | undefined]>,
): number | undefined;
export function spearman<T>(data: Iterable<T>, x: Accessor<T>, y: Accessor<T>): number | undefined;
export function spearman<T>(data: Iterable<T>, x?: Accessor<T>, y?: Accessor<T>): number | undefined {
  const { xs, ys } = collectPairs('spearman', data, x, y);
  return pearsonOf(averageRanks(xs), averageRanks(ys));
}
