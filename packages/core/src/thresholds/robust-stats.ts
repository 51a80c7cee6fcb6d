import { medianAbsoluteDeviation } from '../stats';

/**
 * Robust scales for the anomaly scores over typed arrays. PRIVATE to thresholds/ (not exported from
 * the barrel). The median and the MAD are `median` and `medianAbsoluteDeviation` of `stats/`.
 *
 * Policy: inputs are finite numbers (the callers validate); an empty input returns NaN.
 */

/** Scale factor that makes the MAD a consistent estimator of the standard deviation for normal data. */
export const MAD_TO_SD = 1.4826;

/** Mean absolute deviation from `center`. */
export function meanAbsoluteDeviation(values: Float64Array | readonly number[], center: number): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.abs(values[i]! - center);
  return s / values.length;
}

/**
 * A robust standard deviation: 1.4826 * MAD; when the MAD is 0 (more than half the points equal),
 * 1.2533 * mean absolute deviation (the usual fallback of the modified z-score); 0 when all points are equal.
 */
export function robustScale(values: Float64Array | readonly number[], center: number): number {
  const mad = medianAbsoluteDeviation(values, center) ?? Number.NaN;
  if (mad > 0) return MAD_TO_SD * mad;
  return 1.253314 * meanAbsoluteDeviation(values, center);
}

/** Standard deviation of a standard normal truncated to [-3, 3]: sqrt(1 - 6 phi(3) / (2 Phi(3) - 1)). */
const TRUNCATED_SD_AT_3 = 0.9865783925581086;

/**
 * A robust and efficient standard deviation: start from `robustScale` (1.4826 * MAD), then one
 * reweighting step: the root mean square deviation from `center` of the points within 3 of those
 * scales, divided by 0.986578 (the sd of a normal truncated at ±3). Outliers beyond 3 scales are
 * ignored as with the MAD, while the estimate uses every other point (the MAD alone has 37%
 * efficiency at the normal, which makes small windows raise false alarms).
 */
export function reweightedScale(values: Float64Array | readonly number[], center: number): number {
  const s0 = robustScale(values, center);
  if (!(s0 > 0)) return s0;
  let sum = 0;
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - center;
    if (Math.abs(d) <= 3 * s0) {
      sum += d * d;
      m++;
    }
  }
  return m === 0 ? s0 : Math.sqrt(sum / m) / TRUNCATED_SD_AT_3;
}
