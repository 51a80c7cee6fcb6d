import type { NumericSeries } from './validate-series';

/**
 * Smallest and largest finite value of `values` (NaN, ±Infinity, null and undefined are
 * skipped, like d3-array's `extent`); `undefined` when there is none.
 * @example seriesExtent([3, NaN, 1, 7]) // [1, 7]
 */
export function seriesExtent(
  values: NumericSeries | readonly (number | null | undefined)[],
): [number, number] | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Number.POSITIVE_INFINITY ? undefined : [min, max];
}

/** One part of a whole, as returned by {@link partsOfWhole}. */
export interface PartOfWhole<T> {
  /** The original item (or `null` for the merged "other" part). */
  readonly item: T | null;
  readonly value: number;
  /** Share of the total in percent points (0–100). */
  readonly sharePercent: number;
}

/**
 * Shares of a whole for a pie or donut: negative and non-finite values are refused (a share of a
 * whole cannot be negative), parts are kept in input order, and when there are more than
 * `maxParts` the smallest are merged into one last part with `item: null`.
 * Throws a RangeError naming the index and the value of a bad part.
 */
export function partsOfWhole<T>(
  items: readonly T[],
  valueOfItem: (item: T) => number,
  maxParts = Number.POSITIVE_INFINITY,
): PartOfWhole<T>[] {
  const values = items.map((item, i) => {
    const v = valueOfItem(item);
    if (!Number.isFinite(v) || v < 0) {
      throw new RangeError(
        `partsOfWhole: value of part ${i} is ${String(v)}; parts must be finite and >= 0.`,
      );
    }
    return v;
  });
  const total = values.reduce((a, b) => a + b, 0);
  const share = (v: number) => (total === 0 ? 0 : (v / total) * 100);
  if (items.length <= maxParts) {
    return items.map((item, i) => ({ item, value: values[i]!, sharePercent: share(values[i]!) }));
  }
  const keep = Math.max(1, maxParts - 1);
  const ranked = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const kept = new Set(ranked.slice(0, keep).map(([, i]) => i));
  const parts: PartOfWhole<T>[] = [];
  let other = 0;
  items.forEach((item, i) => {
    if (kept.has(i)) parts.push({ item, value: values[i]!, sharePercent: share(values[i]!) });
    else other += values[i]!;
  });
  parts.push({ item: null, value: other, sharePercent: share(other) });
  return parts;
}
