import { selectRanks } from './select';
import { type Accessor, collect, type MaybeNumber, notANumber } from './values';
import { deviationOf } from './variance';

/**
 * The snapshot statistics of one set of values (the `metric_snapshots` columns
 * `sample_count`, `min_value`, `max_value`, `avg_value`, `std_deviation`, `percentile_25/50/75/95`).
 * Every field except `count` is `undefined` when there are too few values (none; for
 * `deviation`, fewer than two).
 */
export interface Summary {
  /** Number of values that are not missing. */
  readonly count: number;
  /** Smallest value. */
  readonly min: number | undefined;
  /** Largest value. */
  readonly max: number | undefined;
  /** Arithmetic mean (compensated sum / count, as `mean`). */
  readonly mean: number | undefined;
  /** Sample standard deviation, n−1 denominator (as `deviation`). */
  readonly deviation: number | undefined;
  /** 25th percentile, type 7 (as `quantile(values, 0.25)` and PostgreSQL `percentile_cont`). */
  readonly p25: number | undefined;
  /** Median, type 7. */
  readonly p50: number | undefined;
  /** 75th percentile, type 7. */
  readonly p75: number | undefined;
  /** 95th percentile, type 7. */
  readonly p95: number | undefined;
}

/** The probabilities of `Summary`'s percentiles, in field order. */
export const SUMMARY_PERCENTILES = [0.25, 0.5, 0.75, 0.95] as const;

/** Buckets of the first counting pass; 4096 Int32 counters stay in the L1 cache. */
const BUCKETS = 4096;
/** Below this size a bucket is finished by Floyd–Rivest selection instead of being bucketed again. */
const SMALL = 8192;

/**
 * Exact values of `ranks` (ascending, unique) among `x` (no missing values), which is only
 * reordered when `owned` (a copy made here). A counting pass sorts values into buckets by `(v − min)·scale`, a monotone map,
 * so rank r lies in the bucket where the running count passes r; a second pass copies only
 * the buckets holding a wanted rank, which are then selected exactly (recursively when a
 * bucket is still large, e.g. for heavily skewed data). Exact for every input: an adverse
 * distribution only makes it slower, never approximate.
 */
function bucketSelect(
  x: Float64Array,
  ranks: readonly number[],
  lo: number,
  hi: number,
  depth: number,
  counts: Int32Array | undefined,
  scale: number,
  owned: boolean,
): number[] {
  const n = x.length;
  if (n <= SMALL || depth > 3 || !(hi > lo) || !(scale > 0) || !Number.isFinite(scale)) {
    if (!(hi > lo) && Number.isFinite(lo)) return ranks.map(() => lo);
    return selectRanks(owned ? x : x.slice(), ranks);
  }
  if (counts === undefined) {
    counts = new Int32Array(BUCKETS + 1);
    for (let i = 0; i < n; i++) counts[((x[i]! - lo) * scale) | 0]!++;
  }
  // Bucket of each rank, and the rank's position inside that bucket.
  const bucketOf: number[] = [];
  const inBucket: number[] = [];
  let cumulative = 0;
  let r = 0;
  for (let b = 0; b <= BUCKETS && r < ranks.length; b++) {
    const c = counts[b]!;
    while (r < ranks.length && ranks[r]! < cumulative + c) {
      bucketOf.push(b);
      inBucket.push(ranks[r]! - cumulative);
      r++;
    }
    cumulative += c;
  }
  const slot = new Int32Array(BUCKETS + 1).fill(-1);
  const wanted: number[] = [];
  for (const b of bucketOf) {
    if (slot[b] === -1) {
      slot[b] = wanted.length;
      wanted.push(b);
    }
  }
  const parts = wanted.map((b) => new Float64Array(counts[b]!));
  const fill = new Int32Array(wanted.length);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const s = slot[((v - lo) * scale) | 0]!;
    if (s >= 0) parts[s]![fill[s]!++] = v;
  }
  const out: number[] = [];
  wanted.forEach((b, s) => {
    const part = parts[s]!;
    const local: number[] = [];
    for (let k = 0; k < bucketOf.length; k++) if (bucketOf[k] === b) local.push(inBucket[k]!);
    let pmin = part[0]!;
    let pmax = pmin;
    for (let i = 1; i < part.length; i++) {
      const v = part[i]!;
      if (v < pmin) pmin = v;
      else if (v > pmax) pmax = v;
    }
    const got = bucketSelect(part, local, pmin, pmax, depth + 1, undefined, BUCKETS / (pmax - pmin), true);
    out.push(...got);
  });
  return out;
}

/**
 * The snapshot statistics in one call, all exact: count, min, max, mean (compensated), sample
 * standard deviation (corrected two-pass) and the type-7 percentiles 25, 50, 75, 95 (exact
 * selection, no sorting, no approximation). Same missing-data policy and definitions as
 * `count`, `min`, `max`, `mean`, `deviation` and `quantile`; the input is not modified.
 *
 * @example summarize([3, 1, null, 2]) // { count: 3, min: 1, max: 3, mean: 2, deviation: 1, p25: 1.5, p50: 2, ... }
 */
export function summarize(values: Iterable<MaybeNumber>): Summary;
export function summarize<T>(values: Iterable<T>, valueof: Accessor<T>): Summary;
export function summarize<T>(values: Iterable<T>, valueof?: Accessor<T>): Summary {
  let x: Float64Array;
  let owned = true;
  let n = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let s = 0;
  let c = 0;
  if (valueof === undefined && (Array.isArray(values) || values instanceof Float64Array)) {
    // Pass 1, fused with the copy: count, min, max and the Neumaier sum.
    const input = values as ArrayLike<unknown>;
    const length = input.length;
    const reuse = values instanceof Float64Array;
    x = reuse ? values : new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const v = input[i];
      if (typeof v !== 'number') {
        if (v != null) notANumber('summarize', i, v);
        continue;
      }
      if (Number.isNaN(v)) continue;
      if (!reuse) x[n] = v;
      n++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      const t = s + v;
      c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
      s = t;
    }
    if (reuse && n !== length) x = collect('summarize', values);
    else if (!reuse) x = x.subarray(0, n);
    else owned = false;
  } else {
    x = collect('summarize', values, valueof);
    n = x.length;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      const t = s + v;
      c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
      s = t;
    }
  }
  if (n === 0) {
    return {
      count: 0,
      min: undefined,
      max: undefined,
      mean: undefined,
      deviation: undefined,
      p25: undefined,
      p50: undefined,
      p75: undefined,
      p95: undefined,
    };
  }
  const mean = (Number.isFinite(s) ? s + c : s) / n;

  // Pass 2: deviations for the corrected two-pass variance, fused with the bucket counts.
  const scale = BUCKETS / (hi - lo);
  const bucketed = n > SMALL && hi > lo && scale > 0 && Number.isFinite(scale);
  const counts = bucketed ? new Int32Array(BUCKETS + 1) : undefined;
  let s1 = 0;
  let s2 = 0;
  if (counts !== undefined) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const d = v - mean;
      s1 += d;
      s2 += d * d;
      counts[((v - lo) * scale) | 0]!++;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const d = x[i]! - mean;
      s1 += d;
      s2 += d * d;
    }
  }
  const ss = s2 - (s1 * s1) / n;
  const spread = hi - lo;
  const deviation =
    n < 2
      ? undefined
      : spread > 1e-140 && spread < 1e140
        ? ss > 0
          ? Math.sqrt(ss / (n - 1))
          : Number.isNaN(ss)
            ? ss
            : 0
        : deviationOf(x, mean, spread);

  // Order statistics for the type-7 percentiles: ranks floor(h) and ceil(h), h = p·(n−1). They come
  // out ascending (h grows with p); duplicates are dropped.
  const hs = [0.25 * (n - 1), 0.5 * (n - 1), 0.75 * (n - 1), 0.95 * (n - 1)];
  const ranks: number[] = [];
  for (const h of hs) {
    for (const r of [Math.floor(h), Math.ceil(h)]) if (ranks[ranks.length - 1] !== r) ranks.push(r);
  }
  const selected = bucketSelect(x, ranks, lo, hi, 0, counts, scale, owned);
  const valueAt = (r: number) => selected[ranks.indexOf(r)]!;
  const [p25, p50, p75, p95] = hs.map((h) => {
    const f = Math.floor(h);
    const g = Math.ceil(h);
    const a = valueAt(f);
    return f === g ? a : a + (h - f) * (valueAt(g) - a);
  });
  return { count: n, min: lo, max: hi, mean, deviation, p25, p50, p75, p95 };
}
