/**
 * Robust anomaly scores over recent history, in the spirit of Datadog's basic (rolling) and
 * agile/robust (seasonal) monitors: the expected value is a median, the spread a scaled MAD,
 * so that the anomalies themselves barely move either.
 */

import type { AnomalyMethod, DeviationSide } from '../schema/jsonb/threshold-configs';
import { median, quantileSorted } from '../stats';
import { reweightedScale } from './robust-stats';

/** Default robust z-score at or above which a point is anomalous. */
export const DEFAULT_ANOMALY_SENSITIVITY = 3.5;
/** Default number of preceding points of the rolling method. */
export const DEFAULT_ANOMALY_WINDOW = 60;
/** Default number of past seasons of the seasonal method. */
export const DEFAULT_ANOMALY_SEASONS = 20;

/** How to score a point against its history. */
export interface AnomalyOptions {
  readonly method: AnomalyMethod;
  /** rolling_mad: number of preceding points used (default 60). */
  readonly window?: number;
  /** seasonal_mad: points per season (required). */
  readonly seasonLength?: number;
  /** seasonal_mad: past seasons used (default 20). */
  readonly seasons?: number;
  /** Points of history required (default: half the window for rolling_mad, 3 seasons for seasonal_mad). */
  readonly minHistory?: number;
}

/** The score of one point, or why it could not be scored. */
export type AnomalyScore =
  | {
      readonly scored: true;
      /** Median of the reference points (same phase for the seasonal method). */
      readonly expected: number;
      /** Robust standard deviation of the reference (of the leave-one-out residuals for the seasonal method), see `reweightedScale`. */
      readonly scale: number;
      /** (value - expected) / scale; ±Infinity when the scale is 0 and the value differs, 0 when equal. */
      readonly score: number;
      /** Number of history points used. */
      readonly used: number;
    }
  | { readonly scored: false; readonly needed: number; readonly have: number };

function zscore(value: number, expected: number, scale: number): number {
  const d = value - expected;
  if (d === 0) return 0;
  return scale > 0 ? d / scale : d > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/**
 * Scores `value` against `history` (earlier values, oldest first, one per period, regularly spaced;
 * `value` is the period right after the last one).
 *
 * - `rolling_mad`: expected = median of the last `window` points; scale = their robust sd.
 * - `seasonal_mad`: over the last `seasons` * `seasonLength` points: expected = the median of the
 *   value's phase in those seasons; scale = the robust sd of the leave-one-out residuals (each point
 *   minus the median of the other seasons at its phase), so every point of the seasons contributes to
 *   the spread, not only the few of the same phase, and the spread includes the error of the median.
 *
 * The robust sd is 1.4826 * MAD refined by one reweighting step that keeps the points within 3 of
 * those sds (`reweightedScale`): as robust to the anomalies as the MAD, but using every ordinary
 * point, which halves the false alarms of small windows. When the MAD is 0 the mean absolute
 * deviation * 1.2533 stands in for it.
 */
export function scoreAnomaly(
  value: number,
  history: readonly number[],
  options: AnomalyOptions,
): AnomalyScore {
  const n = history.length;
  if (options.method === 'rolling_mad') {
    const window = options.window ?? DEFAULT_ANOMALY_WINDOW;
    const needed = options.minHistory ?? Math.ceil(window / 2);
    if (n < Math.max(needed, 3)) return { scored: false, needed: Math.max(needed, 3), have: n };
    const ref = history.slice(Math.max(0, n - window));
    const expected = median(ref) ?? Number.NaN;
    const scale = reweightedScale(ref, expected);
    return { scored: true, expected, scale, score: zscore(value, expected, scale), used: ref.length };
  }
  const L = options.seasonLength;
  if (L === undefined || !Number.isInteger(L) || L < 2) {
    throw new RangeError(`scoreAnomaly: seasonLength = ${L} is not allowed; expected an integer >= 2`);
  }
  const seasons = options.seasons ?? DEFAULT_ANOMALY_SEASONS;
  const needed = Math.max(options.minHistory ?? 3 * L, 2 * L);
  if (n < needed) return { scored: false, needed, have: n };
  const k = Math.min(seasons, Math.floor(n / L));
  const start = n - k * L;
  // Phase of index i is (i - start) mod L; the value (index n) has phase 0 because n - start = k * L.
  // Residuals are leave-one-out: each point minus the median of the OTHER seasons at its phase, so the
  // spread includes the error of estimating the expected value from k points (as the value's own does).
  const samePhase = new Float64Array(k);
  const residuals = new Float64Array(k * L);
  let expected = Number.NaN;
  for (let p = 0; p < L; p++) {
    for (let s = 0; s < k; s++) samePhase[s] = history[start + s * L + p]!;
    const sorted = samePhase.slice().sort();
    if (p === 0) expected = quantileSorted(sorted, 0.5) ?? Number.NaN;
    for (let s = 0; s < k; s++) {
      const x = samePhase[s]!;
      residuals[s * L + p] = x - medianWithout(sorted, sorted.indexOf(x));
    }
  }
  const scale = reweightedScale(residuals, median(residuals) ?? Number.NaN);
  return { scored: true, expected, scale, score: zscore(value, expected, scale), used: k * L };
}

/** Median of a sorted array without the element at index `skip`. */
function medianWithout(sorted: Float64Array, skip: number): number {
  const m = sorted.length - 1;
  const mid = m >> 1;
  const hi = sorted[mid < skip ? mid : mid + 1]!;
  if (m % 2 === 1) return hi;
  const lo = sorted[mid - 1 < skip ? mid - 1 : mid]!;
  return (lo + hi) / 2;
}

/** Whether a score counts as anomalous on the configured side. */
export function isAnomalous(score: number, sensitivity: number, side: DeviationSide): boolean {
  if (side === 'above') return score >= sensitivity;
  if (side === 'below') return score <= -sensitivity;
  return Math.abs(score) >= sensitivity;
}
