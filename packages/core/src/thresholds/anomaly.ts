/**
 * Robust anomaly scores over recent history, in the spirit of Datadog's basic (rolling) and
 * agile/robust (seasonal) monitors: the expected value is a median, the spread a scaled MAD,
 * so that the anomalies themselves barely move either.
 */
import type { AnomalyMethod, DeviationSide } from './config-schemas';
import { median, robustScale } from './robust-stats';

/** Default robust z-score at or above which a point is anomalous. */
export const DEFAULT_ANOMALY_SENSITIVITY = 3.5;
/** Default number of preceding points of the rolling method. */
export const DEFAULT_ANOMALY_WINDOW = 30;
/** Default number of past seasons of the seasonal method. */
export const DEFAULT_ANOMALY_SEASONS = 8;

/** How to score a point against its history. */
export interface AnomalyOptions {
  readonly method: AnomalyMethod;
  /** rolling_mad: number of preceding points used (default 30). */
  readonly window?: number;
  /** seasonal_mad: points per season (required). */
  readonly seasonLength?: number;
  /** seasonal_mad: past seasons used (default 8). */
  readonly seasons?: number;
  /** Points of history required (default: window for rolling_mad, 3 seasons for seasonal_mad). */
  readonly minHistory?: number;
}

/** The score of one point, or why it could not be scored. */
export type AnomalyScore =
  | {
      readonly scored: true;
      /** Median of the reference points (same phase for the seasonal method). */
      readonly expected: number;
      /** Robust standard deviation: 1.4826 * MAD of the reference (of the deseasonalised residuals for the seasonal method). */
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
 * - `rolling_mad`: expected = median of the last `window` points; scale = 1.4826 * MAD of them.
 * - `seasonal_mad`: over the last `seasons` * `seasonLength` points, a per-phase median profile;
 *   expected = the profile at the value's phase (the median of the same phase in past seasons);
 *   scale = 1.4826 * MAD of the residuals (point - profile at its phase), so every point of the
 *   seasons contributes to the spread, not only the few of the same phase.
 *
 * When the MAD is 0 the mean absolute deviation * 1.2533 is used instead (see `robustScale`).
 */
export function scoreAnomaly(
  value: number,
  history: readonly number[],
  options: AnomalyOptions,
): AnomalyScore {
  const n = history.length;
  if (options.method === 'rolling_mad') {
    const window = options.window ?? DEFAULT_ANOMALY_WINDOW;
    const needed = options.minHistory ?? window;
    if (n < Math.max(needed, 3)) return { scored: false, needed: Math.max(needed, 3), have: n };
    const ref = history.slice(Math.max(0, n - window));
    const expected = median(ref);
    const scale = robustScale(ref, expected);
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
  const profile = new Float64Array(L);
  const samePhase = new Float64Array(k);
  for (let p = 0; p < L; p++) {
    for (let s = 0; s < k; s++) samePhase[s] = history[start + s * L + p]!;
    profile[p] = median(samePhase);
  }
  const residuals = new Float64Array(k * L);
  for (let i = 0; i < k * L; i++) residuals[i] = history[start + i]! - profile[i % L]!;
  const expected = profile[0]!;
  const scale = robustScale(residuals, median(residuals));
  return { scored: true, expected, scale, score: zscore(value, expected, scale), used: k * L };
}

/** Whether a score counts as anomalous on the configured side. */
export function isAnomalous(score: number, sensitivity: number, side: DeviationSide): boolean {
  if (side === 'above') return score >= sensitivity;
  if (side === 'below') return score <= -sensitivity;
  return Math.abs(score) >= sensitivity;
}
