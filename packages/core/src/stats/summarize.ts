import { selectRanks } from './select';
import { NeumaierSum } from './sum';
import { type Accessor, collect, type MaybeNumber, notANumber } from './values';
import { deviationOf, sumOfSquaredDeviations } from './variance';

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

/** Buckets of a counting pass; 4096 Int32 counters (twice, see `LANES`) stay in the L1/L2 cache. */
const BUCKETS = 4096;
/**
 * Interleaved copies of the bucket counters (value i counts in copy i mod 2). Consecutive values
 * in the same bucket then increment different memory cells, so the increments do not wait for
 * each other (skewed data puts most values in a few buckets).
 */
const LANES = 2;
/** Below this size values are selected by Floyd–Rivest directly instead of being bucketed. */
const SMALL = 8192;
/** Values read (evenly spaced) to set the range of the first pass's buckets before it starts. */
const RANGE_SAMPLE = 1024;

/**
 * Where the passes leave their results (a Float64Array, not a returned object: an object literal
 * built after a long loop made V8 discard the loop's optimised code on every call, measured).
 * First pass: count, smallest, largest, plain running sum, and the accumulated rounding errors of
 * that sum (2Sum; the same error terms as `NeumaierSum`). Second pass: Σ(x − mean), and
 * Σ(x − mean)² summed with the same 2Sum compensation (see `sumOfSquaredDeviations`).
 */
const N = 0;
const LO = 1;
const HI = 2;
const SUM = 3;
const ERROR = 4;
const S1 = 0;
const S2 = 1;
/** +Infinity as a module constant: the hot loops read it without a property lookup on `Number`. */
const INFINITY = Number.POSITIVE_INFINITY;

/**
 * Bucket of `v` under the monotone map `(v − base)·scale`, clamped to 0..BUCKETS (values outside
 * the sampled range, including ±Infinity, land in the end buckets). Monotone, so a bucket holds a
 * contiguous run of the sorted values.
 */
function bucketOf(v: number, base: number, scale: number): number {
  const b = (v - base) * scale;
  return b < 0 ? 0 : b > BUCKETS ? BUCKETS : b | 0;
}

// The passes exist twice, for arrays and for Float64Arrays: a loop that sees both kinds of input
// is compiled for both and runs at about half speed (measured), so each kind gets its own. Each
// loop takes two values per step while both are present numbers (about twice as fast as one per
// step, measured), in the same order as one at a time, so sums and copies are identical; it
// takes a pair holding a missing or invalid value one value at a time.

/** First pass over an array: applies the missing-data policy, counts into `counts` (LANES-interleaved). */
function firstPassArray(
  values: readonly unknown[],
  counts: Int32Array,
  base: number,
  scale: number,
  out: Float64Array,
): void {
  const length = values.length;
  let n = 0;
  let lo = INFINITY;
  let hi = -INFINITY;
  let s = 0;
  let e = 0;
  let i = 0;
  while (i < length) {
    for (; i + 1 < length; i += 2) {
      const v = values[i];
      const w = values[i + 1];
      if (typeof v !== 'number' || typeof w !== 'number' || Number.isNaN(v) || Number.isNaN(w)) break;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (w < lo) lo = w;
      if (w > hi) hi = w;
      let t = s + v;
      let bv = t - s;
      e += s - (t - bv) + (v - bv);
      s = t;
      t = s + w;
      bv = t - s;
      e += s - (t - bv) + (w - bv);
      s = t;
      counts[bucketOf(v, base, scale) << 1]!++;
      counts[(bucketOf(w, base, scale) << 1) | 1]!++;
      n += 2;
    }
    // The pair with a missing or invalid value, one value at a time; then pairs again.
    const stop = Math.min(i + 2, length);
    for (; i < stop; i++) {
      const v = values[i];
      if (typeof v !== 'number') {
        if (v != null) notANumber('summarize', i, v);
        continue;
      }
      if (Number.isNaN(v)) continue; // NaN: missing
      n++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      const t = s + v;
      const bv = t - s;
      e += s - (t - bv) + (v - bv);
      s = t;
      counts[(bucketOf(v, base, scale) << 1) | (i & 1)]!++;
    }
  }
  out[N] = n;
  out[LO] = lo;
  out[HI] = hi;
  out[SUM] = s;
  out[ERROR] = e;
}

/** First pass over a Float64Array (see `firstPassArray`). */
function firstPassTyped(
  values: Float64Array,
  counts: Int32Array,
  base: number,
  scale: number,
  out: Float64Array,
): void {
  const length = values.length;
  let n = 0;
  let lo = INFINITY;
  let hi = -INFINITY;
  let s = 0;
  let e = 0;
  let i = 0;
  while (i < length) {
    for (; i + 1 < length; i += 2) {
      const v = values[i]!;
      const w = values[i + 1]!;
      if (Number.isNaN(v) || Number.isNaN(w)) break;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (w < lo) lo = w;
      if (w > hi) hi = w;
      let t = s + v;
      let bv = t - s;
      e += s - (t - bv) + (v - bv);
      s = t;
      t = s + w;
      bv = t - s;
      e += s - (t - bv) + (w - bv);
      s = t;
      counts[bucketOf(v, base, scale) << 1]!++;
      counts[(bucketOf(w, base, scale) << 1) | 1]!++;
      n += 2;
    }
    // The pair with a missing or invalid value, one value at a time; then pairs again.
    const stop = Math.min(i + 2, length);
    for (; i < stop; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue; // NaN: missing
      n++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      const t = s + v;
      const bv = t - s;
      e += s - (t - bv) + (v - bv);
      s = t;
      counts[(bucketOf(v, base, scale) << 1) | (i & 1)]!++;
    }
  }
  out[N] = n;
  out[LO] = lo;
  out[HI] = hi;
  out[SUM] = s;
  out[ERROR] = e;
}

/**
 * Second pass over an array: the deviation sums, and every value whose bucket has a slot
 * (`slot[b] ≥ 0`) copied into `parts[slot[b]]`.
 */
function secondPassArray(
  values: readonly unknown[],
  mean: number,
  base: number,
  scale: number,
  slot: Int32Array,
  parts: Float64Array[],
  fill: Int32Array,
  out: Float64Array,
): void {
  const length = values.length;
  let s1 = 0;
  let s2 = 0;
  let e2 = 0;
  let i = 0;
  while (i < length) {
    for (; i + 1 < length; i += 2) {
      const v = values[i];
      const w = values[i + 1];
      if (typeof v !== 'number' || typeof w !== 'number' || Number.isNaN(v) || Number.isNaN(w)) break;
      let d = v - mean;
      s1 += d;
      let q = d * d;
      let t = s2 + q;
      let bv = t - s2;
      e2 += s2 - (t - bv) + (q - bv);
      s2 = t;
      d = w - mean;
      s1 += d;
      q = d * d;
      t = s2 + q;
      bv = t - s2;
      e2 += s2 - (t - bv) + (q - bv);
      s2 = t;
      const k = slot[bucketOf(v, base, scale)]!;
      if (k >= 0) parts[k]![fill[k]!++] = v;
      const l = slot[bucketOf(w, base, scale)]!;
      if (l >= 0) parts[l]![fill[l]!++] = w;
    }
    // The pair with a missing value, one value at a time; then pairs again.
    const stop = Math.min(i + 2, length);
    for (; i < stop; i++) {
      const v = values[i];
      if (typeof v !== 'number' || Number.isNaN(v)) continue;
      const d = v - mean;
      s1 += d;
      const q = d * d;
      const t = s2 + q;
      const bv = t - s2;
      e2 += s2 - (t - bv) + (q - bv);
      s2 = t;
      const k = slot[bucketOf(v, base, scale)]!;
      if (k >= 0) parts[k]![fill[k]!++] = v;
    }
  }
  out[S1] = s1;
  out[S2] = Number.isFinite(s2) ? s2 + e2 : s2;
}

/** Second pass over a Float64Array (see `secondPassArray`). */
function secondPassTyped(
  values: Float64Array,
  mean: number,
  base: number,
  scale: number,
  slot: Int32Array,
  parts: Float64Array[],
  fill: Int32Array,
  out: Float64Array,
): void {
  const length = values.length;
  let s1 = 0;
  let s2 = 0;
  let e2 = 0;
  let i = 0;
  while (i < length) {
    for (; i + 1 < length; i += 2) {
      const v = values[i]!;
      const w = values[i + 1]!;
      if (Number.isNaN(v) || Number.isNaN(w)) break;
      let d = v - mean;
      s1 += d;
      let q = d * d;
      let t = s2 + q;
      let bv = t - s2;
      e2 += s2 - (t - bv) + (q - bv);
      s2 = t;
      d = w - mean;
      s1 += d;
      q = d * d;
      t = s2 + q;
      bv = t - s2;
      e2 += s2 - (t - bv) + (q - bv);
      s2 = t;
      const k = slot[bucketOf(v, base, scale)]!;
      if (k >= 0) parts[k]![fill[k]!++] = v;
      const l = slot[bucketOf(w, base, scale)]!;
      if (l >= 0) parts[l]![fill[l]!++] = w;
    }
    // The pair with a missing value, one value at a time; then pairs again.
    const stop = Math.min(i + 2, length);
    for (; i < stop; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      const d = v - mean;
      s1 += d;
      const q = d * d;
      const t = s2 + q;
      const bv = t - s2;
      e2 += s2 - (t - bv) + (q - bv);
      s2 = t;
      const k = slot[bucketOf(v, base, scale)]!;
      if (k >= 0) parts[k]![fill[k]!++] = v;
    }
  }
  out[S1] = s1;
  out[S2] = Number.isFinite(s2) ? s2 + e2 : s2;
}

/** Where each wanted rank lies: its bucket, its rank inside the bucket, and the buckets to copy. */
interface RankPlan {
  /** Bucket of each rank. */
  bucketOfRank: number[];
  /** Rank inside its bucket. */
  inBucket: number[];
  /** Distinct buckets holding a rank, ascending. */
  wanted: number[];
  /** Index into `wanted` per bucket, −1 for a bucket not copied. */
  slot: Int32Array;
}

/** Locates `ranks` (ascending) in the bucket counts: rank r lies where the running count passes r. */
function planRanks(counts: Int32Array, ranks: readonly number[]): RankPlan {
  const bucketOfRank: number[] = [];
  const inBucket: number[] = [];
  let cumulative = 0;
  let r = 0;
  for (let b = 0; b <= BUCKETS && r < ranks.length; b++) {
    const c = counts[b]!;
    while (r < ranks.length && ranks[r]! < cumulative + c) {
      bucketOfRank.push(b);
      inBucket.push(ranks[r]! - cumulative);
      r++;
    }
    cumulative += c;
  }
  const slot = new Int32Array(BUCKETS + 1).fill(-1);
  const wanted: number[] = [];
  for (const b of bucketOfRank) {
    if (slot[b] === -1) {
      slot[b] = wanted.length;
      wanted.push(b);
    }
  }
  return { bucketOfRank, inBucket, wanted, slot };
}

/** Selects the planned ranks inside the copied buckets (`parts`, in `plan.wanted` order). */
function selectInParts(plan: RankPlan, parts: Float64Array[], depth: number): number[] {
  const out: number[] = [];
  plan.wanted.forEach((b, s) => {
    const part = parts[s]!;
    const local: number[] = [];
    for (let k = 0; k < plan.bucketOfRank.length; k++)
      if (plan.bucketOfRank[k] === b) local.push(plan.inBucket[k]!);
    let pmin = part[0]!;
    let pmax = pmin;
    for (let i = 1; i < part.length; i++) {
      const v = part[i]!;
      if (v < pmin) pmin = v;
      else if (v > pmax) pmax = v;
    }
    out.push(...bucketSelect(part, local, pmin, pmax, depth + 1));
  });
  return out;
}

/**
 * Exact values of `ranks` (ascending, unique) among `x` (no missing values, owned: it is
 * reordered). A counting pass sorts values into buckets by `(v − lo)·scale`, a monotone map, so
 * rank r lies in the bucket where the running count passes r; a second pass copies only the
 * buckets holding a wanted rank, which are then selected exactly (recursively when a bucket is
 * still large, e.g. for heavily skewed data). Exact for every input: an adverse distribution
 * only makes it slower, never approximate.
 */
function bucketSelect(
  x: Float64Array,
  ranks: readonly number[],
  lo: number,
  hi: number,
  depth: number,
): number[] {
  const n = x.length;
  const scale = BUCKETS / (hi - lo);
  if (n <= SMALL || depth > 3 || !(hi > lo) || !(scale > 0) || !Number.isFinite(scale)) {
    if (!(hi > lo) && Number.isFinite(lo)) return ranks.map(() => lo);
    return selectRanks(x, ranks);
  }
  const counts = new Int32Array(BUCKETS + 1);
  for (let i = 0; i < n; i++) counts[bucketOf(x[i]!, lo, scale)]!++;
  const plan = planRanks(counts, ranks);
  const parts = plan.wanted.map((b) => new Float64Array(counts[b]!));
  const fill = new Int32Array(parts.length);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const s = plan.slot[bucketOf(v, lo, scale)]!;
    if (s >= 0) parts[s]![fill[s]!++] = v;
  }
  return selectInParts(plan, parts, depth);
}

/** Ranks floor(h) and ceil(h), h = p·(n−1), of the summary's percentiles: ascending, no duplicates. */
function percentileRanks(n: number): number[] {
  const ranks: number[] = [];
  for (const p of SUMMARY_PERCENTILES) {
    const h = p * (n - 1);
    for (const r of [Math.floor(h), Math.ceil(h)]) if (ranks[ranks.length - 1] !== r) ranks.push(r);
  }
  return ranks;
}

/**
 * Sample standard deviation from the corrected two-pass sums; when the spread `hi − lo` is extreme
 * (see `deviationOf`: squares would underflow or overflow) it is recomputed from the values,
 * which `materialize` supplies.
 */
function deviationFrom(
  n: number,
  s1: number,
  s2: number,
  mean: number,
  lo: number,
  hi: number,
  materialize: () => Float64Array,
): number | undefined {
  if (n < 2) return undefined;
  const spread = hi - lo;
  if (Number.isFinite(lo) && Number.isFinite(hi) && spread > 0 && !(spread > 1e-140 && spread < 1e140)) {
    return deviationOf(materialize(), mean, spread);
  }
  const ss = s2 - (s1 * s1) / n;
  return ss > 0 ? Math.sqrt(ss / (n - 1)) : Number.isNaN(ss) ? ss : 0;
}

/**
 * The mean from the first pass's sum and error; when that sum overflowed on finite values it is
 * recomputed with `NeumaierSum`, which rescales instead of overflowing.
 */
function meanFrom(
  n: number,
  s: number,
  e: number,
  lo: number,
  hi: number,
  materialize: () => Float64Array,
): number {
  if (Number.isFinite(s)) return (s + e) / n;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return s / n;
  const acc = new NeumaierSum();
  const x = materialize();
  for (let i = 0; i < x.length; i++) acc.add(x[i]!);
  return acc.mean(x.length);
}

/** The summary from its parts; type-7 interpolation `a + (h − ⌊h⌋)·(b − a)`, as PostgreSQL. */
function assemble(
  n: number,
  lo: number,
  hi: number,
  mean: number,
  deviation: number | undefined,
  ranks: readonly number[],
  selected: readonly number[],
): Summary {
  const valueAt = (r: number) => selected[ranks.indexOf(r)]!;
  const [p25, p50, p75, p95] = SUMMARY_PERCENTILES.map((p) => {
    const h = p * (n - 1);
    const f = Math.floor(h);
    const g = Math.ceil(h);
    const a = valueAt(f);
    return f === g ? a : a + (h - f) * (valueAt(g) - a);
  });
  return { count: n, min: lo, max: hi, mean, deviation, p25, p50, p75, p95 };
}

const EMPTY: Summary = {
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

/**
 * Smallest and largest of about RANGE_SAMPLE evenly spaced values of `values` (missing and invalid
 * ones skipped; the first pass reports those). Only sets the first pass's bucket range: values
 * outside it are still counted, in the end buckets.
 */
function sampledRange(values: ArrayLike<unknown>): { base: number; scale: number } {
  let lo = INFINITY;
  let hi = -INFINITY;
  const step = values.length / RANGE_SAMPLE;
  for (let k = 0; k < RANGE_SAMPLE; k++) {
    const v = values[Math.floor(k * step)];
    if (typeof v !== 'number' || Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { base: lo, scale: BUCKETS / (hi - lo) };
}

/**
 * Large array or Float64Array input, read in place (no copy): pass 1 counts, finds min and max,
 * sums (compensated) and counts values into buckets over the sampled range; pass 2 sums the
 * deviations from the mean and copies only the buckets holding a percentile's order statistics,
 * which are then selected exactly. `undefined` when the sampled range cannot make buckets (all
 * sampled values equal, or infinite): the caller then takes the general path.
 */
function summarizeInPlace(values: readonly unknown[] | Float64Array): Summary | undefined {
  const { base, scale } = sampledRange(values);
  if (!(scale > 0) || !Number.isFinite(scale) || !Number.isFinite(base)) return undefined;
  const typed = values instanceof Float64Array;
  const lanes = new Int32Array((BUCKETS + 1) * LANES);
  const out = new Float64Array(5);
  if (typed) firstPassTyped(values, lanes, base, scale, out);
  else firstPassArray(values, lanes, base, scale, out);
  const n = out[N]!;
  const lo = out[LO]!;
  const hi = out[HI]!;
  if (n === 0) return EMPTY;
  const counts = new Int32Array(BUCKETS + 1);
  for (let b = 0; b <= BUCKETS; b++) counts[b] = lanes[b << 1]! + lanes[(b << 1) | 1]!;
  const mean = meanFrom(n, out[SUM]!, out[ERROR]!, lo, hi, () => collect('summarize', values));
  const ranks = percentileRanks(n);
  const plan = planRanks(counts, ranks);
  const parts = plan.wanted.map((b) => new Float64Array(counts[b]!));
  const fill = new Int32Array(parts.length);
  if (typed) secondPassTyped(values, mean, base, scale, plan.slot, parts, fill, out);
  else secondPassArray(values, mean, base, scale, plan.slot, parts, fill, out);
  const deviation = deviationFrom(n, out[S1]!, out[S2]!, mean, lo, hi, () => collect('summarize', values));
  return assemble(n, lo, hi, mean, deviation, ranks, selectInParts(plan, parts, 0));
}

/**
 * Any input, as a copy of its own (`owned`, reordered here): NaN (missing) is dropped by moving
 * the kept values to the front, then the same steps as in place: min, max, compensated sum,
 * deviations, exact selection of the percentile ranks.
 */
function summarizeOwned(owned: Float64Array): Summary {
  let n = 0;
  let lo = INFINITY;
  let hi = -INFINITY;
  let s = 0;
  let e = 0;
  for (let i = 0; i < owned.length; i++) {
    const v = owned[i]!;
    if (Number.isNaN(v)) continue;
    owned[n++] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    const t = s + v;
    const bv = t - s;
    e += s - (t - bv) + (v - bv);
    s = t;
  }
  if (n === 0) return EMPTY;
  const x = owned.subarray(0, n);
  const mean = meanFrom(n, s, e, lo, hi, () => x);
  const deviation =
    n < 2 ? undefined : deviationFrom(n, 0, sumOfSquaredDeviations(x, mean), mean, lo, hi, () => x);
  const ranks = percentileRanks(n);
  return assemble(n, lo, hi, mean, deviation, ranks, bucketSelect(x, ranks, lo, hi, 0));
}

/**
 * The snapshot statistics in one call, all exact: count, min, max, mean (compensated), sample
 * standard deviation (corrected two-pass) and the type-7 percentiles 25, 50, 75, 95 (exact
 * selection, no sorting, no approximation). Same missing-data policy and definitions as
 * `count`, `min`, `max`, `mean`, `deviation` and `quantile`; the input is not modified.
 *
 * A large array or Float64Array is read twice in place, without a copy: the first pass counts
 * values into 4096 buckets (range from a sample), the second sums deviations and copies only the
 * buckets holding the wanted order statistics, which are selected exactly. Other input is copied
 * once (the policy applied) and handled the same way.
 *
 * @example summarize([3, 1, null, 2]) // { count: 3, min: 1, max: 3, mean: 2, deviation: 1, p25: 1.5, p50: 2, ... }
 */
export function summarize(values: Iterable<MaybeNumber>): Summary;
export function summarize<T>(values: Iterable<T>, valueof: Accessor<T>): Summary;
export function summarize<T>(values: Iterable<T>, valueof?: Accessor<T>): Summary {
  if (valueof === undefined && (Array.isArray(values) || values instanceof Float64Array)) {
    const input = values as readonly unknown[] | Float64Array;
    if (input.length > SMALL) {
      const inPlace = summarizeInPlace(input);
      if (inPlace !== undefined) return inPlace;
    }
  }
  // A Float64Array is copied as a block (NaN dropped in the first pass); anything else through the policy.
  return summarizeOwned(
    valueof === undefined && values instanceof Float64Array
      ? values.slice()
      : collect('summarize', values, valueof),
  );
}
