import { type Accessor, collect, describeValue, type MaybeNumber, notANumber } from './values';

/**
 * Relative rank of each value within its group, PostgreSQL's window function
 * `percent_rank() OVER (ORDER BY x)`: `(rank − 1) / (n − 1)` where `rank` is 1 + the number of
 * values strictly smaller (ties share the lowest rank) and n the number of values that are not
 * missing. 0 for the smallest value, 1 for the largest; a group of one value gets 0, as in
 * PostgreSQL. The result has the input's length and order; a missing input gives `undefined`.
 * Ascending: "higher value, higher rank" — callers flip it for a lower-is-better metric.
 */
export function percentRanks(values: Iterable<MaybeNumber>): (number | undefined)[];
export function percentRanks<T>(values: Iterable<T>, valueof: Accessor<T>): (number | undefined)[];
export function percentRanks<T>(values: Iterable<T>, valueof?: Accessor<T>): (number | undefined)[] {
  const { below, n } = rankCounts('percentRanks', values, valueof);
  return below.map((k) => (k === undefined ? undefined : n === 1 ? 0 : k / (n - 1)));
}

/**
 * The integers behind `percentRanks`: for each value the number of values strictly smaller
 * (`undefined` for a missing one), and n, the number of values that are not missing. The percent
 * rank is `below / (n − 1)`; callers that round it use these integers to round exactly.
 */
export function rankCounts<T>(
  fn: string,
  values: Iterable<T>,
  valueof?: Accessor<T>,
): { below: (number | undefined)[]; n: number } {
  const raw: (number | undefined)[] = [];
  let i = -1;
  for (const d of values) {
    i++;
    const v = valueof === undefined ? (d as unknown) : valueof(d, i, values);
    if (typeof v === 'number') raw.push(!Number.isNaN(v) ? v : undefined);
    else if (v == null) raw.push(undefined);
    else notANumber(fn, i, v);
  }
  // Sorted copy of the kept values (numeric sort), then for each value the count of strictly
  // smaller ones by binary search: no comparator calls (the engine ranks 10,000-row peer groups).
  let n = 0;
  for (const v of raw) if (v !== undefined) n++;
  const sorted = new Float64Array(n);
  let k = 0;
  for (const v of raw) if (v !== undefined) sorted[k++] = v;
  sorted.sort();
  const below: (number | undefined)[] = new Array(raw.length).fill(undefined);
  for (let j = 0; j < raw.length; j++) {
    const v = raw[j];
    if (v !== undefined) below[j] = countBelow(sorted, v);
  }
  return { below, n };
}

/**
 * Number of values in `sorted` (ascending) strictly smaller than `v`. -0 and 0 are equal: a sort
 * puts -0 first, and neither is smaller than the other, so the predicate stays monotone.
 */
function countBelow(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where `value` would rank among `values`, PostgreSQL's hypothetical-set aggregate
 * `percent_rank(value) WITHIN GROUP (ORDER BY x)`: the share of the n values (missing
 * skipped) that are strictly smaller than `value`, `count(x < value) / n`, in [0, 1]. With no
 * values it is 0, as in PostgreSQL. Note: PostgreSQL's hypothetical-set aggregates keep NULL
 * rows (sorted last); the result here equals PostgreSQL's with `WHERE x IS NOT NULL`. Throws a `RangeError` when `value` is not a number.
 */
export function percentRank(values: Iterable<MaybeNumber>, value: number): number;
export function percentRank<T>(values: Iterable<T>, value: number, valueof: Accessor<T>): number;
export function percentRank<T>(values: Iterable<T>, value: number, valueof?: Accessor<T>): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new RangeError(`percentRank: value is ${describeValue(value)}; expected a number (not NaN)`);
  }
  const x = collect('percentRank', values, valueof);
  if (x.length === 0) return 0;
  let smaller = 0;
  for (let i = 0; i < x.length; i++) if (x[i]! < value) smaller++;
  return smaller / x.length;
}
